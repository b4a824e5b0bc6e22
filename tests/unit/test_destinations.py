"""OnSuccess/OnFailure destinations: what each target service receives, config checks, failures, loops
(§5, §6, S6, S11-S15, S17, S18)."""

from __future__ import annotations

import json
import re

import pytest

from engine import AwsError, Behavior, Simulator

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def configure(lam, name: str = "orders", **destinations: str) -> None:
    lam.put_function_event_invoke_config(
        FunctionName=name, DestinationConfig={which: {"Destination": arn} for which, arn in destinations.items()})


def send(lam, payload: bytes = b'{"order": 1}', name: str = "orders") -> str:
    return lam.invoke(FunctionName=name, InvocationType="Event", Payload=payload)["ResponseMetadata"]["RequestId"]


# --- what each target receives -------------------------------------------------------------------------

def test_an_sqs_destination_receives_the_record_as_the_message_body_without_attributes(sim, lam):
    """§5 SQS: message body = record JSON; no message attributes seen."""
    queue = sim.create_queue("failures")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=queue)
    request_id = send(lam)
    sim.run()
    (delivery,) = sim.deliveries(queue)
    assert (delivery.time, delivery.source, delivery.service, delivery.request_id) == (
        180.3, "OnFailure", "sqs", request_id)
    assert delivery.attributes == {}
    assert delivery.body == json.dumps(sim.async_results("orders")[0].record, separators=(",", ":"))
    assert list(delivery.envelope) == ["MessageId", "MD5OfBody", "Body"]
    assert delivery.envelope["Body"] == delivery.body
    assert re.fullmatch(UUID4, delivery.envelope["MessageId"])


def test_an_sns_destination_receives_the_record_as_the_notification_message(sim, lam):
    """§5 SNS: SNS `Message` = record JSON."""
    topic = sim.create_topic("results")
    sim.create_function("orders", behavior=Behavior.succeed({"stored": True}))
    configure(lam, OnSuccess=topic)
    send(lam)
    sim.run()
    (delivery,) = sim.deliveries(topic)
    envelope = delivery.envelope
    assert envelope["Type"] == "Notification"
    assert envelope["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:results"
    assert envelope["Message"] == delivery.body
    assert "MessageAttributes" not in envelope
    assert json.loads(envelope["Message"])["requestContext"]["condition"] == "Success"


@pytest.mark.parametrize(
    ("behavior", "detail_type", "condition"),
    [
        (Behavior.succeed({"stored": True}), "Lambda Function Invocation Result - Success", "Success"),
        (Behavior.fail(), "Lambda Function Invocation Result - Failure", "RetriesExhausted"),
    ],
)
def test_an_eventbridge_destination_receives_the_record_as_the_detail_of_an_event(sim, lam, behavior, detail_type,
                                                                                  condition):
    """§5 EventBridge event: detail-type with ASCII hyphen, S6 source "lambda", resources = bus ARN then the qualified
    function ARN, detail = the whole record; key order of the §5 example."""
    bus = sim.create_event_bus("orders")
    sim.create_function("orders", behavior=behavior)
    configure(lam, OnSuccess=bus, OnFailure=bus)
    send(lam)
    sim.run()
    (delivery,) = sim.deliveries(bus)
    event = delivery.payload
    assert list(event) == ["version", "id", "detail-type", "source", "account", "time", "region", "resources",
                           "detail"]
    assert event["version"] == "0"
    assert re.fullmatch(UUID4, event["id"])
    assert event["detail-type"] == detail_type
    assert event["source"] == "lambda"
    assert event["account"] == "123456789012"
    assert event["region"] == "us-east-1"
    assert event["resources"] == ["arn:aws:events:us-east-1:123456789012:event-bus/orders", ARN + "orders:$LATEST"]
    assert event["detail"] == sim.async_results("orders")[0].record
    assert event["detail"]["requestContext"]["condition"] == condition
    assert event["time"] == delivery.timestamp[:19] + "Z"


def test_the_eventbridge_default_bus_exists_in_every_account(sim, lam):
    """§5 EventBridge bus target; CDK's rule lives on the default bus."""
    sim.create_function("orders")
    default = "arn:aws:events:us-east-1:123456789012:event-bus/default"
    configure(lam, OnSuccess=default)
    send(lam)
    sim.run()
    assert len(sim.deliveries(default)) == 1


def test_an_s3_destination_stores_the_record_under_the_async_key_format(sim, lam):
    """§5 S3 key: `aws/lambda/async/<function-name>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>` (UTC time of the
    record); the body is the record JSON; S20 times derive from 2026-01-01T00:00:00Z."""
    bucket = sim.create_bucket("failed-events")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=bucket)
    send(lam)
    sim.run()
    (delivery,) = sim.deliveries(bucket)
    assert re.fullmatch(r"aws/lambda/async/orders/2026/01/01/2026-01-01T00\.03\.00-" + UUID4, delivery.key)
    assert delivery.payload == sim.async_results("orders")[0].record
    assert delivery.payload["timestamp"] == "2026-01-01T00:03:00.300Z"
    assert delivery.envelope == {"Bucket": "failed-events", "Key": delivery.key, "Body": delivery.payload}


