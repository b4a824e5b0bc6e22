"""Bad input: payload limits, invalid JSON, unknown functions, wrong/unknown/missing parameters, out-of-range values.

Only AwsError subclasses escape the client, and a refused call leaves the simulator as it was (§8, §9, S9, S10;
DESIGN "Errors are raised as subclasses of AwsError").
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import AwsError, Behavior, Simulator

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
ASYNC_LIMIT, SYNC_LIMIT = 1_048_576, 6_291_456


def json_of_size(size: int) -> bytes:
    """A valid JSON document of exactly ``size`` bytes (a string)."""
    return b'"' + b"a" * (size - 2) + b'"'


def nothing_ran(sim: Simulator, name: str = "orders") -> bool:
    sim.run()
    return sim.invocations(name) == [] and sim.async_results() == [] and sim.metrics(name)["AsyncEventsReceived"] == 0


# --- payload limits -----------------------------------------------------------------------------------------

def test_an_async_payload_of_exactly_1_mb_is_accepted(sim, lam):
    """S9: async 1,048,576 bytes; a payload exactly at the limit passes."""
    sim.create_function("orders")
    assert lam.invoke(FunctionName="orders", InvocationType="Event",
                      Payload=json_of_size(ASYNC_LIMIT))["StatusCode"] == 202


def test_an_async_payload_one_byte_over_1_mb_is_413_and_schedules_nothing(sim, lam):
    """S9 / §8: 413 RequestEntityTooLargeException `<n> byte payload is too large for the Event invocation type
    (limit 1048576 bytes)`; §3 queueing errors return at once."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.RequestEntityTooLargeException) as caught:
        lam.invoke(FunctionName="orders", InvocationType="Event", Payload=json_of_size(ASYNC_LIMIT + 1))
    assert (caught.value.code, caught.value.status) == ("RequestEntityTooLargeException", 413)
    assert caught.value.message == (
        "1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)")


def test_the_413_can_be_caught_by_its_boto3_name_too(sim, lam):
    """boto3 calls the 413 RequestTooLargeException (the Invoke API reference's name), the wire code differs."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.RequestTooLargeException):
        lam.invoke(FunctionName="orders", InvocationType="Event", Payload=json_of_size(ASYNC_LIMIT + 1))
    with pytest.raises(AttributeError):
        lam.exceptions.NoSuchException  # noqa: B018 - an unknown name fails as on boto3's client
    assert nothing_ran(sim)
    assert [s.kind for s in sim.trace] == ["rejected"]


def test_a_sync_payload_of_exactly_6_mb_is_accepted(sim, lam):
    """S9: sync 6,291,456 bytes; a payload exactly at the limit passes."""
    sim.create_function("orders")
    assert lam.invoke(FunctionName="orders", Payload=json_of_size(SYNC_LIMIT))["StatusCode"] == 200


def test_a_sync_payload_one_byte_over_6_mb_is_413(sim, lam):
    """S9 / §8: `Request must be smaller than 6291456 bytes for the InvokeFunction operation`."""
    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName="orders", Payload=json_of_size(SYNC_LIMIT + 1))
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "RequestEntityTooLargeException", 413,
        "Request must be smaller than 6291456 bytes for the InvokeFunction operation")
    assert sim.invocations("orders") == []


def test_a_payload_between_the_two_limits_is_too_large_only_for_event(sim, lam):
    """S9: the async limit (1 MB) is lower than the sync limit (6 MB)."""
    sim.create_function("orders")
    payload = json_of_size(2 * ASYNC_LIMIT)
    assert lam.invoke(FunctionName="orders", Payload=payload)["StatusCode"] == 200
    with pytest.raises(lam.exceptions.RequestEntityTooLargeException):
        lam.invoke(FunctionName="orders", InvocationType="Event", Payload=payload)


@pytest.mark.parametrize("payload", [json_of_size(10), io.BytesIO(json_of_size(10)), json_of_size(10).decode(),
                                     bytearray(json_of_size(10))])
def test_the_payload_may_be_bytes_a_file_object_or_a_string_like_in_boto3(sim, lam, payload):
    """§8 Invoke Payload (blob): boto3 accepts bytes, bytearray, str or a file-like object."""
    sim.create_function("orders", behavior=Behavior.fail())
    response = lam.invoke(FunctionName="orders", Payload=payload)
    assert response["StatusCode"] == 200


# --- invalid content and unknown functions -------------------------------------------------------------------

@pytest.mark.parametrize("payload", [b"{", b"{'a': 1}", b"\xff\xfe", b"[1,]"])
@pytest.mark.parametrize("invocation_type", ["Event", "RequestResponse"])
def test_a_payload_that_is_not_json_is_refused_with_invalid_request_content(sim, lam, payload, invocation_type):
    """§9: 400 InvalidRequestContentException `Could not parse request body into json: …`; §3 400 (bad JSON)
    returns at once."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.InvalidRequestContentException) as caught:
        lam.invoke(FunctionName="orders", InvocationType=invocation_type, Payload=payload)
    assert (caught.value.code, caught.value.status) == ("InvalidRequestContentException", 400)
    assert caught.value.message.startswith("Could not parse request body into json: ")
    assert nothing_ran(sim)


