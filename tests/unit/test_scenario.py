"""Scenario: validation, sharing tokens, and running it into an Outcome (DESIGN "Scenario and Outcome")."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError
from scenario_strategies import scenarios

from engine.scenario import BehaviorSpec, Scenario, TargetSpec

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


# --- validation ---------------------------------------------------------------------------------------------

def test_the_default_scenario_is_valid_and_frozen():
    """DESIGN: Scenario is a frozen pydantic model."""
    scenario = Scenario()
    assert (scenario.function_name, scenario.trigger, scenario.is_async) == ("orders", "s3", True)
    with pytest.raises(ValidationError):
        scenario.events = 2  # type: ignore[misc]


@pytest.mark.parametrize("changes", [
    {"max_retry_attempts": 3}, {"max_retry_attempts": -1},          # §3 0–2
    {"max_event_age": 59}, {"max_event_age": 21_601},               # §3 60–21,600
    {"timeout": 0}, {"timeout": 901},                               # standard functions 1–900 s
    {"reserved_concurrency": -1}, {"reserved_concurrency": 901},    # §4 keep 100 of 1,000 unreserved
    {"events": 0}, {"events": 51}, {"interval": -1}, {"seed": -1}, {"duplicate_rate": 1.5},
    {"function_name": "bad name"}, {"function_name": "f" * 65}, {"function_name": ""},
    {"trigger": "kinesis"}, {"invocation_type": "DryRun"},
    {"behavior": {"kind": "explode"}}, {"behavior": {"probability": 1.5}}, {"behavior": {"duration": -1}},
    {"behavior": {"error_type": "not a class"}},
    {"on_success": {"service": "dynamodb"}}, {"on_failure": {"service": "sqs", "name": "a.b"}},
    {"colour": "blue"},
])
def test_invalid_values_raise_a_pydantic_validation_error(changes):
    """DESIGN: invalid scenarios fail validation (§3 and §8 ranges; unknown fields are refused)."""
    with pytest.raises(ValidationError):
        Scenario.model_validate(changes)
    with pytest.raises(ValidationError):
        Scenario().with_changes(**changes)


@pytest.mark.parametrize("service", ["eventbridge", "lambda", "s3"])
def test_a_dead_letter_queue_must_be_sqs_or_sns_with_a_message_a_learner_understands(service):
    """§7 Targets: DLQ is SQS standard or SNS standard; DESIGN: messages a learner understands."""
    with pytest.raises(ValidationError) as caught:
        Scenario(dead_letter=TargetSpec(service=service))
    assert "A dead-letter queue must be an Amazon SQS queue or an Amazon SNS topic." in str(caught.value)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"max_retry_attempts": 0}, 0), ({"max_retry_attempts": 2}, 2),
])
def test_values_at_the_bounds_are_valid(changes, expected):
    """§3: MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds 60–21,600 (bounds included)."""
    assert Scenario(**changes).max_retry_attempts == expected
    assert Scenario(max_event_age=60).max_event_age == 60
    assert Scenario(max_event_age=21_600).max_event_age == 21_600


# --- sharing tokens ----------------------------------------------------------------------------------------

@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(rich_json=True))
def test_a_token_round_trips_to_the_same_scenario(scenario):
    """DESIGN: the Scenario is the unit that is shared (encoded into the URL)."""
    token = scenario.to_token()
    assert Scenario.from_token(token) == scenario
    assert token == token.strip() and all(c.isalnum() or c in "-_" for c in token)


def test_the_default_scenario_has_a_short_token():
    """Scenario.to_token: only what differs from the defaults, compressed."""
    assert Scenario.from_token(Scenario().to_token()) == Scenario()
    assert len(Scenario().to_token()) < 20


def _token(data: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")


@pytest.mark.parametrize("token", [
    "", "!!!!", "not-a-token", Scenario(events=3).to_token()[:-3],
    base64.urlsafe_b64encode(b"plain text").decode(),
    _token(b"{not json"), _token(b"[1, 2, 3]"), _token(b'"text"'),
    _token(json.dumps({"max_retry_attempts": 9}).encode()),
    _token(json.dumps({"unknown": 1}).encode()),
    "A" * 20_001,
])
def test_a_damaged_token_raises_a_validation_error(token):
    """Scenario.from_token: a damaged one raises pydantic's ValidationError."""
    with pytest.raises(ValidationError):
        Scenario.from_token(token)