def test_the_s3_key_uses_the_date_of_the_record_across_midnight():
    """§5 S3 key (UTC time of the record [SIM]); S20 the clock can start elsewhere."""
    from datetime import UTC, datetime

    sim = Simulator(start=datetime(2025, 12, 31, 23, 59, 0, tzinfo=UTC))
    lam = sim.client("lambda")
    bucket = sim.create_bucket("failed-events")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=bucket)
    send(lam)
    sim.run()
    (delivery,) = sim.deliveries(bucket)
    assert re.fullmatch(r"aws/lambda/async/orders/2026/01/01/2026-01-01T00\.02\.00-" + UUID4, delivery.key)


def test_an_s3_bucket_is_refused_as_an_onsuccess_destination(sim, lam):
    """S12: S3 under OnSuccess → InvalidParameterValueException with the generic §5 destination-config text."""
    bucket = sim.create_bucket("results")
    sim.create_function("orders")
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as caught:
        configure(lam, OnSuccess=bucket)
    assert caught.value.status == 400
    assert caught.value.message == (
        "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:s3:::results), "
        "onFailure=null) is invalid.")


def test_a_lambda_destination_is_invoked_asynchronously_with_the_record_as_its_event(sim, lam):
    """§5 Lambda: the record is its event; S11 invoked asynchronously (Event), so its own async settings apply."""
    sim.create_function("orders", behavior=Behavior.fail())
    handler = sim.create_function("handler", behavior=Behavior.fail())
    configure(lam, OnFailure=handler)
    lam.put_function_event_invoke_config(FunctionName="handler", MaximumRetryAttempts=1)
    send(lam)
    sim.run()
    record = sim.async_results("orders")[0].record
    (delivery,) = sim.deliveries(handler)
    assert delivery.payload == record
    assert sim.deliveries("handler") == [delivery]
    tries = sim.invocations("handler")
    assert [(i.time, i.attempt, i.invocation_type) for i in tries] == [(180.3, 1, "Event"), (240.4, 2, "Event")]
    (handled,) = sim.async_results("handler")
    assert handled.record["requestPayload"] == record
    assert handled.request_id != record["requestContext"]["requestId"]
    assert sim.metrics("handler")["AsyncEventsReceived"] == 1


def test_lambda_destinations_chain_from_function_to_function(sim, lam):
    """S11 + S18: a chain of Lambda destinations is followed like any async invocation."""
    c = sim.create_function("c")
    b = sim.create_function("b")
    sim.create_function("a")
    configure(lam, "a", OnSuccess=b)
    configure(lam, "b", OnSuccess=c)
    send(lam, name="a")
    sim.run()
    (b_result,) = sim.async_results("b")
    (c_result,) = sim.async_results("c")
    assert b_result.record["requestPayload"]["requestContext"]["functionArn"] == ARN + "a:$LATEST"
    assert c_result.record["requestPayload"]["requestContext"]["functionArn"] == ARN + "b:$LATEST"
    assert [(r.function, r.received, r.ended) for r in sim.async_results()] == [
        ("a", 0.0, 0.1), ("b", 0.1, 0.2), ("c", 0.2, 0.3)]


