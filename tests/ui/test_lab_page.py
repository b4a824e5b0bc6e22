"""The Lab page driven with Streamlit's AppTest: every control, every path, and bad input."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.scenario import BehaviorSpec, Scenario, TargetSpec
from ui.lab_widgets import DESCRIPTION_SUMMARY, timeline_heading
from ui.markdown_text import plain

K = "lab."


@pytest.fixture
def lab(open_page) -> AppTest:
    at = open_page("ui/lab.py")
    at.run()
    assert not at.exception
    return at


def text_of(at: AppTest) -> str:
    """Everything the page wrote as Markdown, captions, errors and warnings."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def flowchart_sources(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("graphviz_chart")]


GROUP_OF = {
    "trigger": "Trigger", "behavior_kind": "Behaviour", "max_retry_attempts": "Retries",
    "on_success_service": "Targets", "on_failure_service": "Targets",
    "dead_letter_service": "Targets",
}


def edit(at: AppTest, group: str) -> AppTest:
    """Open one group of the builder (it shows one group at a time)."""
    at.pills(key=K + "group").set_value(group).run()
    assert not at.exception, at.exception
    return at


def view(at: AppTest, name: str) -> AppTest:
    label = next(option for option in at.segmented_control(key="lab.view").options if name in option)
    at.segmented_control(key="lab.view").set_value(label).run()
    assert not at.exception, at.exception
    return at


def move(at: AppTest, name: str) -> AppTest:
    """Step with a button ("previous", "next") or with the slider ("first", "last")."""
    if name in ("previous", "next"):
        at.button(key=K + f"step.{name}").click().run()
    else:
        slider = at.slider(key=K + "step.position")
        slider.set_value(slider.min if name == "first" else slider.max).run()
    assert not at.exception, at.exception
    return at


def choose(at: AppTest, field: str, value: object) -> AppTest:
    edit(at, GROUP_OF[field])
    at.selectbox(key=K + field).select(value).run()
    assert not at.exception, at.exception
    return at


def test_every_target_field_has_a_name_of_its_own_for_screen_readers(lab: AppTest) -> None:
    for role in ("on_success", "on_failure", "dead_letter"):
        choose(lab, f"{role}_service", "sqs")
    names = [w.label for w in lab.text_input] + [w.label for w in lab.checkbox]
    assert len(names) == 3 + 6 and len(set(names)) == len(names), names


def test_the_lab_opens_with_a_default_s3_scenario_that_succeeds_asynchronously(lab: AppTest) -> None:
    text = text_of(lab)
    assert "HTTP 202" in text
    assert "ended `Success` after 1 attempt(s)" in text
    assert flowchart_sources(lab), "the flowchart is drawn"


@pytest.mark.parametrize("trigger", ["s3", "sns", "eventbridge", "cloudwatch_logs"])
def test_asynchronous_triggers_are_accepted_with_202(lab: AppTest, trigger: str) -> None:
    choose(lab, "trigger", trigger)
    assert "HTTP 202" in text_of(lab)
    edit(lab, "Events")
    payload = json.loads(lab.text_area(key=K + "payload").value)
    assert payload, "the payload is prefilled with the trigger's sample event"


@pytest.mark.parametrize("trigger", ["api_gateway", "alb", "cognito"])
def test_synchronous_triggers_return_200_and_mark_destinations_unused(lab: AppTest, trigger: str) -> None:
    choose(lab, "on_success_service", "sqs")
    choose(lab, "trigger", trigger)
    assert "HTTP 200" in text_of(lab)
    assert any("not used" in source for source in flowchart_sources(lab))


def test_the_sdk_trigger_lets_the_learner_choose_the_invocation_type(lab: AppTest) -> None:
    choose(lab, "trigger", "sdk")
    lab.radio(key=K + "invocation_type").set_value("RequestResponse").run()
    assert "HTTP 200" in text_of(lab)
    lab.radio(key=K + "invocation_type").set_value("Event").run()
    assert "HTTP 202" in text_of(lab)