@pytest.mark.parametrize("invocation_type", ["Event", "RequestResponse", "DryRun"])
def test_invoking_an_unknown_function_is_404_function_not_found(sim, lam, invocation_type):
    """§9: 404 ResourceNotFoundException `Function not found: arn:aws:lambda:<region>:<acct>:function:
    doesnotexist:$LATEST`; §3 queueing errors (404) return at once."""
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.invoke(FunctionName="doesnotexist", InvocationType=invocation_type, Payload=b"{}")
    assert (caught.value.status, caught.value.message) == (404, f"Function not found: {ARN}doesnotexist:$LATEST")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert sim.async_results() == []


def test_an_unknown_invocation_type_is_a_validation_exception(sim, lam):
    """S10: an unknown InvocationType also gets ValidationException; §2 enum Event | RequestResponse | DryRun."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.ValidationException) as caught:
        lam.invoke(FunctionName="orders", InvocationType="Async")
    assert caught.value.message == (
        "1 validation error detected: Value 'Async' at 'invocationType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
    assert nothing_ran(sim)


@pytest.mark.parametrize("name", ["", "bad name", "a" * 65, "orders:", "arn:aws:s3:::bucket"])
def test_a_function_name_outside_the_models_pattern_or_length_is_a_validation_exception(sim, lam, name):
    """§8 Request: FunctionName max 256, or 64 for a bare name, in the model's pattern; S10."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.ValidationException) as caught:
        lam.invoke(FunctionName=name)
    assert caught.value.message.startswith(f"1 validation error detected: Value '{name}' at 'functionName' failed "
                                           "to satisfy constraint: Member must ")


@pytest.mark.parametrize(("qualifier", "constraint"), [
    ("", "Member must have length greater than or equal to 1"),
    ("a" * 129, "Member must have length less than or equal to 128"),
    ("bad qualifier", "Member must satisfy regular expression pattern: "),
])
def test_a_qualifier_outside_the_models_length_or_pattern_is_a_validation_exception(sim, lam, qualifier,
                                                                                     constraint):
    """§8 Qualifier; model NumericLatestPublishedOrAliasQualifier (1–128 characters); S10."""
    sim.create_function("orders")
    for call in (lambda: lam.invoke(FunctionName="orders", Qualifier=qualifier),
                 lambda: lam.put_function_event_invoke_config(FunctionName="orders", Qualifier=qualifier,
                                                              MaximumRetryAttempts=1)):
        with pytest.raises(AwsError) as caught:
            call()
        assert caught.value.code == "ValidationException"
        assert caught.value.message.startswith(f"1 validation error detected: Value '{qualifier}' at 'qualifier' "
                                               f"failed to satisfy constraint: {constraint}")
    assert lam.list_function_event_invoke_configs(FunctionName="orders")["FunctionEventInvokeConfigs"] == []


# --- botocore's client-side checks ---------------------------------------------------------------------------