def test_an_a_to_b_to_a_loop_passes_the_config_check_and_stops_after_16_invocations_each(sim, lam):
    """§5 the self-check catches only direct self-reference, so A→B→A passes; S18: once one request chain has
    invoked the same function 16 times, the next invocation is dropped, counted in RecursiveInvocationsDropped,
    and shown in the trace."""
    a = sim.create_function("a")
    b = sim.create_function("b")
    configure(lam, "a", OnSuccess=b)
    configure(lam, "b", OnSuccess=a)
    send(lam, name="a")
    sim.run()
    assert len(sim.invocations("a")) == 16
    assert len(sim.invocations("b")) == 16
    assert sim.metrics("a")["RecursiveInvocationsDropped"] == 1
    assert sim.metrics("b")["RecursiveInvocationsDropped"] == 0
    assert sim.metrics("a")["AsyncEventsReceived"] == 16
    (dropped,) = [s for s in sim.trace if s.kind == "recursion_dropped"]
    assert (dropped.function, dropped.detail["caller"], dropped.detail["count"]) == ("a", "b", 16)
    assert len(sim.async_results()) == 32


def test_a_function_cannot_name_itself_as_its_destination(sim, lam):
    """§5 rejected: `You can't specify the function as a destination for itself.`"""
    me = sim.create_function("orders")
    for target in (me, me + ":$LATEST"):
        with pytest.raises(AwsError) as caught:
            configure(lam, OnFailure=target)
        assert (caught.value.code, caught.value.status) == ("InvalidParameterValueException", 400)
        assert caught.value.message == "You can't specify the function as a destination for itself."


def test_a_missing_lambda_destination_is_refused_at_put(sim, lam):
    """§5 rejected: missing Lambda target → `The destination ARN … is invalid.`; S14."""
    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        configure(lam, OnFailure=ARN + "doesnotexist")
    assert caught.value.code == "InvalidParameterValueException"
    assert caught.value.message == f"The destination ARN {ARN}doesnotexist is invalid."


def test_an_unsupported_service_is_refused_with_the_destination_config_text(sim, lam):
    """§5 rejected: unsupported service (`arn:aws:iam:…`) → `The provided destination config … is invalid.`"""
    sim.create_function("orders")
    role = "arn:aws:iam::123456789012:role/x"
    with pytest.raises(AwsError) as caught:
        configure(lam, OnSuccess=role)
    assert caught.value.code == "InvalidParameterValueException"
    assert caught.value.message == (
        f"The provided destination config DestinationConfig(onSuccess=OnSuccess(destination={role}), "
        "onFailure=null) is invalid.")


def test_a_malformed_destination_arn_fails_the_pattern_with_a_validation_exception(sim, lam):
    """§5 rejected: ARN fails the pattern → ValidationException `1 validation error detected: Value '…' at
    'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression
    pattern: …`"""
    from engine.arns import DESTINATION_ARN_PATTERN

    sim.create_function("orders")
    with pytest.raises(AwsError) as caught:
        configure(lam, OnFailure="not-an-arn")
    assert (caught.value.code, caught.value.status) == ("ValidationException", 400)
    assert caught.value.message == (
        "1 validation error detected: Value 'not-an-arn' at 'destinationConfig.onFailure.destination' failed to "
        f"satisfy constraint: Member must satisfy regular expression pattern: {DESTINATION_ARN_PATTERN}")
    with pytest.raises(AwsError) as caught:
        configure(lam, OnSuccess="not-an-arn")
    assert "at 'destinationConfig.onSuccess.destination'" in caught.value.message


# --- when each destination fires -------------------------------------------------------------------------

def test_onsuccess_fires_when_a_retry_succeeds_and_onfailure_does_not(sim, lam):
    """§5 When: OnSuccess when an async invocation succeeds, on any attempt."""
    ok, failed = sim.create_queue("ok"), sim.create_queue("failed")
    sim.create_function("orders", behavior=Behavior.fail_first(2))
    configure(lam, OnSuccess=ok, OnFailure=failed)
    send(lam)
    sim.run()
    (delivery,) = sim.deliveries(ok)
    assert delivery.time == 180.3
    assert delivery.payload["requestContext"]["approximateInvokeCount"] == 3
    assert sim.deliveries(failed) == []


def test_a_failing_event_reaches_only_onfailure(sim, lam):
    """§5 When: OnFailure when every allowed attempt failed."""
    ok, failed = sim.create_queue("ok"), sim.create_queue("failed")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnSuccess=ok, OnFailure=failed)
    send(lam)
    sim.run()
    assert sim.deliveries(ok) == []
    assert [d.payload["requestContext"]["condition"] for d in sim.deliveries(failed)] == ["RetriesExhausted"]


