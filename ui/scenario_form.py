"""The scenario builder: every control a learner uses to configure the trigger, function and targets.

The widgets' values live in ``st.session_state`` under ``<key>.<field>``; the last valid Scenario lives
under ``<key>.scenario`` so it survives page switches (Streamlit forgets the state of widgets that are not
drawn). Errors are shown next to the field that caused them.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from engine import events as sample_events
from engine.limits import FUNCTION_TIMEOUT_SECONDS, MAX_EVENT_AGE_SECONDS
from engine.outcome import Outcome
from engine.scenario import MAX_EVENTS, TRIGGER_LABELS, Scenario, sample_payload
from ui.scenario_state import (
    BEHAVIOR_LABELS,
    DEFAULT,
    DESTINATION_CHOICES,
    NONE,
    SERVICE_LABELS,
    FieldError,
    from_widget_values,
    to_widget_values,
)

FIELDS = tuple(to_widget_values(Scenario()))
#: The builder shows one group at a time: fewer widgets per rerun keeps every click fast, and each group
#: is a natural step of configuring a function (trigger → code → async settings → targets → events).
GROUPS = ("Trigger", "Function", "Retries", "Targets", "Events")
ROLE_TITLES = {"on_success": "OnSuccess destination", "on_failure": "OnFailure destination",
               "dead_letter": "Dead-letter queue"}


def load(key: str, scenario: Scenario) -> None:
    """Put a scenario into the form (a shared link, a lesson preset, a solution); takes effect on this run."""
    st.session_state[f"{key}.scenario"] = scenario
    for field, value in to_widget_values(scenario).items():
        st.session_state[f"{key}.{field}"] = value


def current(key: str, default: Scenario) -> Scenario:
    """The last valid scenario of this form (the default before the learner touches anything)."""
    if f"{key}.scenario" not in st.session_state:
        load(key, default)
    return st.session_state[f"{key}.scenario"]


def read(key: str, default: Scenario) -> tuple[Scenario, list[FieldError]]:
    """The scenario the builder describes now, or the last valid one and what is wrong with the new values.

    Read before anything is drawn: Streamlit has already stored the learner's latest change, so the page can
    run the scenario first and then draw every error right under its field, with no placeholders.
    """
    scenario = current(key, default)
    _restore_widgets(key, scenario, active=_active_group(key))
    new, errors = from_widget_values({f: st.session_state[f"{key}.{f}"] for f in FIELDS})
    if new is not None:
        st.session_state[f"{key}.scenario"] = new
    return st.session_state[f"{key}.scenario"], errors


def draw(key: str, errors: list[FieldError]) -> None:
    """Draw the builder's active group, each error under its field; errors of other groups go on top."""
    active = _active_group(key)
    elsewhere = [f"**{group_of(e.field)}**: {e.message}" for e in errors if group_of(e.field) != active]
    if elsewhere:
        st.error("\n\n".join(elsewhere), icon="⚠️")
    k = _keys(key)
    st.pills("Configure", GROUPS, key=k("group"), default=GROUPS[0], label_visibility="collapsed")
    shown = {e.field: e.message for e in errors if group_of(e.field) == active}
    {"Trigger": _trigger_group, "Function": _function_group, "Retries": _async_group,
     "Targets": _targets_group, "Events": _events_group}[active](key, k, shown)
    for message in shown.values():  # a field of this group without a place of its own
        st.error(message, icon="⚠️")


def errors_with_setup(errors: list[FieldError], outcome: Outcome) -> list[FieldError]:
    """The form's own errors, plus the AWS error Lambda gave when the configuration was applied."""
    if outcome.setup_error is None:
        return errors
    setup = outcome.setup_error
    return [*errors, FieldError(setup.field, f"{setup.code}: {setup.message}")]


def _active_group(key: str) -> str:
    return st.session_state.get(f"{key}.group") or GROUPS[0]


def _error(shown: dict[str, str], field: str) -> None:
    """The field's error, right under it (once)."""
    message = shown.pop(field, None)
    if message:
        st.error(message, icon="⚠️")


