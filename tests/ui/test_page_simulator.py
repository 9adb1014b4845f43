"""The Simulator page (AppTest): choose, run, steer, inject, step, and bad input."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from engine import execute
from engine.scenarios import scenarios
from study import load_content
from ui import state as S
from ui_helpers import APP, TIMEOUT, diagrams, node_texts, open_tab, texts

WORKFLOWS = load_content().workflows


def open_sim(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    at.switch_page("ui/pages/simulator.py").run()
    assert not at.exception, at.exception
    return at


def run_line(at: AppTest) -> tuple[str, str]:
    """(status, last state) from the caption under the moment."""
    line = next(c.value for c in at.caption if c.value.startswith("Run: "))
    m = re.match(r"Run: \*\*(\w+)\*\* · last state \*\*([^*]+)\*\*", line)
    return m.group(1), m.group(2)


def dot(at: AppTest) -> str:
    """The page's one diagram, as the SVG the server drew."""
    (svg,) = diagrams(at)
    return svg


def node_line(svg: str, name: str) -> str:
    return " · ".join(node_texts(svg, name))


def moment(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Moment "))


@pytest.mark.parametrize("wid", sorted(WORKFLOWS))
def test_every_scenario_runs_through_the_page_to_its_expected_end(wid):
    at = None
    for sc in scenarios(WORKFLOWS[wid]):
        if at is None:
            at = open_sim(workflow=wid, scenario=sc.slug, step="end")
        else:  # the same tab, sent to the next scenario's address (as a link would)
            at.query_params.clear()
            at.query_params.update({"workflow": wid, "scenario": sc.slug, "step": "end"})
            at.run()
        assert not at.exception, (sc.slug, at.exception)
        status, last = run_line(at)
        if "status" in sc.expect:
            assert status == sc.expect["status"], sc.slug
        if "last_state" in sc.expect:
            assert last == sc.expect["last_state"], sc.slug
        assert at.session_state[S.SIM_SCENARIO] == sc.slug
        assert at.session_state[S.SIM_STEP] == at.slider(key=S.SIM_STEP).max, sc.slug
        assert not at.error, (sc.slug, texts(at.error))


def test_the_address_opens_the_scenario_and_the_graph_shows_the_catch_that_fired():
    at = open_sim(workflow="image-processing", scenario="resize-keeps-failing-with-a-service-error", step="end")
    spec = dot(at)
    assert "✔ succeeded" in node_line(spec, "NotifyAdmin")
    assert "⚠ caught" in node_line(spec, "ResizeImage")
    assert "⚠ fired: Catch: States.ALL" in spec
    assert at.query_params["step"] == "end"


def test_unknown_workflow_scenario_and_step_get_a_message_and_the_default():
    at = open_sim(workflow="nope")
    assert any("no example workflow called “nope”" in w for w in texts(at.warning))
    assert at.session_state[S.SIM_WORKFLOW] == "credit-check"
    at = open_sim(workflow="credit-check", scenario="nope", step="soon")
    warnings = " ".join(texts(at.warning))
    assert "no scenario called “nope”" in warnings and "step=soon" in warnings
    assert at.session_state[S.SIM_STEP] == 0


def test_step_buttons_slider_and_address_move_the_current_state():
    at = open_sim(workflow="credit-check", scenario="weak-applicant-score-640")
    assert moment(at).startswith("**Moment 0 of 3**")
    at.button(key="sim_forward").click().run()
    assert "▶ current step" in node_line(dot(at), "CheckCreditScore")
    assert at.query_params["step"] == "1"
    at.button(key="sim_forward").click().run()
    assert "▶ current step" in node_line(dot(at), "ManualReview")
    at.button(key="sim_back").click().run()
    assert at.session_state[S.SIM_STEP] == 1
    at.slider(key=S.SIM_STEP).set_value(3).run()
    assert moment(at).startswith("**Moment 3 of 3**") and at.query_params["step"] == "end"
    at.button(key="sim_first").click().run()
    assert at.session_state[S.SIM_STEP] == 0
    at.button(key="sim_last").click().run()
    assert at.session_state[S.SIM_STEP] == 3


def test_the_events_so_far_are_drawn_only_while_their_expander_is_open_and_it_stays_open_through_steps():
    at = open_sim(workflow="credit-check", scenario="weak-applicant-score-640")
    at.button(key="sim_forward").click().run()
    assert [e.label for e in at.expander if e.label.startswith("Events")] == ["Events up to this moment"]
    assert not at.dataframe  # closed: no grid for the browser to draw on every step
    at.session_state[S.SIM_EVENTS_OPEN] = True  # as a click on the expander does
    at.run()
    (grid,) = at.dataframe
    first = len(grid.value)
    assert first > 0 and any(c.value.startswith(f"{first} of ") for c in at.caption)
    at.button(key="sim_forward").click().run()
    (grid,) = at.dataframe
    assert len(grid.value) > first and at.session_state[S.SIM_EVENTS_OPEN]
    at.session_state[S.SIM_EVENTS_OPEN] = False
    at.run()
    assert not at.dataframe


def test_play_advances_one_moment_per_tick_and_stops_at_the_end():
    at = open_sim(workflow="credit-check", scenario="weak-applicant-score-640")
    at.button(key="sim_play").click().run()
    assert at.session_state[S.SIM_PLAYING]
    first = at.session_state[S.SIM_STEP]
    at.run()  # a tick of the timer
    assert at.session_state[S.SIM_STEP] == first + 1
    for _ in range(5):
        at.run()
    assert at.session_state[S.SIM_STEP] == 3 and not at.session_state[S.SIM_PLAYING]


def test_editing_the_input_changes_the_path():
    at = open_sim(workflow="credit-check", scenario="strong-applicant-score-780", step="end")
    assert run_line(at) == ("SUCCEEDED", "AutoApprove")
    at.text_area(key=S.SIM_INPUT_TEXT).set_value('{"creditScore": 650}').run()
    at.button(key="sim_run_again").click().run()
    at.button(key="sim_last").click().run()
    assert run_line(at) == ("SUCCEEDED", "ManualReview")
    assert "input" in at.query_params  # a reload keeps the edited input
    at.text_area(key=S.SIM_INPUT_TEXT).set_value('{"creditScore": 720}').run()
    at.button(key="sim_run_again").click().run()
    at.button(key="sim_last").click().run()
    assert run_line(at) == ("SUCCEEDED", "AutoApprove")


def test_an_input_that_is_not_json_is_refused_with_its_place_and_the_run_stays():
    at = open_sim(workflow="credit-check", scenario="strong-applicant-score-780", step="end")
    at.text_area(key=S.SIM_INPUT_TEXT).set_value('{"creditScore": 650,\n oops}').run()
    at.button(key="sim_run_again").click().run()
    errors = " ".join(texts(at.error))
    assert "line 2, column 2" in errors and "The input was not run" in errors
    assert run_line(at) == ("SUCCEEDED", "AutoApprove")
    assert at.text_area(key=S.SIM_INPUT_TEXT).value.endswith("oops}")  # the editor keeps the text


def test_injecting_failures_changes_the_attempts_and_the_path():
    at = open_tab(open_sim(workflow="image-processing", scenario="jpeg-upload"), "Inject failures")
    at.selectbox(key="sim_inj_state").set_value("ResizeImage")
    at.selectbox(key="sim_inj_error").set_value("Lambda.ServiceException")
    at.radio(key="sim_inj_mode").set_value("every").run()
    at.button(key="sim_inj_add").click().run()
    at.button(key="sim_last").click().run()
    assert run_line(at) == ("SUCCEEDED", "Finalized")
    assert "⚠ caught" in node_line(dot(at), "ResizeImage")
    assert "✔ succeeded" in node_line(dot(at), "NotifyAdmin")
    open_tab(at, "Retry timeline")
    timeline = " ".join(m.value for m in at.markdown)
    assert "3 attempts, caught" in timeline and "IntervalSeconds 2 × BackoffRate 2^(2−1) = 4 s" in timeline
    assert "inject" in at.query_params
    open_tab(at, "Inject failures")  # the controls are as they were left
    assert at.selectbox(key="sim_inj_state").value == "ResizeImage"
    assert at.radio(key="sim_inj_mode").value == "every"
    # the thumbnail branch has no Catch: now the whole Parallel is caught and the run fails
    at.selectbox(key="sim_inj_state").set_value("CreateThumbnail")
    at.selectbox(key="sim_inj_error").set_value("States.TaskFailed").run()
    at.button(key="sim_inj_add").click().run()
    at.button(key="sim_last").click().run()
    assert run_line(at) == ("FAILED", "ProcessingFailed")


def test_a_bad_injection_says_why():
    at = open_tab(open_sim(workflow="image-processing", scenario="jpeg-upload"), "Inject failures")
    at.selectbox(key="sim_inj_error").set_value("Another error (type its name)").run()
    at.text_input(key="sim_inj_custom").set_value("   ")
    at.button(key="sim_inj_add").click().run()
    assert any("Give the error a name" in e for e in texts(at.error))
    at.text_input(key="sim_inj_custom").set_value("PaymentDeclined")
    at.text_area(key="sim_inj_returns").set_value("{nope")
    at.button(key="sim_inj_add").click().run()
    assert any("not JSON" in e and "line 1" in e for e in texts(at.error))


def test_the_downloaded_mock_config_file_round_trips_through_the_engine():
    from ui import cache
    from ui.sim_export import names

    wid, slug = "image-processing", "resize-keeps-failing-with-a-service-error"
    at = open_tab(open_sim(workflow=wid, scenario=slug, step="end"), "Inject failures")
    (download,) = [d for d in at.get("download_button") if d.proto.label == "Download as a MockConfigFile"]
    assert not download.proto.disabled
    sim = at.session_state[S.SIM_LAST_GOOD]
    file = json.loads(cache.export_text(sim, "mockconfig", wid, slug))  # the text the button serves
    machine, case = names(wid, slug)
    assert list(file["StateMachines"][machine]["TestCases"]) == [case]
    assert any(f"test case “{case}”" in c.value for c in at.caption)
    wf = WORKFLOWS[wid]
    ex = execute(wf["definition"], wf["inputs"][0]["input"], mocks=file, test_case=case)
    assert (ex.status, ex.last_state) == run_line(at)
    assert sum(e["type"] == "TaskFailed" and e.get("state") == "ResizeImage" for e in ex.history) == 3


def test_export_offers_a_sam_template_for_the_workflow():
    at = open_tab(open_sim(workflow="image-processing", scenario="jpeg-upload"), "Export to AWS")
    template = next(c.value for c in at.code if "AWS::Serverless::StateMachine" in c.value)
    assert "Transform: AWS::Serverless-2016-10-31" in template
    labels = {d.proto.label for d in at.get("download_button")}
    assert {"Download the SAM template", "Download the TestState requests"} <= labels


def test_pasted_bad_text_lists_its_problems_and_keeps_the_last_good_definition():
    at = open_sim(source="own")
    at.text_area(key=S.SIM_ASL_TEXT).set_value("StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n").run()
    assert run_line(at) == ("SUCCEEDED", "A")
    assert "asl" in at.query_params
    at.text_area(key=S.SIM_ASL_TEXT).set_value('{"StartAt": "A",\n "States": {]}').run()
    errors = " ".join(texts(at.error))
    assert "line 2" in errors
    assert run_line(at) == ("SUCCEEDED", "A")  # the last good definition is still on screen
    states = {f"S{i}": {"Type": "Task", "Next": "Missing"} for i in range(20)}
    at.text_area(key=S.SIM_ASL_TEXT).set_value(json.dumps({"StartAt": "S0", "States": states})).run()
    errors = " ".join(texts(at.error))
    assert re.search(r"\((\d+) problems\)", errors) and int(re.search(r"\((\d+) problems\)", errors)[1]) >= 20
    listed = " ".join(m.value for m in at.markdown)
    assert all(f"/States/S{i}/" in listed for i in range(20))  # every problem, with its pointer


def test_a_reload_of_a_pasted_definition_comes_back_from_the_address():
    at = open_sim(source="own")
    at.text_area(key=S.SIM_ASL_TEXT).set_value('{"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": true}}}').run()
    packed = at.query_params["asl"]
    again = open_sim(source="own", asl=packed)
    assert run_line(again) == ("SUCCEEDED", "Hi")


def test_express_shows_what_changes_and_what_it_costs():
    at = open_tab(open_sim(workflow="express-five-minutes", scenario="an-8-minute-report", step="end"),
                  "Standard or Express")
    page = " ".join(m.value for m in at.markdown)
    assert "As Express it ends **TIMED_OUT**" in page
    assert "As Standard" in page and "As Express" in page and "$" in page
    at = open_sim(workflow="express-refused", scenario="an-order-of-two-items", type="express")
    errors = " ".join(texts(at.error))
    assert ".waitForTaskToken" in errors and "/States/PrintLabel/Resource" in errors
    assert not diagrams(at) or "Express" in errors  # nothing ran as Express


def test_quiz_me_hides_the_run_until_the_prediction_is_made():
    linked = [q for q in load_content().questions if q.get("workflow") == "order-retry" and q.get("scenario")]
    assert linked
    at = open_sim(workflow="order-retry")
    at.button(key="sim_quiz_start").click().run()
    assert any("Answer the question first" in i for i in texts(at.info))
    q = linked[0]
    assert at.session_state[S.SIM_SCENARIO] == q["scenario"]
    at.radio(key=S.choice_key("simquiz", q["id"])).set_value(q["answer"][0])
    at.button(key=f"FormSubmitter:sim_quiz_form_{q['id']}-Check, then show the run").click().run()
    assert not any("Answer the question first" in i for i in texts(at.info))
    assert at.session_state[S.SIM_STEP] == at.slider(key=S.SIM_STEP).max  # at the end: the proof
    assert texts(at.success)


def test_presenter_mode_plays_slowly_and_enlarges_the_graph():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[S.PRESENTER] = True
    at.query_params.update({"workflow": "credit-check"})
    at.run()
    at.switch_page("ui/pages/simulator.py").run()
    assert at.session_state[S.SIM_SPEED].startswith("Slow")
    assert 'font-size="14.30"' in dot(at)


def test_only_the_open_tab_is_drawn_and_choosing_another_draws_it():
    at = open_sim(workflow="image-processing", scenario="jpeg-upload")
    labels = lambda: {d.proto.label for d in at.get("download_button")}  # noqa: E731
    assert at.session_state[S.SIM_TAB] == "Input"
    assert [t.key for t in at.text_area] == [S.SIM_INPUT_TEXT]
    assert "Download the history (GetExecutionHistory JSON)" not in labels()
    open_tab(at, "Event history")
    assert "Download the history (GetExecutionHistory JSON)" in labels()
    assert not at.text_area  # the Input tab is not drawn now
    assert len(diagrams(at)) == 1  # the replay above the tabs is unchanged


def test_a_half_typed_input_and_the_chosen_failure_outlive_a_look_at_another_tab():
    at = open_sim(workflow="image-processing", scenario="jpeg-upload")
    at.text_area(key=S.SIM_INPUT_TEXT).input('{"bucket": "b", "key": "half typed').run()
    open_tab(at, "Inject failures")
    at.selectbox(key=S.SIM_INJ_STATE).set_value("CreateThumbnail")
    at.text_input(key=S.SIM_INJ_CAUSE).input("disk full").run()
    open_tab(at, "Retry timeline")
    open_tab(at, "Input")
    assert at.text_area(key=S.SIM_INPUT_TEXT).value == '{"bucket": "b", "key": "half typed'
    open_tab(at, "Inject failures")
    assert at.selectbox(key=S.SIM_INJ_STATE).value == "CreateThumbnail"
    assert at.text_input(key=S.SIM_INJ_CAUSE).value == "disk full"


def test_redelivered_tasks_stay_redelivered_when_another_tab_is_open():
    at = open_tab(open_sim(workflow="credit-check", type="express"), "Standard or Express")
    plain = len(at.session_state[S.SIM_LAST_GOOD].execution.history)
    at.multiselect(key=S.SIM_REDELIVER).select("AutoApprove").run()
    redelivered = len(at.session_state[S.SIM_LAST_GOOD].execution.history)
    assert redelivered > plain
    open_tab(at, "Input")
    assert len(at.session_state[S.SIM_LAST_GOOD].execution.history) == redelivered
    open_tab(at, "Standard or Express")
    assert at.multiselect(key=S.SIM_REDELIVER).value == ["AutoApprove"]
