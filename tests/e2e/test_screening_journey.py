"""Journey (a): a patient completes the screening and asks for an appointment from the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.pages import PageChecker, field, log_in
from tests.factories import clinician, front_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def next_step(checker: PageChecker, page: Page, step: str, *, button: str = "Next") -> None:
    with checker.navigation(page, step):
        page.get_by_role("button", name=button).click()


def start_the_check(checker: PageChecker, page: Page) -> None:
    checker.visit(page, "/", "home")
    with checker.navigation(page, "step-start"):
        page.get_by_role("link", name="Start the check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How it started")


def request_an_appointment_from_the_result(
    checker: PageChecker, page: Page, *, name: str, result: str, prefilled: bool = False
) -> str:
    """From the result page to the confirmation; returns the request's reference.

    `prefilled`: the check's contact step gave this name and 314 555 0142, and the form
    arrives with them (and "Phone call") already filled in.
    """
    talk = page.get_by_role("region", name="Talk to a therapist")
    with checker.navigation(page, "request-form"):
        talk.get_by_role("link", name="Request an appointment").click()
    expect(page.get_by_text("Your check result will be sent with this request.")).to_be_visible()
    expect(page.get_by_text(f"Result: {result}")).to_be_visible()
    expect(field(page, "Send my check result with this request")).to_be_checked()
    if prefilled:
        expect(field(page, "Your name")).to_have_value(name)
        expect(field(page, "Phone number")).to_have_value("(314) 555-0142")
        expect(page.get_by_label("Phone call")).to_be_checked()
    else:
        field(page, "Your name").fill(name)
        field(page, "Phone number").fill("314 555 0142")
        page.get_by_label("Phone call").check()
    field(page, "Why would you like an appointment?").fill("My check result, and the pain.")
    page.get_by_label("I agree that the clinic may contact me about this request.").check()
    with checker.navigation(page, "request-sent"):
        page.get_by_role("button", name="Send my request").click()
    return page.locator(".reference-code").inner_text().strip()


def test_a_patient_with_a_strain_does_the_self_tests_and_asks_for_an_appointment(page_checker):
    page = page_checker.new_page(phone=True)
    start_the_check(page_checker, page)
    answer(page, "How did the pain start?", "Suddenly, at one moment")
    answer(page, "What were you doing when it started?", "Running fast or sprinting")
    answer(page, "Did you feel or hear a pop", "Yes")
    next_step(page_checker, page, "step-symptoms")

    for question in (
        "Do you have low back pain too?",
        "Do you have pain in your buttock",
        "Does the pain go below the knee?",
        "Do you have numbness, tingling",
        "Does coughing or sneezing",
        "Is it worse when you sit",
    ):
        answer(page, question, "No")
    answer(page, "Is there bruising on the back of the thigh?", "Yes")
    field(
        page, "How bad is the pain right now, from 0 (no pain) to 10 (worst pain)?"
    ).select_option("4")
    next_step(page_checker, page, "step-red-flags")

    # Back keeps the answers given so far.
    next_step(page_checker, page, "back-to-symptoms", button="Back")
    bruising = page.get_by_role("group", name="Is there bruising on the back of the thigh?")
    expect(bruising.get_by_label("Yes", exact=True)).to_be_checked()
    next_step(page_checker, page, "step-red-flags-again")
    # The warning signs need an explicit answer.
    page.get_by_label("None of these", exact=True).check()
    next_step(page_checker, page, "step-knee-bend")
    expect(
        page.get_by_role("heading", name="Before you start: this check is optional")
    ).to_be_visible()
    answer(page, "Does it hurt in the thigh when you bend your knee", "Yes")
    next_step(page_checker, page, "step-slump")
    answer(page, "In the sitting test, did your own thigh pain come on?", "No")
    next_step(page_checker, page, "step-contact")

    field(page, "Phone").fill("call me maybe")
    next_step(page_checker, page, "step-contact-error", button="See my result")
    expect(page.get_by_text("Enter a phone number we can call")).to_be_visible()
    field(page, "Phone").fill("")
    next_step(page_checker, page, "result", button="See my result")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(
        page.get_by_text("Your answers look more like a pulled hamstring muscle")
    ).to_be_visible()
    band = page.get_by_role("region", name="Where your answers land")
    expect(band.locator(".result-band__step--current")).to_contain_text("Leans strain")
    expect(band).to_contain_text("in 100 that your pain comes from the nerve")
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    expect(page.get_by_role("heading", name="When to get help fast")).to_be_visible()
    result_url = page.url

    reference = request_an_appointment_from_the_result(
        page_checker, page, name="Sam Sprinter", result="Looks more like a muscle strain"
    )
    assert reference

    # The private link brings the result back; its advice links to the exercise pages.
    page_checker.visit(page, result_url, "result-again")
    with page_checker.navigation(page, "exercise"):
        page.get_by_role("link", name="seated nerve glide").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("nerve glide")
    with page_checker.navigation(page, "exercise-library"):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercises").click()
    expect(page.get_by_role("heading", name="Avoid for now")).to_be_visible()


FOCUS_IS_VISIBLE = """() => {
    const style = getComputedStyle(document.activeElement);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
}"""


def tab_to(page: Page, target: Locator, *, limit: int = 120) -> None:
    """Press Tab until the focus is on (or inside) the target, and check that it shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate(
            "el => el === document.activeElement || el.contains(document.activeElement)"
        ):
            assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {target}"
            return
    raise AssertionError(f"Tab never reached {target}")


