"""The event invoke config API and qualifiers: put/update/get/delete/list, versions and aliases (§3 Scope, §8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine import AwsError, Behavior

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
EMPTY_DESTINATIONS = {"OnSuccess": {}, "OnFailure": {}}


def body(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@pytest.fixture
def queue(sim) -> str:
    sim.create_function("orders", behavior=Behavior.fail())
    return sim.create_queue("failures")


def test_put_returns_the_qualified_function_arn_last_modified_and_the_settings_given(sim, lam, queue):
    """§8 Response: LastModified, FunctionArn (qualified, `:$LATEST` with no qualifier, §3 Scope), the settings."""
    sim.run(until=42.0)
    response = lam.put_function_event_invoke_config(
        FunctionName="orders", MaximumRetryAttempts=1, MaximumEventAgeInSeconds=3600,
        DestinationConfig={"OnFailure": {"Destination": queue}})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(response) == {
        "LastModified": datetime(2026, 1, 1, 0, 0, 42, tzinfo=UTC),
        "FunctionArn": ARN + "orders:$LATEST",
        "MaximumRetryAttempts": 1,
        "MaximumEventAgeInSeconds": 3600,
        "DestinationConfig": {"OnSuccess": {}, "OnFailure": {"Destination": queue}},
    }


def test_unset_retry_and_age_are_omitted_and_an_empty_destination_config_comes_back_empty(sim, lam, queue):
    """§8 Response: unset retry/age fields are omitted; an empty DestinationConfig comes back as
    {"OnSuccess": {}, "OnFailure": {}} [OBS LS-API]."""
    response = lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    assert set(body(response)) == {"LastModified", "FunctionArn", "MaximumRetryAttempts", "DestinationConfig"}
    assert response["DestinationConfig"] == EMPTY_DESTINATIONS
    response = lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={})
    assert "MaximumRetryAttempts" not in response and "MaximumEventAgeInSeconds" not in response
    assert response["DestinationConfig"] == EMPTY_DESTINATIONS


def test_unset_settings_still_take_the_defaults(sim, lam, queue):
    """§8: unset retry/age fields are omitted (defaults 2 and 21600 still apply)."""
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnFailure": {"Destination": queue}})
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    assert sim.async_results("orders")[0].approximate_invoke_count == 3


def test_put_replaces_the_whole_config_so_omitted_settings_are_cleared(sim, lam, queue):
    """§8: Put replaces the whole config, so omitted settings are cleared."""
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0, MaximumEventAgeInSeconds=60,
                                         DestinationConfig={"OnFailure": {"Destination": queue}})
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=120)
    got = body(lam.get_function_event_invoke_config(FunctionName="orders"))
    assert "MaximumRetryAttempts" not in got
    assert got["MaximumEventAgeInSeconds"] == 120
    assert got["DestinationConfig"] == EMPTY_DESTINATIONS
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    assert sim.async_results("orders")[0].approximate_invoke_count == 2  # retries back to 2, age 120 stops run 3
    assert sim.deliveries(queue) == []


def test_update_merges_the_settings_given_into_the_existing_config(sim, lam, queue):
    """§8: Update merges."""
    topic = sim.create_topic("ok")
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0,
                                         DestinationConfig={"OnSuccess": {"Destination": topic}})
    response = lam.update_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=600,
                                                       DestinationConfig={"OnFailure": {"Destination": queue}})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(response) == {
        "LastModified": datetime(2026, 1, 1, tzinfo=UTC),
        "FunctionArn": ARN + "orders:$LATEST",
        "MaximumRetryAttempts": 0,
        "MaximumEventAgeInSeconds": 600,
        "DestinationConfig": {"OnSuccess": {"Destination": topic}, "OnFailure": {"Destination": queue}},
    }
    response = lam.update_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=2)
    assert response["DestinationConfig"] == {"OnSuccess": {"Destination": topic}, "OnFailure": {"Destination": queue}}
    assert response["MaximumEventAgeInSeconds"] == 600


def test_update_with_an_empty_destination_removes_that_destination(sim, lam, queue):
    """§8 Destination is 0–350 characters (the empty string matches `$`): it clears the destination."""
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnFailure": {"Destination": queue}})
    response = lam.update_function_event_invoke_config(FunctionName="orders",
                                                       DestinationConfig={"OnFailure": {"Destination": ""}})
    assert response["DestinationConfig"] == EMPTY_DESTINATIONS


def test_get_returns_what_put_stored(sim, lam, queue):
    """§8 GetFunctionEventInvokeConfig 200."""
    put = lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1)
    got = lam.get_function_event_invoke_config(FunctionName="orders")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body(got) == body(put)


@pytest.mark.parametrize("operation", ["get", "update", "delete"])
def test_get_update_and_delete_without_a_config_are_404(sim, lam, queue, operation):
    """§8: Get/Update/Delete, no config → ResourceNotFoundException 404 `The function arn:…:$LATEST doesn't have an
    EventInvokeConfig`."""
    call = getattr(lam, f"{operation}_function_event_invoke_config")
    extra = {"MaximumRetryAttempts": 1} if operation == "update" else {}
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        call(FunctionName="orders", **extra)
    assert caught.value.status == 404
    assert caught.value.message == f"The function {ARN}orders:$LATEST doesn't have an EventInvokeConfig"


def test_delete_returns_204_and_removes_the_config(sim, lam, queue):
    """§8 DeleteFunctionEventInvokeConfig → 204."""
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    response = lam.delete_function_event_invoke_config(FunctionName="orders")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert body(response) == {}
    with pytest.raises(AwsError):
        lam.get_function_event_invoke_config(FunctionName="orders")
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    assert sim.async_results("orders")[0].approximate_invoke_count == 3


@pytest.mark.parametrize("name", ["doesnotexist", "orders:7", "orders:nosuchalias"])
def test_put_on_a_missing_function_alias_or_version_is_404_the_function_doesnt_exist(sim, lam, queue, name):
    """§8: Put on a missing function, alias or version → ResourceNotFoundException 404 `The function doesn't exist.`"""
    with pytest.raises(AwsError) as caught:
        lam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=1)
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "ResourceNotFoundException", 404, "The function doesn't exist.")


def test_put_without_any_setting_is_refused(sim, lam, queue):
    """§8: none of the three settings → InvalidParameterValueException 400 `You must specify at least one of error
    handling or destination setting.`"""
    with pytest.raises(AwsError) as caught:
        lam.put_function_event_invoke_config(FunctionName="orders")
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "InvalidParameterValueException", 400,
        "You must specify at least one of error handling or destination setting.")
    with pytest.raises(AwsError):
        lam.get_function_event_invoke_config(FunctionName="orders")  # the refused put stored nothing
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1)
    for call in (lam.put_function_event_invoke_config, lam.update_function_event_invoke_config):
        with pytest.raises(AwsError) as caught:
            call(FunctionName="orders")
        assert (caught.value.code, caught.value.status, caught.value.message) == (
            "InvalidParameterValueException", 400,
            "You must specify at least one of error handling or destination setting.")


@pytest.mark.parametrize(("member", "value", "constraint"), [
    ("MaximumRetryAttempts", 3, "Member must have value less than or equal to 2"),
    ("MaximumRetryAttempts", -1, "Member must have value greater than or equal to 0"),
    ("MaximumEventAgeInSeconds", 59, "Member must have value greater than or equal to 60"),
    ("MaximumEventAgeInSeconds", 21_601, "Member must have value less than or equal to 21600"),
])
def test_out_of_range_settings_get_a_validation_exception_with_awss_constraint_text(sim, lam, queue, member, value,
                                                                                   constraint):
    """S10 / §8: `1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint:
    Member must have value less than or equal to 2`."""
    camel = member[0].lower() + member[1:]
    with pytest.raises(AwsError) as caught:
        lam.put_function_event_invoke_config(FunctionName="orders", **{member: value})
    assert (caught.value.code, caught.value.status) == ("ValidationException", 400)
    assert caught.value.message == (
        f"1 validation error detected: Value '{value}' at '{camel}' failed to satisfy constraint: {constraint}")


# --- qualifiers, versions and aliases -----------------------------------------------------------------------

def test_publish_version_numbers_versions_from_1(sim, lam, queue):
    """§8 Qualifier (version or alias); PublishVersion returns 201 with the qualified ARN."""
    first = lam.publish_version(FunctionName="orders")
    second = lam.publish_version(FunctionName="orders")
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (first["Version"], first["FunctionArn"]) == ("1", ARN + "orders:1")
    assert (second["Version"], second["FunctionArn"]) == ("2", ARN + "orders:2")


def test_create_alias_points_a_name_at_a_version(sim, lam, queue):
    """§8 Qualifier alias; CreateAlias 201, AliasArn; a missing version is 404, a second alias of the same name 409."""
    lam.publish_version(FunctionName="orders")
    response = lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert body(response) == {"AliasArn": ARN + "orders:live", "Name": "live", "FunctionVersion": "1"}
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.create_alias(FunctionName="orders", Name="next", FunctionVersion="9")
    with pytest.raises(lam.exceptions.ValidationException):
        lam.create_alias(FunctionName="orders", Name="42", FunctionVersion="1")  # an alias cannot be all digits


@pytest.mark.parametrize("style", ["qualifier", "name", "arn"])
def test_a_config_can_target_an_alias_by_qualifier_by_name_suffix_or_by_arn(sim, lam, queue, style):
    """§8 Request: FunctionName is a name, ARN or partial ARN, `:qualifier` allowed; Qualifier a version or alias;
    §3 Scope: FunctionArn ends with the qualifier."""
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    target = {"qualifier": {"FunctionName": "orders", "Qualifier": "live"},
              "name": {"FunctionName": "orders:live"},
              "arn": {"FunctionName": ARN + "orders:live"}}[style]
    response = lam.put_function_event_invoke_config(**target, MaximumRetryAttempts=0)
    assert response["FunctionArn"] == ARN + "orders:live"
    with pytest.raises(AwsError):
        lam.get_function_event_invoke_config(FunctionName="orders")  # $LATEST has none
    assert lam.get_function_event_invoke_config(FunctionName="orders", Qualifier="live")["MaximumRetryAttempts"] == 0


@pytest.mark.parametrize("operation", ["invoke", "put", "get", "delete"])
def test_a_name_qualifier_that_differs_from_the_qualifier_parameter_is_refused(sim, lam, queue, operation):
    """§8: Name's qualifier ≠ Qualifier → InvalidParameterValueException `The derived qualifier from the function
    name does not match the specified qualifier.`"""
    lam.publish_version(FunctionName="orders")
    lam.publish_version(FunctionName="orders")
    call = {"invoke": lam.invoke, "put": lam.put_function_event_invoke_config,
            "get": lam.get_function_event_invoke_config, "delete": lam.delete_function_event_invoke_config}[operation]
    extra = {"MaximumRetryAttempts": 1} if operation == "put" else {}
    with pytest.raises(AwsError) as caught:
        call(FunctionName="orders:1", Qualifier="2", **extra)
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "InvalidParameterValueException", 400,
        "The derived qualifier from the function name does not match the specified qualifier.")


def test_a_name_qualifier_equal_to_the_qualifier_parameter_is_accepted(sim, lam, queue):
    """§8: the derived qualifier may repeat the Qualifier parameter."""
    lam.publish_version(FunctionName="orders")
    response = lam.put_function_event_invoke_config(FunctionName="orders:1", Qualifier="1", MaximumRetryAttempts=1)
    assert response["FunctionArn"] == ARN + "orders:1"


def test_each_qualifier_has_its_own_config_and_invoking_it_uses_that_config(sim, lam, queue):
    """§3 Scope: settings are per function, version or alias (Qualifier); with no qualifier they apply to $LATEST."""
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    lam.put_function_event_invoke_config(FunctionName="orders", Qualifier="live", MaximumRetryAttempts=1)
    latest = lam.invoke(FunctionName="orders", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    alias = lam.invoke(FunctionName="orders", Qualifier="live", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    version = lam.invoke(FunctionName="orders:1", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    sim.run()
    counts = {r.request_id: r.approximate_invoke_count for r in sim.async_results("orders")}
    assert counts == {latest: 1, alias: 2, version: 3}  # the version has no config: default 2 retries
    arns = {r.request_id: r.record["requestContext"]["functionArn"] for r in sim.async_results("orders")}
    assert arns == {latest: ARN + "orders:$LATEST", alias: ARN + "orders:live", version: ARN + "orders:1"}


def test_invoking_a_missing_version_is_404_function_not_found(sim, lam, queue):
    """§9: 404 `Function not found: arn:…:function:<name>:<qualifier>`."""
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName="orders", Qualifier="3", InvocationType="Event")
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "ResourceNotFoundException", 404, f"Function not found: {ARN}orders:3")


# --- list ---------------------------------------------------------------------------------------------------

def test_list_returns_every_config_of_the_function(sim, lam, queue):
    """§8 ListFunctionEventInvokeConfigs → 200 {FunctionEventInvokeConfigs, NextMarker}."""
    lam.publish_version(FunctionName="orders")
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    lam.put_function_event_invoke_config(FunctionName="orders", Qualifier="1", MaximumRetryAttempts=1)
    response = lam.list_function_event_invoke_configs(FunctionName="orders")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "NextMarker" not in response
    configs = response["FunctionEventInvokeConfigs"]
    assert sorted((c["FunctionArn"], c["MaximumRetryAttempts"]) for c in configs) == [
        (ARN + "orders:$LATEST", 0), (ARN + "orders:1", 1)]
    assert all(c["DestinationConfig"] == EMPTY_DESTINATIONS for c in configs)


def test_list_pages_with_max_items_and_next_marker(sim, lam, queue):
    """§8 List: `?Marker=&MaxItems=` (1–50); NextMarker while more remain."""
    for _ in range(4):
        lam.publish_version(FunctionName="orders")
    for qualifier in ("$LATEST", "1", "2", "3", "4"):
        lam.put_function_event_invoke_config(FunctionName="orders", Qualifier=qualifier, MaximumRetryAttempts=0)
    seen, marker = [], None
    while True:
        extra = {"Marker": marker} if marker else {}
        page = lam.list_function_event_invoke_configs(FunctionName="orders", MaxItems=2, **extra)
        assert len(page["FunctionEventInvokeConfigs"]) <= 2
        seen += [c["FunctionArn"] for c in page["FunctionEventInvokeConfigs"]]
        marker = page.get("NextMarker")
        if marker is None:
            break
    assert sorted(seen) == sorted(ARN + "orders:" + q for q in ("$LATEST", "1", "2", "3", "4"))
    assert len(seen) == 5


@pytest.mark.parametrize(("value", "constraint"), [
    (0, "Member must have value greater than or equal to 1"),
    (51, "Member must have value less than or equal to 50"),
])
def test_list_max_items_outside_1_to_50_is_a_validation_exception(sim, lam, queue, value, constraint):
    """§8 List MaxItems (1–50); S10."""
    with pytest.raises(AwsError) as caught:
        lam.list_function_event_invoke_configs(FunctionName="orders", MaxItems=value)
    assert caught.value.code == "ValidationException"
    assert caught.value.message == (
        f"1 validation error detected: Value '{value}' at 'maxItems' failed to satisfy constraint: {constraint}")


def test_list_of_a_function_without_configs_is_empty_and_of_a_missing_function_404(sim, lam, queue):
    """§8 List errors: as Get (ResourceNotFound)."""
    assert lam.list_function_event_invoke_configs(FunctionName="orders")["FunctionEventInvokeConfigs"] == []
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.list_function_event_invoke_configs(FunctionName="doesnotexist")
