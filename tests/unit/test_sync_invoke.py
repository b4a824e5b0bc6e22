"""Synchronous (RequestResponse) and DryRun invocations: status codes, FunctionError, error payloads (§2, §8, §9)."""

from __future__ import annotations

import base64
import json

import pytest

from engine import AwsError, Behavior, Simulator

FN = "arn:aws:lambda:us-east-1:123456789012:function:orders"


def read(response: dict) -> object:
    return json.loads(response["Payload"].read())


def test_a_successful_sync_call_returns_200_with_the_result_as_the_payload(sim, lam):
    """§2 RequestResponse → 200; §8 the body is the result; ExecutedVersion header."""
    sim.create_function("orders", behavior=Behavior.succeed({"stored": True}))
    response = lam.invoke(FunctionName="orders", InvocationType="RequestResponse", Payload=b'{"order": 1}')
    assert response["StatusCode"] == 200
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in response
    assert read(response) == {"stored": True}


def test_requestresponse_is_the_default_invocation_type(sim, lam):
    """§2: `RequestResponse` (default)."""
    sim.create_function("orders", behavior=Behavior.succeed("done"))
    response = lam.invoke(FunctionName="orders")
    assert response["StatusCode"] == 200
    assert read(response) == "done"


def test_a_function_returning_nothing_answers_null(sim, lam):
    """§6 responsePayload `null` if none; the sync body is the same JSON."""
    sim.create_function("orders")
    assert lam.invoke(FunctionName="orders")["Payload"].read() == b"null"


def test_a_raised_exception_returns_200_with_function_error_unhandled_and_the_python_error_payload(sim, lam):
    """§8 the status ignores function errors; S5 FunctionError "Unhandled"; §9 Python exception payload."""
    sim.create_function("orders", behavior=Behavior.fail(error_type="ValueError", message="bad order"))
    response = lam.invoke(FunctionName="orders", Payload=b'{"order": 1}')
    request_id = response["ResponseMetadata"]["RequestId"]
    body = read(response)
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert list(body) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert body["errorMessage"] == "bad order"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == request_id
    assert isinstance(body["stackTrace"], list) and body["stackTrace"]


@pytest.mark.parametrize(("timeout", "seconds"), [(1, "1.00"), (3, "3.00"), (900, "900.00")])
def test_a_timeout_returns_sandbox_timedout_with_the_function_timeout_to_two_decimals(sim, lam, timeout, seconds):
    """§9 Timeout row: `RequestId: <id> Error: Task timed out after 1.00 seconds`; S5."""
    sim.create_function("orders", behavior=Behavior.timeout(), timeout=timeout)
    response = lam.invoke(FunctionName="orders")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert read(response) == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after {seconds} seconds",
    }


def test_a_run_longer_than_the_timeout_is_stopped_by_it(sim, lam):
    """S19: a behaviour's duration is capped by the function timeout (§9 Timeout)."""
    sim.create_function("orders", behavior=Behavior.succeed(duration=5.0), timeout=3)
    response = lam.invoke(FunctionName="orders")
    assert response["FunctionError"] == "Unhandled"
    assert read(response)["errorType"] == "Sandbox.Timedout"
    (run,) = sim.invocations("orders")
    assert (run.time, run.end) == (0.0, 3.0)


def test_a_crash_returns_runtime_exit_error_with_exit_status_1(sim, lam):
    """§9 Crash row; [SIM] Behavior.crash() uses exit status 1."""
    sim.create_function("orders", behavior=Behavior.crash())
    response = lam.invoke(FunctionName="orders")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["FunctionError"] == "Unhandled"
    assert read(response) == {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 1",
    }


def test_running_out_of_memory_returns_runtime_out_of_memory(sim, lam):
    """§9 Out of memory row: errorType Runtime.OutOfMemory, [SIM] message `signal: killed`."""
    sim.create_function("orders", behavior=Behavior.out_of_memory())
    response = lam.invoke(FunctionName="orders")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["FunctionError"] == "Unhandled"
    assert read(response) == {
        "errorType": "Runtime.OutOfMemory",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: signal: killed",
    }


