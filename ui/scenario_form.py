"""The scenario builder: every control a learner uses to configure the trigger, function and targets.

A form's values live in one ``FormState`` under ``<key>.form``; its widgets use the keys ``<key>.<field>``.
Widgets write a learner's change into the FormState (on_change) and are refilled from it before they are
drawn, because Streamlit forgets the state of widgets it does not draw: the other groups of the builder, a
field hidden by another choice, the whole builder after a page switch. Errors are shown next to the field
that caused them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine import events as sample_events
from engine.limits import FUNCTION_TIMEOUT_SECONDS, MAX_EVENT_AGE_SECONDS
from engine.outcome import Outcome
from engine.scenario import MAX_EVENTS, TRIGGER_LABELS, Scenario, sample_payload
from ui import kept_values
from ui.markdown_text import breakable_error_names, plain
from ui.scenario_state import (
    BEHAVIOR_LABELS,
    DEFAULT,
    DESTINATION_CHOICES,
    NONE,
    SERVICE_LABELS,
    FieldError,
    FormState,
)

#: The builder shows one group at a time: fewer widgets per rerun keeps every click fast (each widget costs
#: a rerun far more than text does), and each group is a natural step of configuring a function: what
#: invokes it, what its code does on each attempt, its configuration (name, timeout, concurrency), its
#: asynchronous settings, its targets, and the events sent.
GROUPS = ("Trigger", "Behaviour", "Function", "Retries", "Targets", "Events")
ROLE_TITLES = {"on_success": "OnSuccess destination", "on_failure": "OnFailure destination",
               "dead_letter": "Dead-letter queue"}
ROLE_SHORT = {"on_success": "OnSuccess target", "on_failure": "OnFailure target", "dead_letter": "DLQ"}
_MISSING = object()


def group_of(field: str) -> str:
    """The builder group that shows a field: its widgets, and the errors about it."""
    if field.startswith(("on_success", "on_failure", "dead_letter")):
        return "Targets"
    if field.startswith("behavior"):
        return "Behaviour"
    if field.startswith("reserve") or field in ("function_name", "timeout"):
        return "Function"
    if field in ("max_retry_attempts", "set_max_event_age", "max_event_age"):
        return "Retries"
    if field in ("trigger", "invocation_type"):
        return "Trigger"
    return "Events"


def load(key: str, scenario: Scenario) -> None:
    """Put a scenario into the form (a shared link, a lesson preset, a solution); takes effect on this run."""
    _state(key, scenario).load(scenario)


def current(key: str, default: Scenario) -> Scenario:
    """The last valid scenario of this form (the default before the learner touches anything)."""
    return _state(key, default).scenario


def read(key: str, default: Scenario) -> tuple[Scenario, list[FieldError]]:
    """The scenario the builder describes now, or the last valid one and what is wrong with the new values.

    Read before anything is drawn: the learner's latest change is already in the form's state, so the page
    can run the scenario first and then draw every error right under its field, with no placeholders.
    """
    state = _state(key, default)
    errors = state.parse()
    return state.scenario, errors


def draw(key: str, errors: list[FieldError], title: str = "") -> None:
    """Draw the builder's active group, each error under its field; errors of other groups go on top.

    ``title`` is shown above the groups (the Lab's sidebar); without one, the groups go unlabelled.
    """
    active = _active_group(key)
    elsewhere = [f"**{group_of(e.field)}**: {_shown(e.message)}" for e in errors if group_of(e.field) != active]
    if elsewhere:
        st.error("\n\n".join(elsewhere), icon="⚠️")
    st.pills(title or "Configure", GROUPS, key=f"{key}.group", on_change=kept_values.remember,
             args=(f"{key}.group",), label_visibility="visible" if title else "collapsed",
             wrap=True)  # wrap: a narrow column must hide no group
    state = st.session_state[f"{key}.form"]
    shown = {e.field: _shown(e.message) for e in errors if group_of(e.field) == active}  # AWS's text, as sent
    _DRAW_GROUP[active](_Binder(key, state.values), shown)
    for message in shown.values():  # a field of this group without a place of its own
        st.error(message, icon="⚠️")


def _shown(message: str) -> str:
    """An error as the builder shows it, in a narrow column: as sent, and its AWS name broken between words."""
    return breakable_error_names(plain(message))


def errors_with_setup(errors: list[FieldError], outcome: Outcome) -> list[FieldError]:
    """The form's own errors, plus the AWS error Lambda gave when the configuration was applied."""
    if outcome.setup_error is None:
        return errors
    setup = outcome.setup_error
    return [*errors, FieldError(setup.field, f"{setup.code}: {setup.message}")]


def _state(key: str, default: Scenario) -> FormState:
    state = st.session_state.get(f"{key}.form")
    if state is None:
        state = st.session_state[f"{key}.form"] = FormState.of(default)
    return state


def _active_group(key: str) -> str:
    return kept_values.restore(f"{key}.group", GROUPS[0])


def _error(shown: dict[str, str], field: str) -> None:
    """The field's error, right under it (once)."""
    message = shown.pop(field, None)
    if message:
        st.error(message, icon="⚠️")


class _Binder:
    """Ties a widget to one field of the form: ``st.selectbox(..., **b("trigger"))``.

    Gives the widget its value just before it is drawn, writing it only when it differs: a widget the learner
    just changed already agrees (its on_change copied the change in), while one Streamlit forgot, or one
    still showing a value from before a load, does not. Returns the key and the on_change that records the
    learner's next change.
    """

    def __init__(self, key: str, values: dict[str, Any]) -> None:
        self.key, self.values = key, values

    def __call__(self, field: str, then: Callable[[str], None] | None = None) -> dict[str, Any]:
        widget_key, value = f"{self.key}.{field}", self.values[field]
        if st.session_state.get(widget_key, _MISSING) != value:
            st.session_state[widget_key] = value
        return {"key": widget_key, "on_change": _record, "args": (self.key, field, then)}


def _record(key: str, field: str, then: Callable[[str], None] | None) -> None:
    """A learner changed a widget: copy the value into the form's state (and run the field's follow-up)."""
    st.session_state[f"{key}.form"].values[field] = st.session_state[f"{key}.{field}"]
    if then is not None:
        then(key)


def _trigger_group(b: _Binder, shown: dict[str, str]) -> None:
    st.selectbox("What invokes the function", list(TRIGGER_LABELS), format_func=TRIGGER_LABELS.get,
                 **b("trigger", then=_refresh_sample))
    trigger = b.values["trigger"]
    if trigger == "sdk":
        st.radio("Invocation type", ["Event", "RequestResponse"], horizontal=True, **b("invocation_type"),
                 help="`Event` is asynchronous (202, queued, retried, destinations apply); "
                      "`RequestResponse` is synchronous (200, the caller gets the result).")
    else:
        spec = sample_events.TRIGGERS[trigger]
        kind = "asynchronously (Event)" if spec.invocation_type == "Event" else "synchronously (RequestResponse)"
        st.caption(f"{spec.label} invokes Lambda **{kind}**. {spec.description} [AWS docs]({spec.doc_url})")


def _behaviour_group(b: _Binder, shown: dict[str, str]) -> None:
    """What the handler does on each attempt, and for how long."""
    st.selectbox("Behaviour", list(BEHAVIOR_LABELS), format_func=BEHAVIOR_LABELS.get, **b("behavior_kind"))
    behavior = b.values["behavior_kind"]
    if behavior in ("succeed", "fail_first"):
        st.text_input("Result (JSON)", **b("behavior_result"))
        _error(shown, "behavior_result")
    if behavior in ("fail", "fail_first", "flaky"):
        with _row():
            st.text_input("Error type", **b("behavior_error_type"))
            st.text_input("Error message", **b("behavior_message"))
        _error(shown, "behavior_error_type")
    if behavior == "fail_first":
        st.number_input("Attempts that fail first", min_value=0, max_value=10, step=1, **b("behavior_fail_count"))
    if behavior == "flaky":
        st.slider("Probability that an attempt fails", 0.0, 1.0, step=0.05, **b("behavior_probability"))
    if behavior == "timeout":
        st.caption(f"Each run lasts until the function's timeout stops it: {b.values['timeout']:g} s, set in "
                   "**Function**.")
    else:
        st.number_input("Run time (s)", min_value=0.0, max_value=900.0, step=0.1, **b("behavior_duration"),
                        help="How long each run takes. A run longer than the function's timeout (in "
                             "**Function**) is stopped by it.")


def _function_group(b: _Binder, shown: dict[str, str]) -> None:
    """The function's configuration: its name, timeout and reserved concurrency."""
    st.text_input("Function name", **b("function_name"))
    _error(shown, "function_name")
    low, high = FUNCTION_TIMEOUT_SECONDS
    st.number_input("Timeout (s)", step=1, **b("timeout"), help=f"{low}–{high} seconds; default 3.")
    _error(shown, "timeout")
    st.checkbox("Reserve concurrency", **b("reserve"),
                help="Reserved concurrency caps the function's concurrent runs. 0 stops it running at all.")
    if b.values["reserve"]:
        st.number_input("Reserved concurrency", step=1, **b("reserved_concurrency"))
    _error(shown, "reserved_concurrency")


def _async_group(b: _Binder, shown: dict[str, str]) -> None:
    st.caption("These settings apply to asynchronous invocations only (PutFunctionEventInvokeConfig).")
    st.selectbox("Retry attempts (MaximumRetryAttempts)", [DEFAULT, 0, 1, 2], **b("max_retry_attempts"),
                 format_func=lambda v: "Not set (default 2)" if v == DEFAULT else str(v))
    _error(shown, "max_retry_attempts")
    # A short label: a narrow column cuts a checkbox's label short, and the API name is on the field below.
    st.checkbox("Set a maximum event age", **b("set_max_event_age"),
                help="MaximumEventAgeInSeconds: 60–21,600 seconds; when not set, events are kept up to 6 hours.")
    if b.values["set_max_event_age"]:
        low, high = MAX_EVENT_AGE_SECONDS
        st.number_input("MaximumEventAgeInSeconds", step=30, **b("max_event_age"), help=f"{low}–{high:,} seconds.")
    _error(shown, "max_event_age")


def _targets_group(b: _Binder, shown: dict[str, str]) -> None:
    for role, choices in DESTINATION_CHOICES.items():
        _target(b, role, choices)
        _error(shown, role)
    st.caption("Amazon S3 is offered for OnFailure only: Lambda accepts an S3 bucket as an OnFailure "
               "destination, not as an OnSuccess one. A dead-letter queue is an SQS queue or an SNS topic.")


def _events_group(b: _Binder, shown: dict[str, str]) -> None:
    st.text_area("Event payload (JSON)", height=220, **b("payload", then=_payload_edited))
    if not b.values["payload_is_sample"]:
        st.button("Use the trigger's sample event", key=f"{b.key}.reset_payload", on_click=_use_sample,
                  args=(b.key,))
    _error(shown, "payload")
    with _row():
        st.number_input("Events to send", min_value=1, max_value=MAX_EVENTS, step=1, **b("events"))
        st.number_input("Seconds between events", min_value=0.0, max_value=3600.0, step=1.0, **b("interval"))
    with _row(vertical_alignment="bottom"):
        st.number_input("Seed", min_value=0, max_value=2**31 - 1, step=1, **b("seed", then=_refresh_sample),
                        help="Runs are deterministic: the same seed gives the same request ids and outcomes.")
        st.checkbox("Jitter retry delays", **b("jitter"),
                    help="A simulator option: AWS gives only approximate retry delays.")


def _target(b: _Binder, role: str, choices: tuple[str, ...]) -> None:
    st.selectbox(ROLE_TITLES[role], choices, format_func=SERVICE_LABELS.get, **b(f"{role}_service"))
    service = b.values[f"{role}_service"]
    if service == NONE:
        return
    # Each field names its target: with all three set, a screen reader heard three "Name" boxes, two "FIFO"
    # and three "Exists" (WCAG 2.4.6).
    short = ROLE_SHORT[role]
    st.text_input(f"{short} name (empty: derived from the function)", label_visibility="collapsed",
                  **b(f"{role}_name"), placeholder="name (empty: derived from the function)")
    with _row():
        if service in ("sqs", "sns"):
            st.checkbox(f"{short} is FIFO", **b(f"{role}_fifo"),
                        help="Lambda cannot deliver to FIFO queues or topics: every delivery fails.")
        st.checkbox(f"{short} exists", **b(f"{role}_exists"),
                    help="Untick to configure a target that was never created (or was deleted).")


_DRAW_GROUP: dict[str, Callable[[_Binder, dict[str, str]], None]] = {
    "Trigger": _trigger_group, "Behaviour": _behaviour_group, "Function": _function_group, "Retries": _async_group,
    "Targets": _targets_group, "Events": _events_group}


def _row(vertical_alignment: str = "top") -> DeltaGenerator:
    """Fields side by side: one horizontal container costs each rerun less than a set of columns."""
    return st.container(horizontal=True, vertical_alignment=vertical_alignment)


def _refresh_sample(key: str) -> None:
    """A new trigger or seed brings its own sample event, unless the learner has written their own."""
    if st.session_state[f"{key}.form"].values["payload_is_sample"]:
        _use_sample(key)


def _use_sample(key: str) -> None:
    values = st.session_state[f"{key}.form"].values
    values["payload"] = json.dumps(sample_payload(values["trigger"], values["seed"]), indent=2)
    values["payload_is_sample"] = True


def _payload_edited(key: str) -> None:
    st.session_state[f"{key}.form"].values["payload_is_sample"] = False