@pytest.mark.parametrize(("kind", "condition", "attempts"), [
    ("fail", "RetriesExhausted", 3),
    ("timeout", "RetriesExhausted", 3),
    ("crash", "RetriesExhausted", 3),
    ("out_of_memory", "RetriesExhausted", 3),
    ("fail_first", "Success", 2),
    ("succeed", "Success", 1),
])
def test_each_behaviour_ends_the_way_lambda_retries_it(lab: AppTest, kind: str, condition: str,
                                                        attempts: int) -> None:
    choose(lab, "behavior_kind", kind)
    assert f"ended `{condition}` after {attempts} attempt(s)" in text_of(lab)


def test_a_flaky_function_uses_the_probability_slider(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "flaky")
    lab.slider(key=K + "behavior_probability").set_value(1.0).run()
    assert "ended `RetriesExhausted` after 3 attempt(s)" in text_of(lab)


@pytest.mark.parametrize("service", ["sqs", "sns", "eventbridge", "lambda", "s3"])
def test_every_on_failure_destination_receives_the_record(lab: AppTest, service: str) -> None:
    choose(lab, "behavior_kind", "fail")
    choose(lab, "max_retry_attempts", 0)
    choose(lab, "on_failure_service", service)
    assert "ended `RetriesExhausted` after 1 attempt(s)" in text_of(lab)
    assert any("OnFailure" in source for source in flowchart_sources(lab))


@pytest.mark.parametrize("service", ["sqs", "sns", "eventbridge", "lambda"])
def test_every_on_success_destination_receives_the_record(lab: AppTest, service: str) -> None:
    choose(lab, "on_success_service", service)
    assert "ended `Success` after 1 attempt(s)" in text_of(lab)
    assert any("OnSuccess destination" in source and "delivered at" in source for source in flowchart_sources(lab))


def test_s3_is_not_offered_as_an_on_success_destination_and_the_reason_is_shown(lab: AppTest) -> None:
    edit(lab, "Targets")
    assert "Amazon S3 bucket" not in lab.selectbox(key=K + "on_success_service").options
    assert "Amazon S3 bucket" in lab.selectbox(key=K + "on_failure_service").options
    assert "OnFailure destination, not as an OnSuccess one" in text_of(lab)


@pytest.mark.parametrize("service", ["sqs", "sns"])
def test_a_dead_letter_queue_receives_the_failed_event(lab: AppTest, service: str) -> None:
    choose(lab, "behavior_kind", "fail")
    choose(lab, "dead_letter_service", service)
    assert any("Dead-letter" in source or "DLQ" in source for source in flowchart_sources(lab))
    assert "RetriesExhausted" in text_of(lab)


def test_reserved_concurrency_zero_ends_events_without_running_them(lab: AppTest) -> None:
    edit(lab, "Function")
    lab.checkbox(key=K + "reserve").check().run()
    lab.number_input(key=K + "reserved_concurrency").set_value(0).run()
    assert "ended `ZeroReservedConcurrency` after 0 attempt(s)" in text_of(lab)