def test_a_failed_sync_call_is_never_retried_and_triggers_no_destination(sim, lam):
    """§9 "What follows an error": sync → no Lambda retry; §5 a RequestResponse call never triggers a destination."""
    queue = sim.create_queue("failures")
    dlq = sim.create_queue("dlq")
    sim.create_function("orders", behavior=Behavior.fail())
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnFailure": {"Destination": queue}})
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    lam.invoke(FunctionName="orders")
    sim.run()
    assert len(sim.invocations("orders")) == 1
    assert sim.deliveries(queue) == []
    assert sim.deliveries(dlq) == []
    assert sim.async_results("orders") == []
    assert sim.metrics("orders")["Invocations"] == 1
    assert sim.metrics("orders")["Errors"] == 1
    assert sim.metrics("orders")["AsyncEventsReceived"] == 0


def test_a_successful_sync_call_triggers_no_onsuccess_destination(sim, lam):
    """§5: OnSuccess is async only."""
    queue = sim.create_queue("ok")
    sim.create_function("orders")
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnSuccess": {"Destination": queue}})
    lam.invoke(FunctionName="orders")
    sim.run()
    assert sim.deliveries(queue) == []


def test_every_sync_call_is_a_new_request_so_fail_first_fails_each_one(sim, lam):
    """S19: fail_first(n) counts attempts per request id; each sync call is attempt 1 of a new request."""
    sim.create_function("orders", behavior=Behavior.fail_first(1))
    first = lam.invoke(FunctionName="orders")
    second = lam.invoke(FunctionName="orders")
    assert first["FunctionError"] == second["FunctionError"] == "Unhandled"
    assert first["ResponseMetadata"]["RequestId"] != second["ResponseMetadata"]["RequestId"]
    assert [i.attempt for i in sim.invocations("orders")] == [1, 1]


def test_sync_call_with_zero_reserved_concurrency_gets_429_rate_exceeded_with_its_reason(sim, lam):
    """§4 Sync: 429 TooManyRequestsException `Rate Exceeded.`, Reason ReservedFunctionConcurrentInvocationLimitExceeded,
    Type User; §9 the function never starts."""
    sim.create_function("orders", reserved_concurrency=0)
    with pytest.raises(lam.exceptions.TooManyRequestsException) as caught:
        lam.invoke(FunctionName="orders", Payload=b"{}")
    error = caught.value
    assert isinstance(error, AwsError)
    assert (error.code, error.status, error.message) == ("TooManyRequestsException", 429, "Rate Exceeded.")
    assert error.response["Error"] == {"Code": "TooManyRequestsException", "Message": "Rate Exceeded."}
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert error.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert error.response["Type"] == "User"
    assert sim.metrics("orders")["Invocations"] == 0
    assert [i.outcome for i in sim.invocations("orders")] == ["throttled"]
    assert [i.attempt for i in sim.invocations("orders")] == [0]


def test_sync_call_over_a_full_reservation_gets_429_with_the_reserved_reason(sim, lam):
    """§9 429 Reason ReservedFunctionConcurrentInvocationLimitExceeded (a reservation is full); S19 a run holds
    one unit of concurrency for its duration."""
    sim.create_function("orders", behavior=Behavior.succeed(duration=10.0), reserved_concurrency=1, timeout=30)
    assert lam.invoke(FunctionName="orders", InvocationType="Event")["StatusCode"] == 202
    sim.run(until=5.0)
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName="orders")
    assert caught.value.code == "TooManyRequestsException"
    assert caught.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    sim.run(until=10.0)
    assert lam.invoke(FunctionName="orders")["StatusCode"] == 200


def test_sync_call_over_the_account_limit_gets_429_concurrent_invocation_limit_exceeded():
    """§9 429 Reason ConcurrentInvocationLimitExceeded (the unreserved pool is full)."""
    sim = Simulator(account_concurrency=0)
    lam = sim.client("lambda")
    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        lam.invoke(FunctionName="orders")
    assert (caught.value.code, caught.value.status) == ("TooManyRequestsException", 429)
    assert caught.value.response["Reason"] == "ConcurrentInvocationLimitExceeded"
    assert sim.metrics("orders")["Throttles"] == 1


