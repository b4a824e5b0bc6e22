"""The function's dead-letter queue: original event, RequestID/ErrorCode/ErrorMessage attributes (§7, S8, S13,
S14, S16, S17)."""

from __future__ import annotations

import pytest

from engine import AwsError, Behavior, Simulator


def failing_with_dlq(sim: Simulator, lam, behavior: Behavior | None = None, topic: bool = False) -> str:
    dlq = sim.create_topic("dlq") if topic else sim.create_queue("dlq")
    sim.create_function("orders", behavior=behavior or Behavior.fail(error_type="ValueError", message="bad order"))
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    return dlq


def send(lam, payload: bytes = b'{"orderId": "A-1002", "amount": -5}', name: str = "orders") -> str:
    return lam.invoke(FunctionName=name, InvocationType="Event", Payload=payload)["ResponseMetadata"]["RequestId"]


def test_the_dlq_receives_the_original_event_unchanged_with_lambdas_three_attributes(sim, lam):
    """§7: body = the original event, unchanged; attributes RequestID (String), ErrorCode (Number, "200" after a
    function error), ErrorMessage (String, the exception's message) in SQS's shape; S8."""
    dlq = failing_with_dlq(sim, lam)
    payload = b'{"orderId": "A-1002",   "amount": -5}'
    request_id = send(lam, payload)
    sim.run()
    (dead,) = sim.deliveries(dlq)
    assert (dead.time, dead.source, dead.service, dead.request_id) == (180.3, "DeadLetterQueue", "sqs", request_id)
    assert dead.body == payload.decode()
    assert dead.attributes == {
        "RequestID": {"DataType": "String", "StringValue": request_id},
        "ErrorCode": {"DataType": "Number", "StringValue": "200"},
        "ErrorMessage": {"DataType": "String", "StringValue": "bad order"},
    }
    assert dead.envelope["MessageAttributes"] == dead.attributes
    assert dead.envelope["Body"] == payload.decode()


def test_the_dlq_error_message_is_the_last_runs_error_message(sim, lam):
    """S8: ErrorMessage = the last `errorMessage` (here a timeout's, §9)."""
    dlq = failing_with_dlq(sim, lam, Behavior.timeout())
    request_id = send(lam)
    sim.run()
    assert sim.deliveries(dlq)[0].attributes["ErrorMessage"]["StringValue"] == (
        f"RequestId: {request_id} Error: Task timed out after 3.00 seconds")


def test_the_dlq_error_message_holds_the_first_1_kb_of_the_message(sim, lam):
    """§7 Attributes: ErrorMessage (String, first 1 KB)."""
    dlq = failing_with_dlq(sim, lam, Behavior.fail(message="é" * 600 + "x" * 10))
    send(lam)
    sim.run()
    message = sim.deliveries(dlq)[0].attributes["ErrorMessage"]["StringValue"]
    assert message == "é" * 512
    assert len(message.encode()) == 1024


def test_an_sns_dlq_carries_the_attributes_as_sns_message_attributes(sim, lam):
    """§7 Targets: SNS standard; the notification's MessageAttributes carry the same three attributes."""
    dlq = failing_with_dlq(sim, lam, topic=True)
    request_id = send(lam)
    sim.run()
    (dead,) = sim.deliveries(dlq)
    envelope = dead.envelope
    assert envelope["Type"] == "Notification"
    assert envelope["Message"] == '{"orderId": "A-1002", "amount": -5}'
    assert envelope["MessageAttributes"] == {
        "RequestID": {"Type": "String", "Value": request_id},
        "ErrorCode": {"Type": "Number", "Value": "200"},
        "ErrorMessage": {"Type": "String", "Value": "bad order"},
    }


def test_a_successful_event_never_reaches_the_dlq(sim, lam):
    """§7 Fires on: all attempts failed, expired unprocessed, reserved concurrency 0 — not success."""
    dlq = failing_with_dlq(sim, lam, Behavior.fail_first(1))
    send(lam)
    sim.run()
    assert sim.deliveries(dlq) == []


def test_the_dlq_covers_every_version_and_alias_of_the_function(sim, lam):
    """S16: the DLQ is per function and covers all versions and aliases."""
    dlq = failing_with_dlq(sim, lam)
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    for name in ("orders", "orders:1", "orders:live"):
        lam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
        send(lam, name=name)
    sim.run()
    assert len(sim.deliveries(dlq)) == 3