def test_with_both_a_dlq_and_onfailure_both_receive_the_failure_at_once_destination_first(sim, lam):
    """S17: both receive the failure at the same virtual time, destination first in the trace; §7 Both set."""
    queue, dlq = sim.create_queue("failures"), sim.create_queue("dlq")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=queue)
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    send(lam)
    sim.run()
    assert [d.time for d in sim.deliveries(queue)] == [180.3]
    assert [d.time for d in sim.deliveries(dlq)] == [180.3]
    delivered = [(s.time, s.detail["source"]) for s in sim.trace if s.kind == "delivered"]
    assert delivered == [(180.3, "OnFailure"), (180.3, "DeadLetterQueue")]


def test_one_queue_can_be_both_the_onfailure_destination_and_the_dlq(sim, lam):
    """§7 Both set: a failure goes to both; S17 each target gets one delivery."""
    queue = sim.create_queue("failures")
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=queue)
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": queue})
    send(lam)
    sim.run()
    assert [d.source for d in sim.deliveries(queue)] == ["OnFailure", "DeadLetterQueue"]


def test_the_record_names_the_alias_the_caller_used_and_the_version_that_ran(sim, lam):
    """S7: functionArn ends with the qualifier the caller used; executedVersion is the version that ran;
    §5 EventBridge resources end with the qualified function ARN."""
    bus = sim.create_event_bus("orders")
    sim.create_function("orders")
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    configure(lam, "orders:live", OnSuccess=bus)
    send(lam, name="orders:live")
    sim.run()
    event = sim.deliveries(bus)[0].payload
    assert event["resources"][1] == ARN + "orders:live"
    assert event["detail"]["requestContext"]["functionArn"] == ARN + "orders:live"
    assert event["detail"]["responseContext"]["executedVersion"] == "1"


def test_the_destination_of_the_qualifier_invoked_is_used(sim, lam):
    """§3 Scope / S16: the event invoke config is per qualifier; $LATEST's destination does not serve an alias."""
    latest_q, alias_q = sim.create_queue("latest"), sim.create_queue("alias")
    sim.create_function("orders")
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    configure(lam, OnSuccess=latest_q)
    configure(lam, "orders:live", OnSuccess=alias_q)
    send(lam, name="orders:live")
    send(lam, name="orders:1")
    sim.run()
    assert len(sim.deliveries(alias_q)) == 1
    assert sim.deliveries(latest_q) == []


# --- failed deliveries -------------------------------------------------------------------------------------

@pytest.mark.parametrize("service", ["sqs", "sns", "events", "s3"])
def test_a_missing_target_is_accepted_and_its_delivery_fails(sim, lam, service):
    """S14: a missing SQS, SNS, EventBridge or S3 target is accepted, and its delivery fails; §3 Metrics
    DestinationDeliveryFailures."""
    arn = {"sqs": sim.arns.queue("gone"), "sns": sim.arns.topic("gone"), "events": sim.arns.event_bus("gone"),
           "s3": sim.arns.bucket("gone")}[service]
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=arn)
    request_id = send(lam)
    sim.run()
    assert sim.deliveries(arn) == []
    (failure,) = sim.delivery_failures()
    assert (failure.time, failure.target, failure.source, failure.function, failure.request_id) == (
        180.3, arn, "OnFailure", "orders", request_id)
    assert failure.reason == f"{arn} does not exist"
    assert sim.metrics("orders")["DestinationDeliveryFailures"] == 1
    assert [s.kind for s in sim.trace][-1] == "delivery_failed"


@pytest.mark.parametrize("kind", ["queue", "topic"])
def test_a_fifo_target_is_accepted_but_every_delivery_to_it_fails(sim, lam, kind):
    """S13: FIFO SQS queue or SNS topic accepted when configured; every delivery fails and counts
    DestinationDeliveryFailures; the item is lost; §5 FIFO unsupported."""
    arn = sim.create_queue("results.fifo", fifo=True) if kind == "queue" else sim.create_topic("results.fifo",
                                                                                                fifo=True)
    sim.create_function("orders")
    configure(lam, OnSuccess=arn)
    send(lam)
    send(lam)
    sim.run()
    assert sim.deliveries(arn) == []
    assert [f.reason for f in sim.delivery_failures()] == [
        "FIFO queues and topics are not supported as destinations or dead-letter queues"] * 2
    assert sim.metrics("orders")["DestinationDeliveryFailures"] == 2


