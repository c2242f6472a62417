-- One benchmark target for wrk: a GET or a replayable POST, then a JSON summary.
--
-- Arguments after "--": METHOD BODY HEADER...
--   BODY is sent as is ("" for none); each HEADER is "Name: value".
--   Several "Cookie:" headers make one request each, sent in turn (one session per
--   connection would be more realistic, but wrk's request() has no connection handle).

local requests_cycle = {}
local next_index = 1

function init(args)
  local method = args[1] or "GET"
  local body = args[2]
  if body == "" then body = nil end
  local headers = {}
  local cookies = {}
  for i = 3, #args do
    local name, value = string.match(args[i], "^([^:]+):%s*(.*)$")
    if name then
      if string.lower(name) == "cookie" then
        table.insert(cookies, value)
      else
        headers[name] = value
      end
    end
  end
  if body then
    headers["Content-Type"] = headers["Content-Type"] or "application/x-www-form-urlencoded"
  end
  if #cookies == 0 then cookies = { false } end
  for _, cookie in ipairs(cookies) do
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    if cookie then h["Cookie"] = cookie end
    table.insert(requests_cycle, wrk.format(method, nil, h, body))
  end
end

function request()
  local r = requests_cycle[next_index]
  next_index = next_index % #requests_cycle + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, ' ..
    '"p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
