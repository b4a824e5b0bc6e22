"""Hypothesis strategies for Scenarios, shared by test_scenario.py and test_properties.py."""

from __future__ import annotations

from hypothesis import strategies as st

from engine.scenario import Scenario, TargetSpec

TRIGGERS = ["s3", "sns", "eventbridge", "cloudwatch_logs", "api_gateway", "alb", "cognito", "sdk"]
KINDS = ["succeed", "fail", "timeout", "crash", "out_of_memory", "fail_first", "flaky"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)

small_json = st.none() | st.sampled_from([{}, {"order": 1}, [1, "two"], "text", 3.5])


def behaviors(values: st.SearchStrategy) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {"kind": st.sampled_from(KINDS)},
        optional={
            "duration": st.sampled_from([0.0, 0.1, 0.5, 2.0, 5.0]),
            "fail_count": st.integers(0, 3),
            "probability": st.sampled_from([0.0, 0.3, 0.5, 1.0]),
            "error_type": st.sampled_from(["ValueError", "KeyError", "errors.Custom"]),
            "message": st.text(max_size=20) if values is json_values else st.sampled_from(["bad", "é" * 3]),
            "result": values,
        },
    )


def targets(services: list[str]) -> st.SearchStrategy[TargetSpec | None]:
    return st.none() | st.builds(
        TargetSpec,
        service=st.sampled_from(services),
        name=st.sampled_from(["", "shared", "orders", "default"]),
        fifo=st.booleans(),
        exists=st.booleans(),
    )


def scenarios(*, rich_json: bool = False, max_events: int = 5) -> st.SearchStrategy[Scenario]:
    """Valid scenarios: behaviours, retries 0–2, ages 60–21600, reserved concurrency incl. 0 and small values,
    several events with an interval, every kind of target. ``rich_json`` draws arbitrary payloads and results
    (for the token round trip); otherwise a few fixed ones keep generation cheap."""
    values = json_values if rich_json else small_json
    fields = {
        "trigger": st.sampled_from(TRIGGERS),
        "invocation_type": st.sampled_from(["Event", "RequestResponse"]),
        "behavior": behaviors(values),
        "timeout": st.sampled_from([1, 3, 10]),
        "reserved_concurrency": st.none() | st.integers(0, 3),
        "max_retry_attempts": st.none() | st.integers(0, 2),
        "max_event_age": st.none() | st.integers(60, 21_600) | st.sampled_from([60, 61, 90, 180, 21_600]),
        "on_success": targets(["sqs", "sns", "eventbridge", "lambda", "s3"]),
        "on_failure": targets(["sqs", "sns", "eventbridge", "lambda", "s3"]),
        "dead_letter": targets(["sqs", "sns"]),
        "payload": st.none() | values,
        "events": st.integers(1, max_events),
        "interval": st.sampled_from([0.0, 0.05, 1.0, 30.0, 90.0]),
        "seed": st.integers(0, 2**31 - 1),
        "jitter": st.booleans(),
        "duplicate_rate": st.sampled_from([0.0, 0.0, 0.5]),
    }
    return st.fixed_dictionaries({}, optional=fields).map(Scenario.model_validate)