def test_a_maximum_event_age_of_60_seconds_allows_one_attempt(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    edit(lab, "Retries")
    lab.checkbox(key=K + "set_max_event_age").check().run()
    lab.number_input(key=K + "max_event_age").set_value(60).run()
    assert "ended `EventAgeExceeded` after 1 attempt(s)" in text_of(lab)


def test_invalid_json_shows_lambdas_error_next_to_the_payload_and_keeps_the_last_run(lab: AppTest) -> None:
    edit(lab, "Events")
    lab.text_area(key=K + "payload").input('{"orderId": ').run()
    assert not lab.exception
    # Breakable between its words in the narrow sidebar (soft hyphens), never in the middle of one
    assert any("Invalid\u00adRequest\u00adContent\u00adException" in e.value for e in lab.error)
    assert "HTTP 202" in text_of(lab), "the last valid scenario still shows"
    assert any("still those of the last valid settings" in w.value for w in lab.warning), "and says so"
    lab.text_area(key=K + "payload").input('{"orderId": 7}').run()
    assert not lab.warning


def test_a_fifo_destination_is_accepted_but_every_delivery_fails(lab: AppTest) -> None:
    choose(lab, "on_success_service", "sqs")
    lab.checkbox(key=K + "on_success_fifo").check().run()
    assert not lab.exception
    assert any("FIFO" in source for source in flowchart_sources(lab))


@pytest.mark.parametrize(("group", "switch", "field", "value", "words"), [
    ("Retries", "set_max_event_age", "max_event_age", 30, "Member must have value greater than or equal to 60"),
    ("Retries", "set_max_event_age", "max_event_age", 30_000, "less than or equal to 21600"),
    ("Function", None, "timeout", 901, "Member must have value between 1 and 900"),
    ("Function", "reserve", "reserved_concurrency", -1, "Member must have value greater than or equal to 0"),
])
def test_an_out_of_range_setting_gets_awss_validation_error_under_its_field(lab: AppTest, group: str,
                                                                           switch: str | None, field: str,
                                                                           value: int, words: str) -> None:
    """The field takes any number, so the learner sees AWS's own ValidationException, not a silent refusal."""
    lab.pills(key=K + "group").set_value(group).run()
    if switch:
        lab.checkbox(key=K + switch).check().run()
    lab.number_input(key=K + field).set_value(value).run()
    errors = [re.sub(r"\\(.)", r"\1", e.value) for e in lab.error]
    assert any(e.startswith("ValidationException: ") and words in e for e in errors), errors
    assert any("still those of the last valid settings" in w.value for w in lab.warning)


def test_aws_error_text_shows_as_sent_not_as_markdown(lab: AppTest) -> None:
    """AWS's pattern for a function name has underscores and backslashes that Markdown would eat."""
    lab.pills(key=K + "group").set_value("Function").run()
    lab.text_input(key=K + "function_name").input("bad name").run()
    [message] = [e.value for e in lab.error if "ValidationException" in e.value]
    unescaped = re.sub(r"\\(.)", r"\1", message)
    assert "[a-zA-Z0-9-_\\.]+" in unescaped, "the pattern reads as AWS wrote it once Markdown has rendered it"
    assert "\\_" in message and "\\\\" in message, "underscores and backslashes are escaped for Markdown"


def test_a_lambda_destination_named_like_the_function_gets_awss_error_next_to_the_field(lab: AppTest) -> None:
    choose(lab, "on_success_service", "lambda")
    lab.text_input(key=K + "on_success_name").input("orders").run()
    assert any(plain("You can't specify the function as a destination for itself.") in e.value for e in lab.error)


def test_step_through_moves_from_the_first_step_to_the_last(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    view(lab, "Step through")
    assert not [t for t in lab.toggle if t.key == K + "step.stepping"], "the view replaces the toggle"
    first = flowchart_sources(lab)[0]
    assert "Step 1 of" in text_of(lab)
    move(lab, "next")
    second = flowchart_sources(lab)[0]
    assert "Step 2 of" in text_of(lab)
    move(lab, "last")
    last = flowchart_sources(lab)[0]
    assert first != second != last
    position, total = re.search(r"Step (\d+) of (\d+)", text_of(lab)).groups()
    assert position == total
    move(lab, "next")
    assert f"Step {total} of {total}" in text_of(lab), "at the last step, Next keeps it"
    move(lab, "previous")
    move(lab, "previous")
    assert f"Step {int(total) - 2} of {total}" in text_of(lab)
    move(lab, "first")
    assert f"Step 1 of {total}" in text_of(lab)
    assert not lab.button(key=K + "step.previous").disabled, "disabled, it would drop the keyboard's focus"
    lab.button(key=K + "step.previous").click().run()
    assert f"Step 1 of {total}" in text_of(lab), "at the first step, Previous keeps it"


def test_the_arrow_keys_press_previous_and_next_for_a_projector_and_scroll_otherwise(lab: AppTest) -> None:
    view(lab, "Step through")
    assert not lab.button(key=K + "step.next").proto.shortcut, "they scroll a wide code block or timeline"
    lab.toggle(key="presenter").set_value(True).run()
    assert lab.button(key=K + "step.previous").proto.shortcut == "left"
    assert lab.button(key=K + "step.next").proto.shortcut == "right"
    assert "← and → keys press Previous and Next" in lab.slider(key=K + "step.position").help


def test_the_current_step_is_told_between_the_step_controls_and_the_flowchart(lab: AppTest) -> None:
    view(lab, "Step through")
    order = [getattr(node, "type", "") if type(node).__name__ == "UnknownElement" else type(node).__name__
             for node in lab.main]
    assert order.index("Slider") < order.index("Info") < order.index("graphviz_chart")


def test_stepping_stays_on_a_valid_step_when_a_change_shortens_the_run(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    view(lab, "Step through")
    move(lab, "last")
    choose(lab, "behavior_kind", "succeed")
    position, total = map(int, re.search(r"Step (\d+) of (\d+)", text_of(lab)).groups())
    assert position == total
    assert lab.slider(key=K + "step.position").value == total
    assert lab.slider(key=K + "step.position").label == f"Trace step (1 to {total})"


def test_the_url_holds_the_scenario_and_a_link_restores_it_exactly(open_page) -> None:
    scenario = Scenario(behavior=BehaviorSpec(kind="fail"), max_retry_attempts=1,
                        on_failure=TargetSpec(service="eventbridge"))
    at = open_page("ui/lab.py")
    at.query_params["s"] = scenario.to_token()
    at.run()
    assert not at.exception
    assert "ended `RetriesExhausted` after 2 attempt(s)" in text_of(at)
    edit(at, "Targets")
    assert at.selectbox(key=K + "on_failure_service").value == "eventbridge"
    assert at.query_params["s"] == scenario.to_token() or at.query_params["s"] == [scenario.to_token()]


def test_a_link_with_a_configuration_aws_refuses_shows_the_whole_error_above_its_diagram(open_page) -> None:
    scenario = Scenario(on_success=TargetSpec(service="s3"))  # S3 is accepted for OnFailure only
    at = open_page("ui/lab.py")
    at.query_params["s"] = scenario.to_token()
    at.run()
    assert not at.exception
    error = scenario.run().setup_error
    assert f"**{error.code}**: {plain(error.message)}" in [e.value for e in at.error]  # as sent, not as Markdown
    (diagram,) = flowchart_sources(at)
    assert "Configuration rejected" in diagram and error.code in diagram


def test_a_damaged_link_warns_and_falls_back_to_the_defaults(open_page) -> None:
    at = open_page("ui/lab.py")
    at.query_params["s"] = "not-a-scenario"
    at.run()
    assert not at.exception
    assert any("could not be opened" in w.value for w in at.warning)
    assert "ended `Success`" in text_of(at)


def test_an_error_in_a_group_not_on_screen_is_shown_at_the_top_naming_the_group(lab: AppTest) -> None:
    choose(lab, "on_success_service", "lambda")
    lab.text_input(key=K + "on_success_name").input("orders").run()
    edit(lab, "Trigger")
    assert any("Targets" in e.value and "for itself" in e.value for e in lab.error)


def test_the_builder_keeps_every_setting_when_switching_groups(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    choose(lab, "max_retry_attempts", 1)
    edit(lab, "Trigger")
    edit(lab, "Behaviour")
    assert lab.selectbox(key=K + "behavior_kind").value == "fail"
    assert "after 2 attempt(s)" in text_of(lab)


def test_an_edit_survives_a_group_switch_even_after_an_earlier_edit_of_the_same_field(lab: AppTest) -> None:
    edit(lab, "Function")
    lab.text_input(key=K + "function_name").input("first").run()
    edit(lab, "Trigger")
    edit(lab, "Function")
    lab.text_input(key=K + "function_name").input("second").run()
    edit(lab, "Retries")
    edit(lab, "Function")
    assert lab.text_input(key=K + "function_name").value == "second"
    token = lab.query_params["s"]
    assert Scenario.from_token(token[0] if isinstance(token, list) else token).function_name == "second"


def test_a_field_hidden_by_another_choice_keeps_its_value_when_it_comes_back(lab: AppTest) -> None:
    edit(lab, "Behaviour")
    lab.text_input(key=K + "behavior_result").input('{"ok": 1}').run()
    lab.selectbox(key=K + "behavior_kind").select("fail").run()
    assert not [t for t in lab.text_input if t.key == K + "behavior_result"]
    lab.selectbox(key=K + "behavior_kind").select("succeed").run()
    assert lab.text_input(key=K + "behavior_result").value == '{"ok": 1}'


def two_page_app(tmp_path: Path) -> tuple[AppTest, str]:
    """The Lab and another page, so that Streamlit forgets the Lab's widgets while the other page is shown.

    Returns the app and the Lab page's path for ``switch_page``.
    """
    lab_page = Path(__file__).parents[2] / "ui" / "lab.py"
    (tmp_path / "other.py").write_text("import streamlit as st\nst.write('Another page')\n")
    (tmp_path / "app.py").write_text(
        f"import streamlit as st\nst.navigation([st.Page({str(lab_page)!r}), st.Page('other.py')]).run()\n")
    return AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run(), os.path.relpath(lab_page, tmp_path)


def test_the_builder_keeps_its_settings_across_a_page_switch(tmp_path) -> None:
    app, lab_page = two_page_app(tmp_path)
    choose(app, "behavior_kind", "fail")
    edit(app, "Function")
    app.text_input(key=K + "function_name").input("orders").run()
    app.switch_page("other.py").run()
    assert not app.selectbox
    app.switch_page(lab_page).run()
    assert not app.exception, app.exception
    assert app.text_input(key=K + "function_name").value == "orders"
    edit(app, "Behaviour")
    assert app.selectbox(key=K + "behavior_kind").value == "fail"
    assert "after 3 attempt(s)" in text_of(app)


def test_presenter_mode_stays_on_when_the_teacher_visits_another_page_and_comes_back(tmp_path) -> None:
    app, lab_page = two_page_app(tmp_path)
    app.toggle(key="presenter").set_value(True).run()
    app.switch_page("other.py").run()
    app.switch_page(lab_page).run()
    assert not app.exception, app.exception
    assert app.toggle(key="presenter").value
    assert not [box for box in app.selectbox if box.key == K + "trigger"], "the editing panel stays hidden"


def test_clicking_the_open_group_again_keeps_it_open(lab: AppTest) -> None:
    edit(lab, "Retries")
    lab.pills(key=K + "group").set_value(None).run()
    assert not lab.exception
    assert lab.pills(key=K + "group").value == "Retries"
    assert lab.selectbox(key=K + "max_retry_attempts")


def test_clicking_the_open_group_or_view_first_of_all_keeps_it_and_never_fails(lab: AppTest) -> None:
    """Clicked before any other choice, the default pill or view was unselected: a KeyError replaced the Lab, and
    the view fell through to Code with none selected."""
    lab.pills(key=K + "group").set_value(None).run()
    assert not lab.exception
    assert lab.pills(key=K + "group").value == "Trigger" and lab.selectbox(key=K + "trigger")
    lab.segmented_control(key="lab.view").set_value(None).run()
    assert not lab.exception
    assert lab.segmented_control(key="lab.view").value == "Run" and lab.get("graphviz_chart")


def test_clicking_the_chosen_view_again_keeps_it(lab: AppTest) -> None:
    view(lab, "Step through")
    lab.segmented_control(key="lab.view").set_value(None).run()
    assert lab.segmented_control(key="lab.view").value == "Step through"
    assert lab.slider(key=K + "step.position")


def test_presenter_mode_gives_the_screens_height_to_the_diagram_title_and_link_note_go(lab: AppTest) -> None:
    assert lab.title and "address bar holds this scenario" in text_of(lab)
    lab.toggle(key="presenter").set_value(True).run()
    assert not lab.title and "address bar holds this scenario" not in text_of(lab)
    [style] = [html.proto.body for html in lab.get("html")]
    assert 'clip-path: inset(50%); white-space: nowrap; margin: 0; padding: 0">🧪 Lab</h1>' in style, \
        "out of sight, the page's h1 is still there for screen readers"
    lab.toggle(key="presenter").set_value(False).run()
    assert lab.title[0].value == "🧪 Lab"


def test_the_builder_is_in_the_sidebar_and_the_run_in_the_page(lab: AppTest) -> None:
    assert [s.key for s in lab.sidebar.selectbox] == [K + "trigger"]
    assert lab.sidebar.get("button_group")[0].proto.label == "⚙️ Build the scenario"
    assert not [s for s in lab.main.selectbox if s.key == K + "trigger"]
    assert lab.main.get("graphviz_chart") and "Change the scenario in the sidebar" in text_of(lab)


def test_presenter_mode_hides_the_editing_panel_and_keeps_the_diagram(lab: AppTest) -> None:
    lab.toggle(key="presenter").set_value(True).run()
    assert not lab.exception
    assert not [s for s in lab.selectbox if s.key == K + "trigger"]
    assert not lab.sidebar.children, "nothing in the sidebar: ui.every_page's style hides an empty one"
    assert flowchart_sources(lab)


def test_presenter_mode_enlarges_the_whole_page_and_lays_the_diagram_out_for_it(lab: AppTest) -> None:
    lab.toggle(key="presenter").set_value(True).run()
    [style] = [html.proto.body for html in lab.get("html")]
    assert style.startswith("<style>html { font-size: 140%; }") and "padding-top" in style
    assert "fontsize=14" in flowchart_sources(lab)[0]
    lab.toggle(key="presenter").set_value(False).run()
    assert not lab.get("html")
    assert "fontsize=10" in flowchart_sources(lab)[0]


def test_presenter_mode_offers_the_whole_diagram_on_screen(lab: AppTest) -> None:
    assert not [t for t in lab.toggle if t.key == "presenter.fit"], "only for a projector"
    lab.toggle(key="presenter").set_value(True).run()
    [style] = [html.proto.body for html in lab.get("html")]
    assert "max-height" not in style, "off at first: the diagram fills the width in larger text"
    lab.toggle(key="presenter.fit").set_value(True).run()
    [style, fit] = [html.proto.body for html in lab.get("html")]
    assert "max-height" not in style and "max-height: calc(100vh" in fit
    lab.toggle(key="presenter").set_value(False).run()
    lab.toggle(key="presenter").set_value(True).run()
    assert lab.toggle(key="presenter.fit").value, "kept while presenter mode is off"


def test_compare_shows_what_each_caller_got_side_by_side_then_both_flowcharts(lab: AppTest) -> None:
    view(lab, "Sync vs async")
    sync, asynchronous = (column.markdown[0].value for column in lab.columns[-2:])
    assert "Synchronous (RequestResponse)" in sync and "HTTP 200" in sync
    assert "Asynchronous (Event)" in asynchronous and "HTTP 202" in asynchronous
    sources = flowchart_sources(lab)
    assert len(sources) == 2
    assert "InvocationType=RequestResponse" in sources[0] and "InvocationType=Event" in sources[1]
    summaries = [summary for summary in _disclosures(lab) if summary.startswith("Text description")]
    assert summaries == ["Text description of the flowchart (Synchronous (RequestResponse))",
                         "Text description of the flowchart (Asynchronous (Event))"], "each has a name of its own"
    alts = [chart.proto.alt for chart in lab.get("graphviz_chart")]
    assert alts[0].startswith("Synchronous (RequestResponse): flowchart") and alts[0] != alts[1]


def test_the_code_view_shows_boto3_cli_and_sam(lab: AppTest) -> None:
    view(lab, "Code")
    code = "\n".join(block.value for block in lab.code)
    assert "put_function_event_invoke_config" in code or "boto3" in code
    assert "aws lambda" in code
    assert "AWS::Serverless" in code


def _disclosures(at: AppTest) -> dict[str, str]:
    """The collapsed ``<details>`` sections on the page, by their summary."""
    found = {}
    for markdown in at.markdown:
        for summary, body in re.findall(r"<details><summary>(.*?)</summary>(.*?)</details>", markdown.value, re.S):
            found[summary] = body
    return found


def test_the_flowchart_has_a_full_text_description_collapsed_under_it(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    description = _disclosures(lab)["Text description of the flowchart"].replace("\\", "")  # Markdown escapes
    assert "Flowchart." in description and "RetriesExhausted" in description
    assert not lab.expander, "a <details> section, not an expander: one element fewer on every rerun"


def test_the_invocation_record_has_every_field_explained_with_a_doc_link(lab: AppTest) -> None:
    picker = lab.selectbox(key=K + "payloads")
    picker.set_value(next(i for i, label in enumerate(picker.options) if "Invocation record" in label)).run()
    notes = _disclosures(lab)["Explain fields"]
    for field in ("version", "timestamp", "requestContext.condition", "responsePayload"):
        assert f"**`{field}`**" in notes
    assert notes.count("(https://docs.aws.amazon.com/") >= 10


def test_a_payload_other_than_the_record_has_no_field_notes(lab: AppTest) -> None:
    picker = lab.selectbox(key=K + "payloads")
    picker.set_value(next(i for i, label in enumerate(picker.options) if label.startswith("Event"))).run()
    assert "Explain fields" not in _disclosures(lab)


def test_html_typed_by_a_learner_is_shown_as_text_never_as_html(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    lab.text_input(key=K + "behavior_message").input("<img src=x onerror=alert(1)></details>").run()
    picker = lab.selectbox(key=K + "payloads")
    picker.set_value(next(i for i, label in enumerate(picker.options) if "Invocation record" in label)).run()
    with_html = [m.value for m in lab.markdown if m.proto.allow_html]
    # the flowchart's description with the timeline under it, and the payload
    assert len(with_html) == 2 and any("onerror" in text for text in with_html)
    for text in with_html:
        outside_code = re.sub(r"^(`{3,})\w*\n.*?\n\1$", "", text, flags=re.S | re.M)
        assert not re.search(r"(?<!\\)<img", outside_code), "only a backslash-escaped < may come before img"
        assert outside_code.count("<details>") == outside_code.count("</details>") <= 1
        assert outside_code.count("<div") == outside_code.count("</div>") <= 1


def test_a_function_that_times_out_says_which_timeout_stops_it_and_where_to_change_it(lab: AppTest) -> None:
    edit(lab, "Function")
    lab.number_input(key=K + "timeout").set_value(10).run()
    choose(lab, "behavior_kind", "timeout")
    assert not [n for n in lab.number_input if n.key == K + "behavior_duration"], "no run time: the timeout ends it"
    assert any("timeout stops it: 10 s, set in **Function**" in c.value for c in lab.caption)


def test_the_sessions_caches_of_runs_and_views_stay_bounded(lab: AppTest) -> None:
    from ui.lab_state import _CACHE_SIZE, VIEW_CACHE_SIZE

    edit(lab, "Events")
    for seed in range(1, _CACHE_SIZE + 4):
        lab.number_input(key=K + "seed").set_value(seed).run()
        assert not lab.exception
    assert len(lab.session_state["outcome_cache"]) == _CACHE_SIZE
    assert _CACHE_SIZE < len(lab.session_state["view_cache"]) <= VIEW_CACHE_SIZE
    token = lab.query_params["s"]
    newest = token[0] if isinstance(token, list) else token
    assert Scenario.from_token(newest).seed == _CACHE_SIZE + 3
    assert newest in lab.session_state["outcome_cache"], "the oldest runs go first, the newest stays"


def test_the_prefilled_sample_event_is_the_one_the_run_sends_for_any_seed(lab: AppTest) -> None:
    from engine.scenario import sample_payload

    edit(lab, "Events")
    lab.number_input(key=K + "seed").set_value(7).run()
    assert json.loads(lab.text_area(key=K + "payload").value) == sample_payload("s3", 7) != sample_payload("s3")
    assert "sequencer" in lab.text_area(key=K + "payload").value


def test_a_short_timeline_is_drawn_with_the_flowchart_description_and_marks_the_current_step(lab: AppTest) -> None:
    [shared] = [m.value for m in lab.markdown if DESCRIPTION_SUMMARY in m.value]
    timeline = timeline_heading(2)  # right under the page's h1, drawn at an h4's size
    assert timeline.startswith('<h2 style="font-size: 1.5rem') and timeline.endswith(">Timeline</h2>")
    assert timeline in shared and "| # | Time | What happened | Detail |" in shared
    assert shared.index("</details>") < shared.index(timeline), "the description first, then the timeline"
    view(lab, "Step through")
    [shared] = [m.value for m in lab.markdown if DESCRIPTION_SUMMARY in m.value]
    assert "| ▶ **1** |" in shared and "(not yet)" in shared


def test_a_long_timeline_gets_its_own_heading_and_scrolling_box(lab: AppTest) -> None:
    choose(lab, "behavior_kind", "fail")
    edit(lab, "Events")
    lab.number_input(key=K + "events").set_value(4).run()  # 4 events, 3 attempts each: more than 16 rows
    [described] = [m.value for m in lab.markdown if DESCRIPTION_SUMMARY in m.value]
    assert "Timeline" not in described
    assert [m for m in lab.markdown if m.value == timeline_heading(2)]
    [box] = [block for block in lab.main.get("flex_container") if block.proto.height_config.pixel_height]
    assert "| # | Time | What happened | Detail |" in box.markdown[0].value