def test_a_token_that_is_not_a_string_raises_a_validation_error():
    """Scenario.from_token: only strings are tokens."""
    with pytest.raises(ValidationError):
        Scenario.from_token(12345)  # type: ignore[arg-type]


def test_a_zip_bomb_token_is_refused():
    """Scenario.from_token decompresses at most a bounded amount."""
    bomb = _token(b'{"seed": 1' + b" " * 5_000_000 + b"}")
    assert len(bomb) < 20_000
    with pytest.raises(ValidationError):
        Scenario.from_token(bomb)


# --- running ------------------------------------------------------------------------------------------------

def test_a_failing_async_scenario_reaches_its_onfailure_queue_after_three_attempts():
    """§3 (2 retries, 60 s then 120 s, S1) and §5 OnFailure, through the Scenario."""
    outcome = Scenario(trigger="sdk", behavior=BehaviorSpec(kind="fail"), payload={"order": 1},
                       on_failure=TargetSpec(service="sqs")).run()
    assert outcome.setup_error is None
    assert outcome.conditions() == ["RetriesExhausted"]
    assert outcome.attempts() == [3]
    assert [(r.status, r.payload) for r in outcome.responses] == [(202, None)]
    (delivery,) = outcome.delivered("on_failure")
    assert delivery.time == 180.3
    assert delivery.target == "arn:aws:sqs:us-east-1:123456789012:orders-failures"
    assert delivery.payload["requestPayload"] == {"order": 1}
    assert outcome.events_sent == [{"order": 1}]
    assert outcome.metrics["Invocations"] == 3
    assert outcome.function_arn == ARN + "orders"


def test_a_sync_trigger_returns_200_and_never_reaches_a_destination():
    """§2 API Gateway invokes synchronously; §5 a RequestResponse call never triggers a destination."""
    outcome = Scenario(trigger="api_gateway", behavior=BehaviorSpec(kind="fail"),
                       on_failure=TargetSpec(service="sqs"), dead_letter=TargetSpec(service="sns")).run()
    assert outcome.invocation_type == "RequestResponse"
    ((response),) = outcome.responses
    assert (response.status, response.function_error) == (200, "Unhandled")
    assert response.payload["errorType"] == "ValueError"
    assert outcome.results == []
    assert outcome.delivered("on_failure") == [] and outcome.delivered("dead_letter") == []


def test_reserved_concurrency_zero_in_a_scenario_ends_every_event_at_once():
    """§4 Async: reserved concurrency 0 → 202, then ZeroReservedConcurrency, count 0."""
    outcome = Scenario(reserved_concurrency=0, events=3, on_failure=TargetSpec(service="eventbridge")).run()
    assert [r.status for r in outcome.responses] == [202, 202, 202]
    assert outcome.conditions() == ["ZeroReservedConcurrency"] * 3
    assert outcome.attempts() == [0, 0, 0]
    assert len(outcome.delivered("on_failure")) == 3


def test_a_sync_scenario_with_reserved_concurrency_zero_records_the_429():
    """§4 Sync: 429 TooManyRequestsException `Rate Exceeded.`."""
    outcome = Scenario(trigger="sdk", invocation_type="RequestResponse", reserved_concurrency=0).run()
    ((response),) = outcome.responses
    assert (response.status, response.error_code, response.error_message) == (
        429, "TooManyRequestsException", "Rate Exceeded.")


def test_events_are_sent_at_the_interval():
    """§3: event age counts from queueing; each event is queued when it is sent."""
    outcome = Scenario(events=3, interval=10.0).run()
    assert [r.received for r in outcome.results] == [0.0, 10.0, 20.0]
    assert [r.time for r in outcome.responses] == [0.0, 10.0, 20.0]


def test_settings_are_applied_through_the_lambda_api_and_recorded_as_calls():
    """DESIGN: running a scenario applies it through the contract (the boto3-shaped client)."""
    outcome = Scenario(max_retry_attempts=0, max_event_age=60, on_success=TargetSpec(service="sns"),
                       on_failure=TargetSpec(service="sqs"), dead_letter=TargetSpec(service="sqs")).run()
    assert outcome.calls == [
        "put_function_event_invoke_config(MaximumRetryAttempts=0, MaximumEventAgeInSeconds=60)",
        "update_function_event_invoke_config(DestinationConfig={'OnSuccess': {'Destination': "
        "'arn:aws:sns:us-east-1:123456789012:orders-success'}})",
        "update_function_event_invoke_config(DestinationConfig={'OnFailure': {'Destination': "
        "'arn:aws:sqs:us-east-1:123456789012:orders-failures'}})",
        "update_function_configuration(DeadLetterConfig={'TargetArn': "
        "'arn:aws:sqs:us-east-1:123456789012:orders-dlq'})",
    ]