@pytest.mark.parametrize(("target", "code"), [
    ("arn:aws:s3:::bucket", "InvalidParameterValueException"),
    ("arn:aws:events:us-east-1:123456789012:event-bus/default", "InvalidParameterValueException"),
    ("arn:aws:lambda:us-east-1:123456789012:function:other", "InvalidParameterValueException"),
    ("queue", "ValidationException"),
])
def test_a_dlq_must_be_an_sqs_queue_or_an_sns_topic(sim, lam, target, code):
    """§7 Targets: SQS standard, SNS standard; a value outside the model's ResourceArn pattern → ValidationException
    (S10)."""
    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": target})
    assert caught.value.code == code
    assert "DeadLetterConfig" not in lam.get_function_configuration(FunctionName="orders")


def test_get_function_configuration_shows_the_dlq_and_an_empty_target_removes_it(sim, lam):
    """§7 Set with `DeadLetterConfig.TargetArn` (`UpdateFunctionConfiguration`)."""
    dlq = failing_with_dlq(sim, lam)
    response = lam.get_function_configuration(FunctionName="orders")
    assert response["DeadLetterConfig"] == {"TargetArn": dlq}
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": ""})
    assert "DeadLetterConfig" not in lam.get_function_configuration(FunctionName="orders")
    send(lam)
    sim.run()
    assert sim.deliveries(dlq) == []


def test_a_fifo_dlq_is_accepted_and_every_write_to_it_fails_as_a_dead_letter_error(sim, lam):
    """S13: FIFO SQS queue as DLQ accepted; every delivery fails and counts DeadLetterErrors; the item is lost."""
    fifo = sim.create_queue("dlq.fifo", fifo=True)
    sim.create_function("orders", behavior=Behavior.fail())
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": fifo})
    request_id = send(lam)
    sim.run()
    assert sim.deliveries(fifo) == []
    (failure,) = sim.delivery_failures()
    assert (failure.time, failure.target, failure.source, failure.request_id) == (
        180.3, fifo, "DeadLetterQueue", request_id)
    assert sim.metrics("orders")["DeadLetterErrors"] == 1
    assert sim.metrics("orders")["DestinationDeliveryFailures"] == 0


def test_a_missing_dlq_is_accepted_and_the_write_fails_as_a_dead_letter_error(sim, lam):
    """S14 (missing SQS/SNS target accepted, delivery fails); §7 Write fails → event deleted; DeadLetterErrors."""
    sim.create_function("orders", behavior=Behavior.fail())
    gone = sim.arns.topic("gone")
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": gone})
    send(lam)
    sim.run()
    assert sim.metrics("orders")["DeadLetterErrors"] == 1
    assert sim.delivery_failures()[0].reason == f"{gone} does not exist"


def test_an_sns_dlq_message_with_lambdas_attributes_over_256_kb_fails(sim, lam):
    """S15: a message over 262,144 bytes sent to an SNS DLQ fails delivery; §7 Lambda's attributes can overflow
    the DLQ limit → DeadLetterErrors."""
    dlq = failing_with_dlq(sim, lam, Behavior.fail(message="m"), topic=True)
    send(lam, b'"' + b"a" * 262_140 + b'"')  # 262,142 bytes: fits alone, not with the three attributes
    sim.run()
    assert sim.deliveries(dlq) == []
    assert sim.metrics("orders")["DeadLetterErrors"] == 1


def test_a_1_mb_event_plus_lambdas_attributes_overflows_an_sqs_dlq(sim, lam):
    """§7: an event near 1 MB plus Lambda's attributes can overflow the DLQ limit → DeadLetterErrors; S9 the event
    itself (exactly 1,048,576 bytes) was accepted."""
    dlq = failing_with_dlq(sim, lam, Behavior.fail(message="m"))
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    assert lam.invoke(FunctionName="orders", InvocationType="Event",
                      Payload=b'"' + b"a" * (1_048_576 - 2) + b'"')["StatusCode"] == 202
    sim.run()
    assert sim.deliveries(dlq) == []
    assert sim.metrics("orders")["DeadLetterErrors"] == 1
    assert sim.delivery_failures()[0].reason.endswith("the SQS limit is 1,048,576 bytes")
