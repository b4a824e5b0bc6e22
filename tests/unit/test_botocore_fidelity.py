"""The engine accepts exactly what the real Lambda API accepts, read from botocore's model (§8 [MODEL], S10).

Values at each bound pass; one beyond fails with ValidationException; the engine's patterns and limits are the
model's own.
"""

from __future__ import annotations

from typing import Any

import pytest

botocore_loaders = pytest.importorskip("botocore.loaders")

from engine import AwsError, Behavior, Simulator, arns, limits  # noqa: E402
from engine.lambda_client import INVOCATION_TYPES  # noqa: E402


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    return botocore_loaders.Loader().load_service_model("lambda", "service-2")


def shape(model: dict[str, Any], name: str) -> dict[str, Any]:
    return model["shapes"][name]


def member_shape(model: dict[str, Any], operation: str, member: str) -> dict[str, Any]:
    request = model["shapes"][model["operations"][operation]["input"]["shape"]]
    return model["shapes"][request["members"][member]["shape"]]


def fresh() -> tuple[Simulator, Any]:
    sim = Simulator()
    sim.create_function("orders")
    return sim, sim.client("lambda")


# --- the engine's constants are the model's ---------------------------------------------------------------

def test_retry_and_age_ranges_equal_the_models(model):
    """§8: MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds 60–21600 [MODEL]."""
    retry = member_shape(model, "PutFunctionEventInvokeConfig", "MaximumRetryAttempts")
    age = member_shape(model, "PutFunctionEventInvokeConfig", "MaximumEventAgeInSeconds")
    assert (retry["min"], retry["max"]) == limits.MAX_RETRY_ATTEMPTS
    assert (age["min"], age["max"]) == limits.MAX_EVENT_AGE_SECONDS
    assert member_shape(model, "UpdateFunctionEventInvokeConfig", "MaximumRetryAttempts") == retry
    assert member_shape(model, "UpdateFunctionEventInvokeConfig", "MaximumEventAgeInSeconds") == age


def test_the_list_page_size_range_equals_the_models(model):
    """§8 ListFunctionEventInvokeConfigs MaxItems (1–50), shape MaxFunctionEventInvokeConfigListItems."""
    items = member_shape(model, "ListFunctionEventInvokeConfigs", "MaxItems")
    assert items is shape(model, "MaxFunctionEventInvokeConfigListItems")
    assert (items["min"], items["max"]) == limits.LIST_MAX_ITEMS


def test_the_invocation_types_equal_the_models_enum(model):
    """§2 / §8 InvocationType enum: Event, RequestResponse, DryRun."""
    assert sorted(INVOCATION_TYPES) == sorted(member_shape(model, "Invoke", "InvocationType")["enum"])


def test_the_reserved_concurrency_minimum_equals_the_models(model):
    """§4 ReservedConcurrentExecutions min 0 (the model has no maximum; the account quota bounds it)."""
    reserved = member_shape(model, "PutFunctionConcurrency", "ReservedConcurrentExecutions")
    assert reserved["min"] == 0
    assert "max" not in reserved


def test_the_destination_arn_pattern_and_length_equal_the_models(model):
    """§8: Destination is 0–350 characters matching the model's pattern."""
    destination = shape(model, "DestinationArn")
    assert destination["pattern"] == arns.DESTINATION_ARN_PATTERN
    assert (destination["min"], destination["max"]) == (0, limits.DESTINATION_ARN_MAX)
    assert shape(model, "OnFailure")["members"]["Destination"]["shape"] == "DestinationArn"
    assert shape(model, "OnSuccess")["members"]["Destination"]["shape"] == "DestinationArn"


def test_the_function_name_pattern_and_length_equal_the_models(model):
    """§8: FunctionName (name, ARN or partial ARN, `:qualifier` allowed; max 256) — shape NamespacedFunctionName."""
    name = member_shape(model, "PutFunctionEventInvokeConfig", "FunctionName")
    assert name is shape(model, "NamespacedFunctionName")
    assert member_shape(model, "Invoke", "FunctionName") is name
    assert name["pattern"] == arns.NAMESPACED_FUNCTION_NAME_PATTERN
    assert (name["min"], name["max"]) == (1, limits.NAMESPACED_FUNCTION_NAME_MAX)


def test_the_qualifier_pattern_and_length_equal_the_models(model):
    """§8 Qualifier: every operation the engine implements uses NumericLatestPublishedOrAliasQualifier."""
    qualifier = shape(model, "NumericLatestPublishedOrAliasQualifier")
    for operation in ("Invoke", "PutFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig",
                      "GetFunctionEventInvokeConfig", "DeleteFunctionEventInvokeConfig", "GetFunctionConfiguration"):
        assert member_shape(model, operation, "Qualifier") is qualifier
    assert qualifier["pattern"] == arns.QUALIFIER_PATTERN
    assert (qualifier["min"], qualifier["max"]) == limits.QUALIFIER_LENGTH