def group_of(field: str) -> str:
    """The builder group that shows a field: its widgets, and the errors about it."""
    if field.startswith(("on_success", "on_failure", "dead_letter")):
        return "Targets"
    if field.startswith(("behavior", "reserve")) or field in ("function_name", "timeout"):
        return "Function"
    if field in ("max_retry_attempts", "set_max_event_age", "max_event_age"):
        return "Retries"
    if field in ("trigger", "invocation_type"):
        return "Trigger"
    return "Events"


def _restore_widgets(key: str, scenario: Scenario, active: str) -> None:
    """Give widgets their values from the scenario, except those the learner is editing right now.

    Streamlit forgets (or resets) the state of widgets it did not draw on the last run: the other groups
    of the builder, or the whole builder after a page switch. Only the group that was on screen last run and
    still is keeps its live widget values.
    """
    last = st.session_state.get(f"{key}.last_group")
    present = set(st.session_state.keys())  # one pass: each `in st.session_state` would scan all state
    for field, value in to_widget_values(scenario).items():
        widget_key = f"{key}.{field}"
        if active == last and group_of(field) == active and widget_key in present:
            continue
        st.session_state[widget_key] = value
    st.session_state[f"{key}.last_group"] = active


def _trigger_group(key: str, k: Callable[[str], str], shown: dict[str, str]) -> None:
    st.selectbox("What invokes the function", list(TRIGGER_LABELS), format_func=TRIGGER_LABELS.get,
                 key=k("trigger"), on_change=_refresh_sample, args=(key,))
    trigger = st.session_state[k("trigger")]
    if trigger == "sdk":
        st.radio("Invocation type", ["Event", "RequestResponse"], key=k("invocation_type"), horizontal=True,
                 help="`Event` is asynchronous (202, queued, retried, destinations apply); "
                      "`RequestResponse` is synchronous (200, the caller gets the result).")
    else:
        spec = sample_events.TRIGGERS[trigger]
        kind = "asynchronously (Event)" if spec.invocation_type == "Event" else "synchronously (RequestResponse)"
        st.caption(f"{spec.label} invokes Lambda **{kind}**. {spec.description} [AWS docs]({spec.doc_url})")


def _function_group(key: str, k: Callable[[str], str], shown: dict[str, str]) -> None:
    st.text_input("Function name", key=k("function_name"))
    _error(shown, "function_name")
    st.selectbox("Behaviour", list(BEHAVIOR_LABELS), format_func=BEHAVIOR_LABELS.get, key=k("behavior_kind"))
    behavior = st.session_state[k("behavior_kind")]
    if behavior in ("succeed", "fail_first"):
        st.text_input("Result (JSON)", key=k("behavior_result"))
        _error(shown, "behavior_result")
    if behavior in ("fail", "fail_first", "flaky"):
        columns = st.columns(2)
        columns[0].text_input("Error type", key=k("behavior_error_type"))
        columns[1].text_input("Error message", key=k("behavior_message"))
        _error(shown, "behavior_error_type")
    if behavior == "fail_first":
        st.number_input("Attempts that fail first", min_value=0, max_value=10, step=1, key=k("behavior_fail_count"))
    if behavior == "flaky":
        st.slider("Probability that an attempt fails", 0.0, 1.0, step=0.05, key=k("behavior_probability"))
    columns = st.columns(2)
    if behavior != "timeout":
        columns[0].number_input("Run time (s)", min_value=0.0, max_value=900.0, step=0.1,
                                key=k("behavior_duration"),
                                help="How long each run takes. A run longer than the timeout is stopped by it.")
    low, high = FUNCTION_TIMEOUT_SECONDS
    columns[1].number_input("Timeout (s)", min_value=low, max_value=high, step=1, key=k("timeout"),
                            help="1–900 seconds; default 3.")
    _error(shown, "timeout")
    st.checkbox("Reserve concurrency", key=k("reserve"),
                help="Reserved concurrency caps the function's concurrent runs. 0 stops it running at all.")
    if st.session_state[k("reserve")]:
        st.number_input("Reserved concurrency", min_value=0, max_value=900, step=1, key=k("reserved_concurrency"))
    _error(shown, "reserved_concurrency")