def choose_with_keys(page: Page, question: str, choice: str) -> None:
    """Tab into the radio group, then arrow keys (how a radio group works) to the choice."""
    group = page.get_by_role("group", name=question)
    tab_to(page, group)
    radio = group.get_by_label(choice, exact=True)
    for _ in range(10):
        if radio.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {choice!r} for {question!r}")


def press_button(checker: PageChecker, page: Page, name: str, step: str) -> None:
    tab_to(page, page.get_by_role("button", name=name))
    with checker.navigation(page, step):
        page.keyboard.press("Enter")


def test_a_patient_with_nerve_pain_skips_the_self_tests_using_only_the_keyboard(page_checker):
    page = page_checker.new_page()
    page_checker.visit(page, "/", "home")
    tab_to(page, page.get_by_role("link", name="Start the check"))
    with page_checker.navigation(page, "step-start"):
        page.keyboard.press("Enter")

    choose_with_keys(page, "How did the pain start?", "Slowly, over days or weeks")
    choose_with_keys(page, "What were you doing when it started?", "Nothing special")
    choose_with_keys(page, "Did you feel or hear a pop", "No")
    press_button(page_checker, page, "Next", "step-symptoms")

    for question in (
        "Do you have low back pain too?",
        "Do you have pain in your buttock",
        "Is the leg pain worse than the back pain?",
        "Does the pain go below the knee?",
        "Do you have numbness, tingling",
        "Is it worse when you sit",
    ):
        choose_with_keys(page, question, "Yes")
    choose_with_keys(page, "Is there bruising on the back of the thigh?", "No")
    press_button(page_checker, page, "Next", "step-red-flags")
    tab_to(page, page.get_by_label("None of these", exact=True))
    page.keyboard.press("Space")
    press_button(page_checker, page, "Next", "step-knee-bend")
    # The self-tests are optional: leave them "Not done" and go on.
    press_button(page_checker, page, "Next", "step-slump")
    press_button(page_checker, page, "Next", "step-contact")
    press_button(page_checker, page, "See my result", "result")

    expect(
        page.get_by_text("Your answers look more like pain from the sciatic nerve")
    ).to_be_visible()
    tab_to(page, page.get_by_role("region", name="Talk to a therapist").get_by_role("link"))
    with page_checker.navigation(page, "request-form"):
        page.keyboard.press("Enter")
    expect(page.get_by_text("Result: Looks more like the nerve (sciatica)")).to_be_visible()