def test_the_dead_letter_target_pattern_equals_the_models(model):
    """§7 DeadLetterConfig.TargetArn, shape ResourceArn."""
    target = shape(model, shape(model, "DeadLetterConfig")["members"]["TargetArn"]["shape"])
    assert target["pattern"] == arns.RESOURCE_ARN_PATTERN


def test_the_function_timeout_minimum_equals_the_models_and_the_maximum_is_the_standard_functions(model):
    """limits.py: 1–900 s for standard functions; the model's larger maximum is for Lambda Managed Instances
    (AWS_FACTS scope: standard functions)."""
    timeout = shape(model, "Timeout")
    assert limits.FUNCTION_TIMEOUT_SECONDS[0] == timeout["min"]
    assert limits.FUNCTION_TIMEOUT_SECONDS[1] == 900 <= timeout["max"]


def test_the_operations_http_methods_and_success_codes_are_the_models(model):
    """§8 table: Put PUT 200, Update POST 200, Get GET 200, Delete DELETE 204, List GET 200."""
    expected = {
        "PutFunctionEventInvokeConfig": ("PUT", 200), "UpdateFunctionEventInvokeConfig": ("POST", 200),
        "GetFunctionEventInvokeConfig": ("GET", 200), "DeleteFunctionEventInvokeConfig": ("DELETE", 204),
        "ListFunctionEventInvokeConfigs": ("GET", 200),
    }
    for operation, (method, code) in expected.items():
        http = model["operations"][operation]["http"]
        assert (http["method"], http["responseCode"]) == (method, code)
        assert http["requestUri"].startswith("/2019-09-25/functions/{FunctionName}/event-invoke-config")
    _, lam = fresh()
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    assert lam.delete_function_event_invoke_config(FunctionName="orders")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_the_config_response_keys_are_members_of_the_models_output_shape(model):
    """§8 Response: LastModified, FunctionArn, MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig."""
    _, lam = fresh()
    response = lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0,
                                                    MaximumEventAgeInSeconds=60, DestinationConfig={})
    members = list(shape(model, "FunctionEventInvokeConfig")["members"])
    assert [k for k in response if k != "ResponseMetadata"] == members
    listing = lam.list_function_event_invoke_configs(FunctionName="orders")
    assert set(listing) - {"ResponseMetadata"} <= set(shape(model, "ListFunctionEventInvokeConfigsResponse")[
        "members"])


def test_the_invoke_response_keys_are_members_of_the_models_output_shape(model):
    """§8 Invoke response: StatusCode, FunctionError, LogResult, ExecutedVersion, Payload."""
    sim = Simulator()
    sim.create_function("orders", behavior=Behavior.fail())
    response = sim.client().invoke(FunctionName="orders", LogType="Tail")
    members = set(shape(model, "InvocationResponse")["members"])
    assert set(response) - {"ResponseMetadata"} == {"StatusCode", "FunctionError", "LogResult", "ExecutedVersion",
                                                    "Payload"}
    assert set(response) - {"ResponseMetadata"} <= members


def test_the_engines_error_codes_are_the_models_error_shapes(model):
    """§8 / §9: every error code the engine raises is an error shape of the model (the 413 name aside, §8)."""
    from engine.errors import ERROR_CLASSES

    client_side = {"ParamValidationError"}  # botocore raises it on the client
    # AWS's protocol layer answers constraint violations with ValidationException (S10, §5, §8); it is common to
    # every service and not a Lambda model shape.
    client_side.add("ValidationException")
    # AWS_FACTS §8: the model calls the 413 shape RequestTooLargeException, the wire says
    # RequestEntityTooLargeException [UNCERTAIN, naming only].
    wire_name = {"RequestEntityTooLargeException"}
    for code in set(ERROR_CLASSES) - client_side - wire_name:
        assert code in model["shapes"] and model["shapes"][code].get("exception"), code
    assert model["shapes"]["RequestTooLargeException"]["error"]["httpStatusCode"] == 413
    for code, cls in ERROR_CLASSES.items():
        error = model["shapes"].get(code, {}).get("error", {})
        if "httpStatusCode" in error:
            assert cls.status == error["httpStatusCode"], code


# --- values at the bounds pass, one beyond fails --------------------------------------------------------------

