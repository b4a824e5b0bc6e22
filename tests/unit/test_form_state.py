"""The builder's FormState: every field's value between reruns, parsed into a Scenario only when it changes."""

from __future__ import annotations

import pytest

from engine.errors import AwsError
from engine.scenario import BehaviorSpec, Scenario
from engine.simulator import Simulator
from ui.scenario_state import PARSE_MEMORY, FormState


def test_a_new_form_holds_its_default_scenario_and_no_errors() -> None:
    state = FormState.of(Scenario(max_retry_attempts=1))
    assert state.parse() == []
    assert state.scenario == Scenario(max_retry_attempts=1)


def test_changed_values_become_the_scenario() -> None:
    state = FormState.of(Scenario())
    state.values["behavior_kind"] = "fail"
    state.values["max_retry_attempts"] = 0
    assert state.parse() == []
    assert state.scenario.behavior.kind == "fail" and state.scenario.max_retry_attempts == 0


def test_an_invalid_value_keeps_the_last_valid_scenario_and_names_the_field() -> None:
    state = FormState.of(Scenario())
    state.values["function_name"] = "orders"
    state.parse()
    state.values["payload_is_sample"] = False
    state.values["payload"] = '{"orderId": '
    errors = state.parse()
    assert [e.field for e in errors] == ["payload"]
    assert "InvalidRequestContentException" in errors[0].message
    assert state.scenario.function_name == "orders"


def test_parsing_the_same_values_again_returns_the_same_scenario_object() -> None:
    state = FormState.of(Scenario())
    state.values["timeout"] = 10
    state.parse()
    first = state.scenario
    state.values["timeout"] = 20
    state.parse()
    state.values["timeout"] = 10
    state.parse()
    assert state.scenario is first, "a remembered parse keeps the object, and with it its cached token"


def test_the_parse_memory_is_bounded() -> None:
    state = FormState.of(Scenario())
    for seed in range(PARSE_MEMORY * 3):
        state.values["seed"] = seed
        state.parse()
    assert len(state._parsed) <= PARSE_MEMORY


def test_loading_replaces_every_value() -> None:
    state = FormState.of(Scenario())
    state.values["function_name"] = "edited"
    solution = Scenario(function_name="billing", behavior=BehaviorSpec(kind="timeout"))
    state.load(solution)
    assert state.values["function_name"] == "billing"
    assert state.parse() == [] and state.scenario == solution


def test_a_result_that_is_not_json_gets_a_plain_message_not_an_invoke_error() -> None:
    """The result is what the handler returns, not an Invoke request body: Lambda has no error for it."""
    state = FormState.of(Scenario())
    state.values["behavior_result"] = '{"status": '
    errors = state.parse()
    assert [e.field for e in errors] == ["behavior_result"]
    assert errors[0].message.startswith("The result must be valid JSON: ")


def test_out_of_range_settings_get_the_same_words_as_the_api_gives() -> None:
    """A hand-edited link can carry any number: the form answers as the simulated API does (S10, §4)."""
    state = FormState.of(Scenario())
    state.values.update(max_retry_attempts=5, set_max_event_age=True, max_event_age=30, reserve=True,
                        reserved_concurrency=950, timeout=901)
    messages = {e.field: e.message for e in state.parse()}
    assert messages["max_retry_attempts"] == (
        "ValidationException: 1 validation error detected: Value '5' at 'maximumRetryAttempts' failed to "
        "satisfy constraint: Member must have value less than or equal to 2")
    assert messages["max_event_age"].endswith("Member must have value greater than or equal to 60")
    with pytest.raises(AwsError) as api:  # the simulated API's own words for the same value
        Simulator().create_function("orders", timeout=901)
    assert messages["timeout"] == f"{api.value.code}: {api.value.message}"
    assert messages["reserved_concurrency"] == (
        "InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases "
        "account's UnreservedConcurrentExecution below its minimum value of [100].")


@pytest.mark.parametrize("name", ["my function!", "", "a" * 65, "orders:prod"])
def test_a_function_name_lambda_refuses_gets_the_words_createfunction_gives(name: str) -> None:
    state = FormState.of(Scenario())
    state.values["function_name"] = name
    [error] = state.parse()
    with pytest.raises(AwsError) as api:
        Simulator().create_function(name)
    assert (error.field, error.message) == ("function_name", f"{api.value.code}: {api.value.message}")


def test_names_without_an_api_rule_are_explained_in_words_never_as_a_regular_expression() -> None:
    state = FormState.of(Scenario())
    state.values.update(function_name="orders.v2", behavior_error_type="1Error", on_failure_service="sqs",
                        on_failure_name="failed orders")
    messages = {e.field: e.message for e in state.parse()}
    assert messages == {
        "function_name": "In this Lab, a function name is 1 to 64 letters, digits, hyphens (-) and underscores (_).",
        "behavior_error_type": "An error type is a Python class name, such as ValueError or orders.OrderError.",
        "on_failure": "In this Lab, a target name is at most 75 letters, digits, hyphens (-) and underscores (_)."}


def test_every_problem_shows_at_once_even_when_the_event_is_not_json() -> None:
    state = FormState.of(Scenario())
    state.values.update(payload='{"orderId": ', payload_is_sample=False, function_name="")
    assert sorted(e.field for e in state.parse()) == ["function_name", "payload"]