def test_a_wrongly_typed_parameter_is_refused_in_botocores_words(sim, lam):
    """DESIGN boto3-shaped client; botocore's ParamValidationError text, raised as an AwsError (S10 note)."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.ParamValidationError) as caught:
        lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts="1")
    assert isinstance(caught.value, AwsError)
    assert caught.value.message == (
        "Parameter validation failed:\nInvalid type for parameter MaximumRetryAttempts, value: '1', "
        "type: <class 'str'>, valid types: <class 'int'>")


@pytest.mark.parametrize("value", [True, 1.0, None, [1]])
def test_a_retry_count_that_is_not_an_int_is_refused(sim, lam, value):
    """§8 MaximumRetryAttempts is an integer (a bool is not one, as in botocore)."""
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.ParamValidationError):
        lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=value)


def test_an_unknown_parameter_is_refused_with_the_list_of_valid_ones(sim, lam):
    """botocore: `Unknown parameter in input: "…", must be one of: …` (model member order, §8 Request)."""
    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        lam.put_function_event_invoke_config(FunctionName="orders", MaxRetryAttempts=1)
    assert caught.value.message == (
        'Parameter validation failed:\nUnknown parameter in input: "MaxRetryAttempts", must be one of: '
        "FunctionName, Qualifier, MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig")


def test_a_missing_required_parameter_is_refused(sim, lam):
    """§8: FunctionName is required (botocore `Missing required parameter in input: "FunctionName"`)."""
    for call in (lam.invoke, lam.get_function_event_invoke_config, lam.list_function_event_invoke_configs,
                 lam.put_function_event_invoke_config, lam.delete_function_event_invoke_config):
        with pytest.raises(lam.exceptions.ParamValidationError) as caught:
            call()
        assert caught.value.message == (
            'Parameter validation failed:\nMissing required parameter in input: "FunctionName"')
    with pytest.raises(lam.exceptions.ParamValidationError) as caught:
        lam.put_function_concurrency(FunctionName="orders")
    assert '"ReservedConcurrentExecutions"' in caught.value.message


def test_a_nested_parameter_of_the_wrong_shape_is_refused(sim, lam):
    """§8 DestinationConfig {OnSuccess {Destination}, OnFailure {Destination}}."""
    sim.create_function("orders")
    for bad in ({"OnFailure": "arn:aws:sqs:us-east-1:123456789012:q"}, {"OnFailure": {"Arn": "x"}},
                {"OnFailure": {"Destination": 7}}, {"Failure": {}}, "config"):
        with pytest.raises(lam.exceptions.ParamValidationError):
            lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig=bad)


# --- a refused call leaves state unchanged -------------------------------------------------------------------

def test_a_refused_put_after_a_successful_put_leaves_the_first_config(sim, lam):
    """§8 Put replaces — but only when accepted: each call checks everything before changing anything."""
    queue = sim.create_queue("q")
    sim.create_function("orders")
    first = lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1,
                                                 DestinationConfig={"OnFailure": {"Destination": queue}})
    refusals = [
        {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 10},
        {"MaximumRetryAttempts": 0, "DestinationConfig": {"OnSuccess": {"Destination": "arn:aws:s3:::b"}}},
        {"MaximumRetryAttempts": 0, "DestinationConfig": {"OnFailure": {"Destination": ARN + "gone"}}},
        {"MaximumRetryAttempts": 0, "DestinationConfig": {"OnFailure": {"Destination": ARN + "orders"}}},
        {"MaximumRetryAttempts": 0, "Bogus": 1},
        {"MaximumRetryAttempts": 3},
    ]
    for refused in refusals:
        for call in (lam.put_function_event_invoke_config, lam.update_function_event_invoke_config):
            with pytest.raises(AwsError):
                call(FunctionName="orders", **refused)
            assert lam.get_function_event_invoke_config(FunctionName="orders") == first


def test_a_refused_function_configuration_update_changes_nothing(sim, lam):
    """§7 DeadLetterConfig is checked with the rest of the request before anything changes."""
    sim.create_function("orders", timeout=3)
    with pytest.raises(AwsError):
        lam.update_function_configuration(FunctionName="orders", Timeout=10,
                                          DeadLetterConfig={"TargetArn": "arn:aws:s3:::b"})
    with pytest.raises(AwsError):
        lam.update_function_configuration(FunctionName="orders", Timeout=901,
                                          DeadLetterConfig={"TargetArn": sim.create_queue("dlq")})
    response = lam.get_function_configuration(FunctionName="orders")
    assert response["Timeout"] == 3
    assert "DeadLetterConfig" not in response


def test_a_refused_reservation_leaves_the_previous_one(sim, lam):
    """§4 (100 unreserved) and S10 (minimum 0)."""
    sim.create_function("orders", reserved_concurrency=5)
    for value in (-1, 901):
        with pytest.raises(AwsError):
            lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=value)
    assert lam.get_function_concurrency(FunctionName="orders")["ReservedConcurrentExecutions"] == 5


def test_a_refused_create_function_leaves_no_function_behind(sim):
    """§4 / S10: an out-of-range timeout or reservation refuses the whole creation."""
    for bad in ({"timeout": 0}, {"timeout": 901}, {"reserved_concurrency": -1}, {"reserved_concurrency": 901}):
        with pytest.raises(AwsError):
            sim.create_function("orders", **bad)
        assert "orders" not in sim.functions
    sim.create_function("orders", reserved_concurrency=900)
    assert sim.client().get_function_concurrency(FunctionName="orders")["ReservedConcurrentExecutions"] == 900


# --- hypothesis: nothing but AwsError escapes, and refusals change nothing ----------------------------------

OPERATIONS = ["invoke", "put_function_event_invoke_config", "update_function_event_invoke_config",
              "get_function_event_invoke_config", "delete_function_event_invoke_config",
              "list_function_event_invoke_configs", "update_function_configuration", "get_function_configuration",
              "put_function_concurrency", "get_function_concurrency", "delete_function_concurrency",
              "publish_version", "create_alias"]
PARAMS = ["FunctionName", "Qualifier", "InvocationType", "Payload", "LogType", "MaximumRetryAttempts",
          "MaximumEventAgeInSeconds", "DestinationConfig", "Marker", "MaxItems", "ReservedConcurrentExecutions",
          "Timeout", "DeadLetterConfig", "Name", "FunctionVersion", "Description", "Bogus"]
ARNS = ["arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:s3:::b", ARN + "other", ARN + "orders", ARN + "gone",
        "arn:aws:iam::123456789012:role/r", "arn:aws:sqs:us-east-1:123456789012:q.fifo", "", "x"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 25_000), st.floats(allow_nan=True), st.text(max_size=12),
    st.binary(max_size=8),
    st.sampled_from(["orders", "orders:1", "orders:live", "orders:$LATEST", "other", "$LATEST", "live", "1", "9",
                     "Event", "DryRun", "RequestResponse", "Tail", "{}", "{", *ARNS]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=2),
    st.dictionaries(st.sampled_from(["OnSuccess", "OnFailure", "Destination", "TargetArn", "Other"]), inner,
                    max_size=3)), max_leaves=6)


def world() -> tuple[Simulator, Any]:
    sim = Simulator()
    lam = sim.client("lambda")
    sim.create_queue("q")
    sim.create_queue("q.fifo", fifo=True)
    sim.create_bucket("b")
    sim.create_function("orders", behavior=Behavior.fail())
    sim.create_function("other")
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1,
                                         DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::b"}})
    return sim, lam


def snapshot(sim: Simulator, lam: Any) -> str:
    """Everything a learner can read back through the API, after running all scheduled work."""
    sim.run()
    state: dict[str, Any] = {"results": len(sim.async_results()), "now": sim.now}
    for name in ("orders", "other"):
        state[name] = {
            "configs": lam.list_function_event_invoke_configs(FunctionName=name),
            "concurrency": lam.get_function_concurrency(FunctionName=name),
            "runs": len(sim.invocations(name)),
        }
        for qualifier in ("$LATEST", "1", "2", "live", "next"):
            try:
                state[name][qualifier] = lam.get_function_configuration(FunctionName=name, Qualifier=qualifier)
            except AwsError as error:
                state[name][qualifier] = error.code
    return json.dumps(state, default=str, sort_keys=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(OPERATIONS), kwargs=st.dictionaries(st.sampled_from(PARAMS), values, max_size=5))
def test_any_call_either_succeeds_or_raises_an_aws_error_that_changes_nothing(operation, kwargs):
    """DESIGN: errors are raised as subclasses of AwsError; lambda_client: every call checks its input completely
    before it changes anything, so a refused call leaves the simulator as it was."""
    sim, lam = world()
    before = snapshot(sim, lam)
    try:
        getattr(lam, operation)(**kwargs)
    except AwsError as error:
        assert error.code and error.status >= 400 and error.message
        assert snapshot(sim, lam) == before
