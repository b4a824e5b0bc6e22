"""The AWS resources a failure or a success can be delivered to, and what each one received.

Queues, topics, buses and buckets are plain records; the delivery logic lives in ``delivery.py``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["OnSuccess", "OnFailure", "DeadLetterQueue"]
Service = Literal["sqs", "sns", "events", "s3", "lambda"]

SERVICE_LABELS: dict[str, str] = {
    "sqs": "Amazon SQS queue",
    "sns": "Amazon SNS topic",
    "events": "Amazon EventBridge event bus",
    "s3": "Amazon S3 bucket",
    "lambda": "AWS Lambda function",
}


@dataclass(slots=True)
class Target:
    """A queue, topic, event bus or bucket in the simulated account."""

    service: Service
    name: str
    arn: str
    fifo: bool = False


@dataclass(slots=True)
class Delivery:
    """One message or object a target received, exactly as its consumer reads it."""

    time: float
    target: str
    service: Service
    source: Source
    body: str
    function: str
    request_id: str
    condition: str | None = None
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    key: str | None = None
    message_id: str = ""
    timestamp: str = ""

    @property
    def payload(self) -> Any:
        """The body parsed as JSON (every body the simulator writes is JSON)."""
        return json.loads(self.body)

    @property
    def envelope(self) -> dict[str, Any]:
        """The whole message as the service hands it on: what an SQS consumer or an SNS subscriber sees.

        Built on demand so the per-event path stays lean.
        """
        if self.service == "sqs":
            message: dict[str, Any] = {
                "MessageId": self.message_id,
                "MD5OfBody": hashlib.md5(self.body.encode()).hexdigest(),
                "Body": self.body,
            }
            if self.attributes:
                message["MessageAttributes"] = self.attributes
            return message
        if self.service == "sns":
            region = self.target.split(":")[3]
            notification: dict[str, Any] = {
                "Type": "Notification",
                "MessageId": self.message_id,
                "TopicArn": self.target,
                "Message": self.body,
                "Timestamp": self.timestamp,
                "SignatureVersion": "1",
                "Signature": "EXAMPLE-SIGNATURE==",
                "SigningCertURL": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-EXAMPLE.pem",
                "UnsubscribeURL": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe"
                f"&SubscriptionArn={self.target}:{self.message_id}",
            }
            if self.attributes:
                # SNS spells message attributes {"Type", "Value"} where SQS uses {"DataType", "StringValue"}.
                notification["MessageAttributes"] = {
                    name: {"Type": value["DataType"], "Value": value["StringValue"]}
                    for name, value in self.attributes.items()
                }
            return notification
        if self.service == "s3":
            return {"Bucket": self.target.split(":::")[1], "Key": self.key, "Body": self.payload}
        return self.payload


@dataclass(frozen=True, slots=True)
class DeliveryFailure:
    """A delivery that did not happen, and why (counted in DestinationDeliveryFailures or DeadLetterErrors)."""

    time: float
    target: str
    source: Source
    reason: str
    function: str
    request_id: str