def test_an_s3_onsuccess_destination_is_a_setup_error_tied_to_its_field():
    """S12: S3 under OnSuccess → InvalidParameterValueException; the error is shown next to the field."""
    outcome = Scenario(on_success=TargetSpec(service="s3")).run()
    assert outcome.setup_error is not None
    assert (outcome.setup_error.field, outcome.setup_error.code) == ("on_success", "InvalidParameterValueException")
    assert outcome.responses == [] and outcome.results == []


def test_a_lambda_target_named_like_the_function_is_the_self_destination_error():
    """§5 rejected: `You can't specify the function as a destination for itself.`"""
    outcome = Scenario(on_failure=TargetSpec(service="lambda", name="orders")).run()
    assert outcome.setup_error is not None
    assert (outcome.setup_error.field, outcome.setup_error.message) == (
        "on_failure", "You can't specify the function as a destination for itself.")


def test_a_lambda_target_name_over_64_characters_is_a_setup_error_not_a_crash():
    """§8: a bare function name is limited to 64 characters (ValidationException, S10)."""
    outcome = Scenario(on_success=TargetSpec(service="lambda", name="f" * 70)).run()
    assert outcome.setup_error is not None
    assert (outcome.setup_error.field, outcome.setup_error.code) == ("on_success", "ValidationException")


def test_one_queue_can_serve_as_onfailure_destination_and_dlq():
    """§7 Both set: a failure goes to both; S17 (same time, destination first)."""
    outcome = Scenario(behavior=BehaviorSpec(kind="fail"), max_retry_attempts=0,
                       on_failure=TargetSpec(service="sqs", name="shared"),
                       dead_letter=TargetSpec(service="sqs", name="shared")).run()
    assert outcome.setup_error is None
    assert outcome.targets["on_failure"] == outcome.targets["dead_letter"]
    assert [d.source for d in outcome.delivered("on_failure")] == ["OnFailure", "DeadLetterQueue"]


def test_the_default_event_bus_can_be_a_destination():
    """§5 EventBridge bus; every account has the default bus."""
    outcome = Scenario(on_success=TargetSpec(service="eventbridge", name="default")).run()
    assert outcome.setup_error is None
    assert outcome.targets["on_success"] == "arn:aws:events:us-east-1:123456789012:event-bus/default"
    assert len(outcome.delivered("on_success")) == 1


def test_a_target_that_does_not_exist_fails_delivery():
    """S14: a missing SQS target is accepted, and its delivery fails."""
    outcome = Scenario(behavior=BehaviorSpec(kind="fail"), max_retry_attempts=0,
                       on_failure=TargetSpec(service="sqs", exists=False)).run()
    assert outcome.setup_error is None
    assert outcome.delivered("on_failure") == []
    (failure,) = outcome.failed_deliveries("on_failure")
    assert failure.reason == "arn:aws:sqs:us-east-1:123456789012:orders-failures does not exist"
    assert outcome.metrics["DestinationDeliveryFailures"] == 1


def test_a_fifo_target_gets_a_fifo_name_and_fails_delivery():
    """S13: a FIFO queue is accepted, and every delivery to it fails."""
    outcome = Scenario(on_success=TargetSpec(service="sqs", fifo=True)).run()
    assert outcome.targets["on_success"].endswith(":orders-success.fifo")
    assert len(outcome.failed_deliveries("on_success")) == 1


def test_the_same_scenario_gives_the_same_outcome():
    """S20: a seed reproduces every byte."""
    scenario = Scenario(behavior=BehaviorSpec(kind="flaky"), events=5, interval=3.0, jitter=True,
                        on_failure=TargetSpec(service="s3"), on_success=TargetSpec(service="sns"), seed=11)
    first, second = scenario.run(), scenario.run()
    assert first.trace == second.trace
    assert first.deliveries == second.deliveries
    assert first.responses == second.responses


def test_an_sdk_call_without_a_payload_sends_the_sample_the_lab_shows() -> None:
    """The form and the code export show the SDK sample event; the run must send that event, not {}."""
    from engine.scenario import sample_payload

    run = Scenario(trigger="sdk").run()
    assert run.events_sent == [sample_payload("sdk")]
    assert run.results[0].record["requestPayload"] == sample_payload("sdk")
