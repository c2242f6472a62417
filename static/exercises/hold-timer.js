/* A countdown for exercises that are held. Without this script the page still says how long
   to hold; with it, each hold gets a start button and a count that screen readers announce. */
(function () {
  "use strict";
  document.querySelectorAll("[data-hold-seconds]").forEach(function (box) {
    var seconds = parseInt(box.getAttribute("data-hold-seconds"), 10);
    if (!(seconds > 0)) {
      return;
    }
    var count = box.querySelector(".hold-timer__count");
    var live = box.querySelector(".hold-timer__live");
    var button = document.createElement("button");
    var timer = null;
    button.type = "button";
    button.className = "btn btn-outline-primary btn-lg hold-timer__button";
    button.textContent = box.getAttribute("data-start-label");

    function show(text, announce) {
      count.textContent = text;
      if (announce) {
        live.textContent = text;
      }
    }

    function stop(message) {
      window.clearInterval(timer);
      timer = null;
      button.textContent = box.getAttribute("data-start-label");
      show(message || "", true);
    }

    button.addEventListener("click", function () {
      if (timer !== null) {
        stop("");
        return;
      }
      var left = seconds;
      show(left + " " + box.getAttribute("data-left-label"), true);
      button.textContent = box.getAttribute("data-stop-label");
      timer = window.setInterval(function () {
        left -= 1;
        if (left <= 0) {
          stop(box.getAttribute("data-done-label"));
        } else {
          // Shown every second; announced every 5 and for the last 3, not a chatter.
          show(left + " " + box.getAttribute("data-left-label"), left % 5 === 0 || left <= 3);
        }
      }, 1000);
    });
    box.insertBefore(button, count);
  });
})();