def test_an_emergency_sign_comes_first_and_reaches_the_front_desk_and_clinician(page_checker):
    front_desk(username="frontdesk-fay")
    clinician(username="doctor-dee")

    page = page_checker.new_page(phone=True)
    start_the_check(page_checker, page)
    answer(page, "How did the pain start?", "I woke up with it")
    next_step(page_checker, page, "step-symptoms")
    next_step(page_checker, page, "step-red-flags")
    page.get_by_label("Numbness between the legs or around the bottom").check()
    # With an emergency sign the self-tests are left out.
    next_step(page_checker, page, "step-contact")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contact details (optional)")
    expect(page.get_by_text("You ticked a sign that needs emergency care.")).to_be_visible()
    field(page, "Your name").fill("Erin Urgent")
    field(page, "Phone").fill("314 555 0142")
    next_step(page_checker, page, "result", button="See my result")

    alert = page.get_by_role("region", name="Get emergency care now", exact=True)
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Numbness between the legs or around the bottom")
    # The first action on the page is the button that calls the clinic; then the emergency
    # number. The likelihood and the exercises are not shown.
    first_action = page.locator("main").locator("a, button").first
    expect(first_action).to_have_attribute("href", "tel:5550100")
    expect(first_action).to_have_text("Call the clinic: 555-0100")
    expect(alert.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    expect(page.get_by_role("heading", name="What to do now")).to_have_count(0)
    expect(page.get_by_role("region", name="Where your answers land")).to_have_count(0)
    reference = request_an_appointment_from_the_result(
        page_checker,
        page,
        name="Erin Urgent",
        result="Needs medical care first",
        prefilled=True,
    )
    expect(page.get_by_text("we will try to call you today")).to_be_visible()

    # The front desk sees the request pinned on top, marked as an emergency.
    desk = page_checker.new_page()
    log_in(page_checker, desk, "frontdesk-fay", step="front-desk-login")
    page_checker.visit(desk, "/staff/requests/", "front-desk-queue")
    first_row = desk.locator("tbody tr").first
    expect(first_row).to_contain_text("Erin Urgent")
    expect(first_row).to_contain_text("Emergency")
    with page_checker.navigation(desk, "front-desk-request"):
        first_row.get_by_role("link", name="Erin Urgent").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(desk.get_by_role("alert")).to_contain_text("The screening raised a red flag")
    expect(desk.get_by_role("link", name="Open the full screening")).to_have_count(0)

    # A clinician reviews the screening behind it.
    doctor = page_checker.new_page()
    log_in(page_checker, doctor, "doctor-dee", step="clinician-login")
    page_checker.check(doctor, "clinician-staff-home")
    with page_checker.navigation(doctor, "screenings"):
        doctor.get_by_role("link", name="Screenings").click()
    with page_checker.navigation(doctor, "screening-detail"):
        doctor.locator("tbody tr").first.get_by_role("link").click()
    expect(
        doctor.get_by_text("Numbness between the legs or around the bottom").first
    ).to_be_visible()
    expect(doctor.get_by_role("link", name="(314) 555-0142")).to_be_visible()
    field(doctor, "Review note").fill("Called: went to the emergency department.")
    with page_checker.navigation(doctor, "screening-reviewed"):
        doctor.get_by_role("button", name="Save note and mark reviewed").click()
    expect(doctor.get_by_text("Marked as reviewed.")).to_be_visible()
    with page_checker.navigation(doctor, "clinician-request"):
        doctor.get_by_role("region", name="Appointment requests").get_by_role("link").click()
    expect(doctor.get_by_role("link", name="Open the full screening")).to_be_visible()


def _checked(page: Page, question: str, choice: str) -> None:
    group = page.get_by_role("group", name=question)
    expect(group.get_by_label(choice, exact=True)).to_be_checked()


# Each step: its heading, how to answer it, how to see that the answers are still there.
STEP_HEADINGS = [
    "How it started",
    "Your symptoms",
    "Warning signs",
    "Optional check: bending the knee",
    "Optional check: the sitting test",
    "Your contact details (optional)",
]


def _answer_step(page: Page, heading: str) -> None:
    if heading == "How it started":
        answer(page, "How did the pain start?", "Slowly, over days or weeks")
        answer(page, "Did you feel or hear a pop", "No")
    elif heading == "Your symptoms":
        answer(page, "Do you have low back pain too?", "Yes")
        answer(page, "Do you have numbness, tingling", "Yes")
    elif heading == "Warning signs":
        page.get_by_label("None of these", exact=True).check()
    elif heading == "Optional check: bending the knee":
        answer(page, "Does it hurt in the thigh when you bend your knee", "No")
    elif heading == "Optional check: the sitting test":
        answer(page, "In the sitting test, did your own thigh pain come on?", "Yes")
    else:
        field(page, "Your name").fill("Rory Reload")


def _answers_kept(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if heading == "How it started":
        _checked(page, "How did the pain start?", "Slowly, over days or weeks")
        _checked(page, "Did you feel or hear a pop", "No")
    elif heading == "Your symptoms":
        _checked(page, "Do you have low back pain too?", "Yes")
        _checked(page, "Do you have numbness, tingling", "Yes")
    elif heading == "Warning signs":
        expect(page.get_by_label("None of these", exact=True)).to_be_checked()
    elif heading == "Optional check: bending the knee":
        _checked(page, "Does it hurt in the thigh when you bend your knee", "No")
    elif heading == "Optional check: the sitting test":
        _checked(page, "In the sitting test, did your own thigh pain come on?", "Yes")


def test_back_and_reload_on_every_step_keep_the_answers_and_never_resend_a_form(page_checker):
    page = page_checker.new_page(phone=True)
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    documents: list[tuple[str, str]] = []
    page.on(
        "response",
        lambda response: (
            documents.append((response.request.method, response.url))
            if response.request.is_navigation_request()
            and response.frame == page.main_frame
            and not 300 <= response.status < 400
            else None
        ),
    )
    start_the_check(page_checker, page)
    for index, heading in enumerate(STEP_HEADINGS[:-1]):
        _answer_step(page, heading)
        following = STEP_HEADINGS[index + 1]
        next_step(page_checker, page, f"step-{index + 2}")
        expect(page.get_by_role("heading", level=1)).to_have_text(following)
        # Every page the browser shows came from a GET: nothing a reload could resend.
        assert documents[-1][0] == "GET", documents[-1]
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(following)
        # The browser's Back: the step just answered, with its answers; reload keeps them.
        back = page.go_back()
        assert back is None or back.request.method == "GET"
        _answers_kept(page, heading)
        page.reload()
        _answers_kept(page, heading)
        forward = page.go_forward()
        assert forward is None or forward.request.method == "GET"
        expect(page.get_by_role("heading", level=1)).to_have_text(following)

    _answer_step(page, STEP_HEADINGS[-1])
    next_step(page_checker, page, "result", button="See my result")
    assert documents[-1][0] == "GET"
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    # Back from the result: the answers are sent; this browser no longer holds them.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have finished this check")
    with page_checker.navigation(page, "result-again"):
        page.get_by_role("link", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    assert all(method == "GET" for method, _url in documents), documents
    assert dialogs == []


def test_an_urgent_check_without_a_request_reaches_the_call_today_list(page_checker):
    front_desk(username="frontdesk-fran")
    clinician(username="doctor-dan")

    page = page_checker.new_page(phone=True)
    start_the_check(page_checker, page)
    next_step(page_checker, page, "step-symptoms")
    answer(page, "Do you have low back pain too?", "Yes")
    next_step(page_checker, page, "step-red-flags")
    page.get_by_label("Fever, or a higher infection risk").check()
    next_step(page_checker, page, "step-contact")
    expect(page.get_by_text("the clinic may call you the same day")).to_be_visible()
    field(page, "Your name").fill("Cal Today")
    field(page, "Phone").fill("314 555 0177")
    next_step(page_checker, page, "result", button="See my result")
    alert = page.get_by_role("region", name="Get medical help today", exact=True)
    expect(alert).to_contain_text("infection near the spine")
    expect(page.locator("main").locator("a, button").first).to_have_attribute("href", "tel:5550100")

    # The patient sent no request: the front desk finds them on the Call today list.
    desk = page_checker.new_page()
    log_in(page_checker, desk, "frontdesk-fran", step="front-desk-login")
    page_checker.visit(desk, "/staff/requests/", "queue-call-today")
    call_today = desk.get_by_role("region", name="Call today")
    expect(call_today).to_contain_text("Cal Today")
    expect(call_today.get_by_role("link", name="(314) 555-0177")).to_have_attribute(
        "href", "tel:+13145550177"
    )
    expect(call_today).not_to_contain_text("infection")  # urgency and contact, never answers
    with page_checker.navigation(desk, "added-to-the-queue"):
        call_today.get_by_role("button", name="Add to the queue").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Request")
    reason = "From the online check: a warning sign needs a call today"
    expect(desk.get_by_text(reason)).to_be_visible()
    page_checker.visit(desk, "/staff/requests/", "queue-after")
    expect(desk.get_by_role("region", name="Call today")).to_have_count(0)
    expect(desk.locator("tbody tr").first).to_contain_text("Cal Today")

    # The clinicians' list marks it until someone reviews it.
    doctor = page_checker.new_page()
    log_in(page_checker, doctor, "doctor-dan", step="clinician-login")
    page_checker.visit(doctor, "/staff/screenings/", "screenings-call-today")
    expect(doctor.locator("tbody tr").first).to_contain_text("Call today")
    expect(doctor.locator("tbody tr").first).to_contain_text("No estimate")