def test_dry_run_returns_204_with_an_empty_body_and_runs_nothing(sim, lam):
    """§2 DryRun: checks parameters and permission; no run; 204."""
    sim.create_function("orders", behavior=Behavior.fail())
    response = lam.invoke(FunctionName="orders", InvocationType="DryRun", Payload=b'{"a": 1}')
    assert response["StatusCode"] == 204
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert response["Payload"].read() == b""
    sim.run()
    assert sim.invocations("orders") == []
    assert sim.metrics("orders")["Invocations"] == 0
    assert sim.async_results() == []


def test_dry_run_of_a_missing_function_is_refused_with_404(sim, lam):
    """§2 DryRun checks parameters; §9 404 `Function not found: …:$LATEST`."""
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.invoke(FunctionName="doesnotexist", InvocationType="DryRun")
    assert caught.value.message == (
        "Function not found: arn:aws:lambda:us-east-1:123456789012:function:doesnotexist:$LATEST")


def test_log_type_tail_returns_the_last_4_kb_of_log_base64_encoded(sim, lam):
    """§2: `LogType=Tail` puts the last 4 KB of log, base64, in `X-Amz-Log-Result` (sync only)."""
    sim.create_function("orders", behavior=Behavior.fail(error_type="ValueError"))
    response = lam.invoke(FunctionName="orders", LogType="Tail")
    request_id = response["ResponseMetadata"]["RequestId"]
    log = base64.b64decode(response["LogResult"]).decode()
    assert len(base64.b64decode(response["LogResult"])) <= 4096
    assert log.startswith(f"START RequestId: {request_id} Version: $LATEST\n")
    assert f"END RequestId: {request_id}\n" in log
    assert f"REPORT RequestId: {request_id}\t" in log
    assert "Status: error" in log


def test_without_log_type_there_is_no_log_result(sim, lam):
    """§2: LogResult only with `LogType=Tail`."""
    sim.create_function("orders")
    assert "LogResult" not in lam.invoke(FunctionName="orders")


def test_a_sync_call_records_its_run_without_moving_the_clock(sim, lam):
    """DESIGN "sim.trace": a sync call's later steps are recorded when it is made; S19 the run takes `duration`."""
    sim.create_function("orders", behavior=Behavior.succeed(duration=0.25))
    response = lam.invoke(FunctionName="orders")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert sim.now == 0.0
    (run,) = sim.invocations("orders")
    assert (run.time, run.end, run.request_id, run.attempt, run.outcome, run.invocation_type) == (
        0.0, 0.25, request_id, 1, "success", "RequestResponse")
    assert [(s.time, s.kind) for s in sim.trace if s.request_id == request_id] == [
        (0.0, "received"), (0.0, "start"), (0.25, "end"), (0.25, "response")]


def test_an_api_gateway_trigger_invokes_synchronously_and_an_s3_trigger_asynchronously(sim):
    """§2 services table: API Gateway → sync (200), S3 event notifications → async (202)."""
    sim.create_function("orders")
    assert sim.trigger("api_gateway", FunctionName="orders")["StatusCode"] == 200
    assert sim.trigger("s3", FunctionName="orders", bucket="uploads", key="a.csv")["StatusCode"] == 202
    sim.run()
    (result,) = sim.async_results("orders")
    assert result.record["requestPayload"]["Records"][0]["s3"]["object"]["key"] == "a.csv"


def test_log_type_tail_is_ignored_for_async_calls(sim, lam):
    """§2: LogResult is for sync calls only."""
    sim.create_function("orders")
    response = lam.invoke(FunctionName="orders", InvocationType="Event", LogType="Tail")
    assert response["StatusCode"] == 202
    assert "LogResult" not in response


def test_a_function_arn_of_another_region_or_account_is_not_found() -> None:
    """§9: an ARN names one function in one account and region; the simulated account has no other."""
    from engine import AwsError, Simulator

    sim = Simulator()
    sim.create_function("orders")
    lam = sim.client("lambda")
    assert lam.invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:orders")["StatusCode"] == 200
    for arn in ("arn:aws:lambda:eu-west-1:123456789012:function:orders",
                "arn:aws:lambda:us-east-1:999999999999:function:orders", "999999999999:function:orders"):
        try:
            lam.invoke(FunctionName=arn)
        except AwsError as error:
            assert error.code == "ResourceNotFoundException"
        else:
            raise AssertionError(f"{arn} should not be found")
