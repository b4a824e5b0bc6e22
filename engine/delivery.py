"""Delivering invocation records to destinations and original events to dead-letter queues.

What each service receives follows AWS_FACTS.md §5–§7: SQS gets the record as the message body, SNS as the
notification's Message, EventBridge as the ``detail`` of an event, S3 as an object under
``aws/lambda/async/<function>/YYYY/MM/DD/...``, and a Lambda function as its event. A DLQ gets the original
event with RequestID, ErrorCode and ErrorMessage attributes. Each target gets one try (S17).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .arns import parse_arn
from .limits import (
    ASYNC_PAYLOAD_LIMIT_BYTES,
    DLQ_ERROR_MESSAGE_LIMIT_BYTES,
    EVENTBRIDGE_ENTRY_LIMIT_BYTES,
    SNS_MESSAGE_LIMIT_BYTES,
    SQS_MESSAGE_LIMIT_BYTES,
)
from .record import SUCCESS, iso_ms, iso_seconds
from .resources import Delivery, DeliveryFailure, Source

if TYPE_CHECKING:
    from .async_queue import AsyncEvent
    from .functions import Function
    from .simulator import Simulator

_SIZE_LIMITS = {
    "sqs": SQS_MESSAGE_LIMIT_BYTES,
    "sns": SNS_MESSAGE_LIMIT_BYTES,
    "events": EVENTBRIDGE_ENTRY_LIMIT_BYTES,
    "lambda": ASYNC_PAYLOAD_LIMIT_BYTES,
}
EVENTBRIDGE_DETAIL_TYPES = {
    True: "Lambda Function Invocation Result - Success",
    False: "Lambda Function Invocation Result - Failure",
}
#: [SIM S6] The event's source; the current RETAIN doc page says "aws.lambda" (AWS_FACTS.md §5).
EVENTBRIDGE_SOURCE = "lambda"


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)  # built once: one record per event


def to_json(value: Any) -> str:
    """Compact JSON, the way Lambda serialises records and events."""
    return _COMPACT.encode(value)


class Deliverer:
    """Sends what an async event left behind to the targets its function is configured with."""

    __slots__ = ("_sim",)

    def __init__(self, sim: Simulator) -> None:
        self._sim = sim

    def send_record(self, fn: Function, event: AsyncEvent, target_arn: str, source: Source,
                    record: dict[str, Any]) -> None:
        """Deliver the invocation record to an OnSuccess or OnFailure destination."""
        sim = self._sim
        arn = parse_arn(target_arn)
        service = arn.service if arn else ""
        condition = record["requestContext"]["condition"]
        if service == "events":
            body = to_json(self._eventbridge_event(target_arn, event, record, condition == SUCCESS))
        else:
            body = to_json(record)
        problem = self._problem(target_arn, service, body)
        if problem:
            fn.metrics["DestinationDeliveryFailures"] += 1
            self._fail(fn, event, target_arn, source, problem)
            return
        now = sim._clock.now
        message_id = sim.new_delivery_id()
        key = None
        if service == "s3":
            moment = iso_seconds(sim.start, now)  # 2026-01-01T00:03:00Z
            key = (f"aws/lambda/async/{fn.name}/{moment[:4]}/{moment[5:7]}/{moment[8:10]}/"
                   f"{moment[:19].replace(':', '.')}-{message_id}")
        self._record(Delivery(
            time=now, target=target_arn, service=service, source=source, body=body, function=fn.name,
            request_id=event.request_id, condition=condition, key=key, message_id=message_id,
            timestamp=record["timestamp"],  # the record was written at this same virtual moment
        ))
        if service == "lambda":
            sim._invoke_from_destination(target_arn, body, event)

    def send_dead_letter(self, fn: Function, event: AsyncEvent, error_code: str, error_message: str) -> None:
        """Deliver the original event, unchanged, with Lambda's three attributes (§7, S8)."""
        sim = self._sim
        target_arn = fn.dead_letter_arn
        assert target_arn is not None
        arn = parse_arn(target_arn)
        service = arn.service if arn else ""
        message = error_message.encode()[:DLQ_ERROR_MESSAGE_LIMIT_BYTES].decode(errors="ignore")
        attributes = {
            "RequestID": {"DataType": "String", "StringValue": event.request_id},
            "ErrorCode": {"DataType": "Number", "StringValue": error_code},
            "ErrorMessage": {"DataType": "String", "StringValue": message},
        }
        body = event.payload_text
        problem = self._problem(target_arn, service, body, extra_bytes=_attributes_size(attributes))
        if problem:
            fn.metrics["DeadLetterErrors"] += 1
            self._fail(fn, event, target_arn, "DeadLetterQueue", problem)
            return
        now = sim._clock.now
        self._record(Delivery(
            time=now, target=target_arn, service=service, source="DeadLetterQueue", body=body,
            function=fn.name, request_id=event.request_id, attributes=attributes,
            message_id=sim.new_delivery_id(),
            timestamp=iso_ms(sim.start, now),
        ))

    def _eventbridge_event(self, bus_arn: str, event: AsyncEvent, record: dict[str, Any],
                           success: bool) -> dict[str, Any]:
        sim = self._sim
        return {
            "version": "0",
            "id": sim.new_delivery_id(),
            "detail-type": EVENTBRIDGE_DETAIL_TYPES[success],
            "source": EVENTBRIDGE_SOURCE,
            "account": sim.account,
            "time": iso_seconds(sim.start, sim._clock.now),
            "region": sim.region,
            "resources": [bus_arn, record["requestContext"]["functionArn"]],
            "detail": record,
        }

    def _problem(self, target_arn: str, service: str, body: str, extra_bytes: int = 0) -> str | None:
        """Why a delivery fails, or None: a missing or FIFO target (S13, S14), or a message too large (S15)."""
        sim = self._sim
        if service == "lambda":
            if parse_arn(target_arn) is None or sim._find_function(target_arn) is None:
                return "the destination function does not exist"
        else:
            target = sim.targets.get(target_arn)
            if target is None:
                return f"{target_arn} does not exist"
            if target.fifo:
                return "FIFO queues and topics are not supported as destinations or dead-letter queues"
        limit = _SIZE_LIMITS.get(service)
        size = len(body.encode()) + extra_bytes
        if limit is not None and size > limit:
            return f"the message is {size:,} bytes; the {service.upper()} limit is {limit:,} bytes"
        return None

    def _record(self, delivery: Delivery) -> None:
        sim = self._sim
        sim._deliveries.setdefault(delivery.target, []).append(delivery)
        sim._step("delivered", delivery.function, delivery.request_id, target=delivery.target,
                  service=delivery.service, source=delivery.source, condition=delivery.condition,
                  key=delivery.key)

    def _fail(self, fn: Function, event: AsyncEvent, target_arn: str, source: Source, reason: str) -> None:
        sim = self._sim
        sim._failures.append(DeliveryFailure(sim.now, target_arn, source, reason, fn.name, event.request_id))
        sim._step("delivery_failed", fn.name, event.request_id, target=target_arn, source=source, reason=reason)


def _attributes_size(attributes: dict[str, dict[str, str]]) -> int:
    """SQS counts attribute names, types and values towards the message size."""
    return sum(len(name) + len(value["DataType"]) + len(value["StringValue"].encode())
               for name, value in attributes.items())