def sns_record_sim(padding: int) -> tuple[Simulator, str]:
    sim = Simulator(seed=3)
    lam = sim.client("lambda")
    topic = sim.create_topic("results")
    sim.create_function("orders")
    configure(lam, OnSuccess=topic)
    send(lam, json.dumps({"x": "a" * padding}).encode())
    sim.run()
    return sim, topic


def record_size(sim: Simulator) -> int:
    return len(json.dumps(sim.async_results("orders")[0].record, separators=(",", ":")).encode())


@pytest.mark.parametrize(("extra", "delivered"), [(0, True), (1, False)])
def test_an_sns_destination_takes_a_record_of_at_most_256_kb(extra, delivered):
    """S15 / §6 Size: a message over 262,144 bytes sent to an SNS destination fails delivery (exactly at it passes);
    size failures count in DestinationDeliveryFailures."""
    base = record_size(sns_record_sim(0)[0])
    sim, topic = sns_record_sim(262_144 - base + extra)
    assert record_size(sim) == 262_144 + extra
    assert len(sim.deliveries(topic)) == (1 if delivered else 0)
    assert sim.metrics("orders")["DestinationDeliveryFailures"] == (0 if delivered else 1)
    if not delivered:
        assert sim.delivery_failures()[0].reason == (
            "the message is 262,145 bytes; the SNS limit is 262,144 bytes")


def test_a_record_over_1_mb_cannot_be_delivered_to_an_sqs_queue(sim, lam):
    """§6 Size: the record holds request and response, so it can exceed 1 MB; S9 async accepts up to 1,048,576
    bytes; SQS takes 1 MB messages (BLOG-1MB); size failures count in DestinationDeliveryFailures."""
    queue = sim.create_queue("ok")
    sim.create_function("orders")
    configure(lam, OnSuccess=queue)
    payload = b'"' + b"a" * (1_048_576 - 2) + b'"'
    assert lam.invoke(FunctionName="orders", InvocationType="Event", Payload=payload)["StatusCode"] == 202
    sim.run()
    assert sim.deliveries(queue) == []
    assert sim.metrics("orders")["DestinationDeliveryFailures"] == 1
    assert sim.delivery_failures()[0].reason.endswith("the SQS limit is 1,048,576 bytes")


def test_each_target_gets_one_try_and_is_never_redelivered_to(sim, lam):
    """S17: each target gets one delivery try and is never redelivered to."""
    sim.create_function("orders", behavior=Behavior.fail())
    configure(lam, OnFailure=sim.arns.queue("created-too-late"))
    send(lam)
    sim.run()
    sim.create_queue("created-too-late")
    sim.run()
    assert sim.deliveries(sim.arns.queue("created-too-late")) == []
    assert len(sim.delivery_failures()) == 1


def test_a_lambda_destination_may_name_an_alias_of_another_function(sim, lam):
    """§5 Lambda target; S7 the destination's own record names the qualifier it was invoked with."""
    sim.create_function("orders")
    sim.create_function("handler")
    lam.publish_version(FunctionName="handler")
    lam.create_alias(FunctionName="handler", Name="live", FunctionVersion="1")
    configure(lam, OnSuccess=ARN + "handler:live")
    send(lam)
    sim.run()
    (handled,) = sim.async_results("handler")
    assert handled.record["requestContext"]["functionArn"] == ARN + "handler:live"
    assert handled.record["responseContext"]["executedVersion"] == "1"


def test_each_request_chain_has_its_own_loop_count(sim, lam):
    """S18: loop detection counts per request chain, so two separate calls each run the loop 16 times."""
    a = sim.create_function("a")
    b = sim.create_function("b")
    configure(lam, "a", OnSuccess=b)
    configure(lam, "b", OnSuccess=a)
    send(lam, name="a")
    send(lam, name="a")
    sim.run()
    assert len(sim.invocations("a")) == len(sim.invocations("b")) == 32
    assert sim.metrics("a")["RecursiveInvocationsDropped"] == 2