@pytest.mark.parametrize("member", ["MaximumRetryAttempts", "MaximumEventAgeInSeconds"])
def test_settings_at_the_models_bounds_pass_and_one_beyond_fails(model, member):
    """S10: below the minimum or above the maximum → ValidationException (400); §8."""
    bounds = member_shape(model, "PutFunctionEventInvokeConfig", member)
    camel = member[0].lower() + member[1:]
    for operation in ("put_function_event_invoke_config", "update_function_event_invoke_config"):
        _, lam = fresh()
        lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={})
        call = getattr(lam, operation)
        for value in (bounds["min"], bounds["max"]):
            assert call(FunctionName="orders", **{member: value})[member] == value
        for value, word in ((bounds["min"] - 1, "greater"), (bounds["max"] + 1, "less")):
            with pytest.raises(AwsError) as caught:
                call(FunctionName="orders", **{member: value})
            assert (caught.value.code, caught.value.status) == ("ValidationException", 400)
            limit = bounds["min"] if word == "greater" else bounds["max"]
            assert caught.value.message == (
                f"1 validation error detected: Value '{value}' at '{camel}' failed to satisfy constraint: "
                f"Member must have value {word} than or equal to {limit}")


def test_list_max_items_at_the_models_bounds_pass_and_one_beyond_fails(model):
    """§8 List MaxItems (1–50); S10."""
    bounds = shape(model, "MaxFunctionEventInvokeConfigListItems")
    _, lam = fresh()
    for value in (bounds["min"], bounds["max"]):
        assert lam.list_function_event_invoke_configs(FunctionName="orders", MaxItems=value)[
            "ResponseMetadata"]["HTTPStatusCode"] == 200
    for value in (bounds["min"] - 1, bounds["max"] + 1):
        with pytest.raises(AwsError) as caught:
            lam.list_function_event_invoke_configs(FunctionName="orders", MaxItems=value)
        assert caught.value.code == "ValidationException"


def test_every_invocation_type_in_the_enum_is_accepted_and_any_other_is_refused(model):
    """§2 InvocationType; S10 an unknown InvocationType gets ValidationException."""
    _, lam = fresh()
    statuses = {t: lam.invoke(FunctionName="orders", InvocationType=t)["StatusCode"]
                for t in member_shape(model, "Invoke", "InvocationType")["enum"]}
    assert statuses == {"Event": 202, "RequestResponse": 200, "DryRun": 204}
    for other in ("event", "Async", ""):
        with pytest.raises(AwsError) as caught:
            lam.invoke(FunctionName="orders", InvocationType=other)
        assert caught.value.code == "ValidationException"


def test_reserved_concurrency_at_the_models_minimum_passes_and_one_below_fails(model):
    """§4 / S10: ReservedConcurrentExecutions min 0; 0 is allowed (it stops every invocation)."""
    minimum = member_shape(model, "PutFunctionConcurrency", "ReservedConcurrentExecutions")["min"]
    _, lam = fresh()
    assert lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=minimum)[
        "ReservedConcurrentExecutions"] == minimum
    with pytest.raises(AwsError) as caught:
        lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=minimum - 1)
    assert caught.value.code == "ValidationException"
    assert caught.value.message == (
        "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: "
        "Member must have value greater than or equal to 0")


def test_a_destination_arn_at_the_models_maximum_length_passes_and_one_longer_fails(model):
    """§8 Destination 0–350 characters; S14 a missing SQS target is accepted."""
    maximum = shape(model, "DestinationArn")["max"]
    prefix = "arn:aws:sqs:us-east-1:123456789012:"
    _, lam = fresh()
    fits = prefix + "q" * (maximum - len(prefix))
    response = lam.put_function_event_invoke_config(FunctionName="orders",
                                                    DestinationConfig={"OnFailure": {"Destination": fits}})
    assert response["DestinationConfig"]["OnFailure"]["Destination"] == fits
    with pytest.raises(AwsError) as caught:
        lam.put_function_event_invoke_config(FunctionName="orders",
                                             DestinationConfig={"OnFailure": {"Destination": fits + "q"}})
    assert caught.value.code == "ValidationException"


def test_a_function_name_arn_at_the_models_maximum_length_is_checked_against_the_pattern(model):
    """§8 FunctionName: max 256 for an ARN, 64 for a bare name."""
    maximum = shape(model, "NamespacedFunctionName")["max"]
    sim, lam = fresh()
    bare = "f" * limits.FUNCTION_NAME_MAX
    sim.create_function(bare)
    assert lam.invoke(FunctionName=bare)["StatusCode"] == 200
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName=bare + "f")
    assert caught.value.code == "ValidationException"
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:" + "f" * maximum)
    assert caught.value.code == "ValidationException"


@pytest.mark.parametrize("value", ["$LATEST", "1", "live", "a" * 128, "$LATEST.PUBLISHED"])
def test_qualifiers_the_model_accepts_pass_validation(model, value):
    """§8 Qualifier: anything in the model's pattern passes validation (a missing one is then 404)."""
    _, lam = fresh()
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    try:
        lam.invoke(FunctionName="orders", Qualifier=value)
    except AwsError as error:
        assert error.code == "ResourceNotFoundException"