def _async_group(key: str, k: Callable[[str], str], shown: dict[str, str]) -> None:
    st.caption("These settings apply to asynchronous invocations only (PutFunctionEventInvokeConfig).")
    st.selectbox("Retry attempts (MaximumRetryAttempts)", [DEFAULT, 0, 1, 2], key=k("max_retry_attempts"),
                 format_func=lambda v: "Not set (default 2)" if v == DEFAULT else str(v))
    _error(shown, "max_retry_attempts")
    st.checkbox("Set a maximum event age (MaximumEventAgeInSeconds)", key=k("set_max_event_age"),
                help="60–21,600 seconds; when not set, events are kept up to 6 hours.")
    if st.session_state[k("set_max_event_age")]:
        st.number_input("Maximum event age (seconds)", min_value=MAX_EVENT_AGE_SECONDS[0],
                        max_value=MAX_EVENT_AGE_SECONDS[1], step=30, key=k("max_event_age"))
    _error(shown, "max_event_age")


def _targets_group(key: str, k: Callable[[str], str], shown: dict[str, str]) -> None:
    for role, choices in DESTINATION_CHOICES.items():
        _target(k, role, choices)
        _error(shown, role)
    st.caption("Amazon S3 is offered for OnFailure only: Lambda accepts an S3 bucket as an OnFailure "
               "destination, not as an OnSuccess one. A dead-letter queue is an SQS queue or an SNS topic.")


def _events_group(key: str, k: Callable[[str], str], shown: dict[str, str]) -> None:
    st.text_area("Event payload (JSON)", key=k("payload"), height=220, on_change=_payload_edited, args=(key,))
    if not st.session_state[k("payload_is_sample")]:
        st.button("Use the trigger's sample event", key=k("reset_payload"), on_click=_use_sample, args=(key,))
    _error(shown, "payload")
    columns = st.columns(2)
    columns[0].number_input("Events to send", min_value=1, max_value=MAX_EVENTS, step=1, key=k("events"))
    columns[1].number_input("Seconds between events", min_value=0.0, max_value=3600.0, step=1.0,
                            key=k("interval"))
    columns = st.columns(2)
    columns[0].number_input("Seed", min_value=0, max_value=2**31 - 1, step=1, key=k("seed"),
                            help="Runs are deterministic: the same seed gives the same request ids and outcomes.")
    columns[1].checkbox("Jitter retry delays", key=k("jitter"),
                        help="A simulator option: AWS gives only approximate retry delays.")


def _target(k: Callable[[str], str], role: str, choices: tuple[str, ...]) -> None:
    st.selectbox(ROLE_TITLES[role], choices, format_func=SERVICE_LABELS.get, key=k(f"{role}_service"))
    service = st.session_state[k(f"{role}_service")]
    if service == NONE:
        return
    st.text_input("Name (empty: derived)", key=k(f"{role}_name"), label_visibility="collapsed",
                  placeholder="name (empty: derived from the function)")
    columns = st.columns(2)
    if service in ("sqs", "sns"):
        columns[0].checkbox("FIFO", key=k(f"{role}_fifo"),
                            help="Lambda cannot deliver to FIFO queues or topics: every delivery fails.")
    columns[1].checkbox("Exists", key=k(f"{role}_exists"),
                        help="Untick to configure a target that was never created (or was deleted).")


def _keys(key: str) -> Callable[[str], str]:
    return lambda field: f"{key}.{field}"


def _refresh_sample(key: str) -> None:
    if st.session_state[f"{key}.payload_is_sample"]:
        _use_sample(key)


def _use_sample(key: str) -> None:
    import json

    st.session_state[f"{key}.payload"] = json.dumps(sample_payload(st.session_state[f"{key}.trigger"]), indent=2)
    st.session_state[f"{key}.payload_is_sample"] = True


def _payload_edited(key: str) -> None:
    st.session_state[f"{key}.payload_is_sample"] = False
