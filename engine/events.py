"""Sample Lambda event payloads, in the shapes AWS documents for each invoking service.

Learners see the exact JSON their handler would receive from S3, SNS, EventBridge, CloudWatch Logs,
API Gateway, an Application Load Balancer or Cognito, and which of those services invoke Lambda
asynchronously (``Event``) or synchronously (``RequestResponse``).

Every value is invented (``example.com``, TEST-NET addresses, the simulator's account) and derives
from the :class:`EventContext`: fresh per-event ids come from ``ctx.new_id``, identifiers of long-lived
resources (an API id, a user pool id) are hashed from the account and region, and times come from
``ctx.time``. The same context therefore reproduces every byte of every event.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import inspect
import json
import string
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import quote_plus

InvocationType = Literal["Event", "RequestResponse"]


@dataclass(frozen=True, slots=True)
class EventContext:
    """What a sample event needs from the simulator: where and when it happens, and a seeded id source."""

    region: str  # e.g. "us-east-1"
    account: str  # e.g. "123456789012"
    time: datetime  # timezone-aware UTC datetime of the event
    new_id: Callable[[], str]  # returns a fresh seeded UUID4 string each call (message ids, request ids...)

    def __post_init__(self) -> None:
        # A naive datetime would be read as local time and shift every timestamp by the host's offset.
        if self.time.utcoffset() is None:
            raise ValueError("EventContext.time must be timezone-aware (UTC)")


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One invoking service: how it calls Lambda, where AWS documents its event, and how to build one."""

    name: str  # "s3", "sns", "eventbridge", "cloudwatch_logs", "api_gateway", "alb", "cognito"
    label: str  # human label e.g. "Amazon S3 (event notification)"
    invocation_type: InvocationType  # how the real service invokes Lambda
    description: str  # one or two sentences on how this service invokes Lambda and why (sync/async)
    doc_url: str  # the AWS doc page that says how this service invokes Lambda (docs.aws.amazon.com)
    params: dict[str, Any]  # the keyword parameters the builder accepts, with their defaults
    build: Callable[..., dict]  # build(ctx: EventContext, **params) -> event dict


# --- Shared formatting and id helpers -----------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# API Gateway's requestTime is Common Log Format with English month names, whatever the host locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LOWER_ALNUM = string.ascii_lowercase + string.digits
_UPPER_ALNUM = string.ascii_uppercase + string.digits

# Invented client details: a TEST-NET-3 address (RFC 5737) and a generic command-line client.
_CLIENT_IP = "203.0.113.10"
_USER_AGENT = "curl/8.5.0"
_JSON = "application/json"
_HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _utc(ctx: EventContext) -> datetime:
    return ctx.time.astimezone(UTC)


def _iso_millis(moment: datetime) -> str:
    """``2026-01-01T00:00:00.000Z``: S3 eventTime and SNS Timestamp carry milliseconds."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _iso_seconds(moment: datetime) -> str:
    """``2026-01-01T00:00:00Z``: EventBridge ``time`` has whole seconds."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"


def _epoch_millis(moment: datetime) -> int:
    """Integer milliseconds since the epoch, computed without float rounding."""
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def _clf_time(moment: datetime) -> str:
    """``01/Jan/2026:00:00:00 +0000``, the format of API Gateway's ``requestTime``."""
    return f"{moment:%d}/{_MONTHS[moment.month - 1]}/{moment:%Y:%H:%M:%S} +0000"


def _stable_bytes(ctx: EventContext, label: str, size: int) -> bytes:
    """Bytes for a long-lived resource id (an API, a user pool): the same for one account and region."""
    return hashlib.shake_256(f"{ctx.account}|{ctx.region}|{label}".encode()).digest(size)


def _fresh_bytes(ctx: EventContext, size: int) -> bytes:
    """Bytes for a per-event id, stretched from one seeded ``ctx.new_id()`` call."""
    return hashlib.shake_256(ctx.new_id().encode()).digest(size)


def _token(data: bytes, alphabet: str, length: int) -> str:
    """Spell ``data`` as ``length`` characters of ``alphabet`` (for ids like ``70ixmpl4fl``)."""
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return "".join(chars)


def _stable_token(ctx: EventContext, label: str, alphabet: str, length: int) -> str:
    return _token(_stable_bytes(ctx, label, 32), alphabet, length)


def _stable_uuid(ctx: EventContext, label: str) -> str:
    """A UUID-shaped id for a long-lived resource, such as an SNS subscription."""
    return str(uuid.UUID(bytes=_stable_bytes(ctx, label, 16), version=4))


def _trace_id(ctx: EventContext) -> str:
    """An X-Ray trace header, ``Root=1-<epoch seconds in hex>-<96-bit id>``, as ALB and API Gateway add."""
    seconds = _epoch_millis(_utc(ctx)) // 1000
    return f"Root=1-{seconds:08x}-{_fresh_bytes(ctx, 12).hex()}"


# --- Amazon S3 ----------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html

# 2.1 is the version the S3 guide long documented for ordinary object events (2.2 for replication, 2.3
# for lifecycle and tagging). Newer editions say S3 now uses one unified version for every event type,
# from 2.4 on (2.5 and 2.6 appear); handlers should not depend on the exact minor version.
_S3_EVENT_VERSION = "2.1"
_S3_EVENT_NAMES = (
    "ObjectCreated:Put",
    "ObjectCreated:Post",
    "ObjectCreated:Copy",
    "ObjectCreated:CompleteMultipartUpload",
    "ObjectRemoved:Delete",
)


def _s3_object_key(key: str) -> str:
    """Encode a key the way S3 notifications do: form encoding, so ``red flower.jpg`` -> ``red+flower.jpg``.

    Slashes between prefixes stay as they are; a literal ``+`` becomes ``%2B``. Handlers must
    ``unquote_plus`` the key before calling S3 with it.
    """
    return quote_plus(key, safe="/")


def _s3_sequencer(moment: datetime) -> str:
    """A hex string that grows with each event for the same key; here nanoseconds since the epoch."""
    nanos = (moment - _EPOCH) // timedelta(microseconds=1) * 1000
    return f"00{nanos:016X}"


def _s3_event(
    ctx: EventContext,
    *,
    bucket: str = "uploads",
    key: str = "orders/2026/order-1001.json",
    size: int = 1024,
    event_name: str = "ObjectCreated:Put",
) -> dict:
    """One S3 event notification record, as S3 hands it to Lambda's asynchronous queue."""
    if event_name not in _S3_EVENT_NAMES:
        raise ValueError(f"unsupported S3 event_name {event_name!r}; allowed: {', '.join(_S3_EVENT_NAMES)}")
    moment = _utc(ctx)
    s3_object: dict[str, Any] = {"key": _s3_object_key(key)}
    # Removal records leave out size and eTag: the object they describe is gone.
    if event_name.startswith("ObjectCreated:"):
        s3_object["size"] = size
        s3_object["eTag"] = _fresh_bytes(ctx, 16).hex()  # an MD5-sized hex digest
    # versionId appears only for versioning-enabled buckets; this sample bucket is unversioned.
    s3_object["sequencer"] = _s3_sequencer(moment)
    record = {
        "eventVersion": _S3_EVENT_VERSION,
        "eventSource": "aws:s3",
        "awsRegion": ctx.region,
        "eventTime": _iso_millis(moment),
        "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDA" + _stable_token(ctx, "s3-uploader", _UPPER_ALNUM, 17)},
        "requestParameters": {"sourceIPAddress": _CLIENT_IP},
        "responseElements": {
            "x-amz-request-id": _fresh_bytes(ctx, 8).hex().upper(),
            "x-amz-id-2": base64.b64encode(_fresh_bytes(ctx, 48)).decode(),
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": f"{bucket}-to-lambda",
            "bucket": {
                "name": bucket,
                "ownerIdentity": {"principalId": "A" + _stable_token(ctx, "s3-owner", _UPPER_ALNUM, 13)},
                "arn": f"arn:aws:s3:::{bucket}",
            },
            "object": s3_object,
        },
    }
    return {"Records": [record]}


# --- Amazon SNS ---------------------------------------------------------------------------------------
# https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html


def _sns_event(
    ctx: EventContext,
    *,
    topic: str = "orders-topic",
    message: str = '{"orderId": "A-1001"}',
    subject: str | None = None,
) -> dict:
    """One SNS notification delivered to a Lambda subscription (one record per invocation)."""
    region = ctx.region
    topic_arn = f"arn:aws:sns:{region}:{ctx.account}:{topic}"
    subscription_arn = f"{topic_arn}:{_stable_uuid(ctx, f'sns-subscription:{topic}')}"
    endpoint = f"https://sns.{region}.amazonaws.com"
    certificate = f"SimpleNotificationService-{_stable_bytes(ctx, 'sns-cert', 16).hex()}.pem"
    notification = {
        "Type": "Notification",
        "MessageId": ctx.new_id(),
        "TopicArn": topic_arn,
        "Subject": subject,  # null when the publisher set no subject
        "Message": message,  # always a string: JSON payloads arrive serialised
        "Timestamp": _iso_millis(_utc(ctx)),
        "SignatureVersion": "1",
        # Shaped like a base64 RSA-2048 signature (256 bytes); it is not a real one and won't verify.
        "Signature": base64.b64encode(_fresh_bytes(ctx, 256)).decode(),
        "SigningCertUrl": f"{endpoint}/{certificate}",
        "UnsubscribeUrl": f"{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}",
        "MessageAttributes": {},
    }
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription_arn,
                "Sns": notification,
            }
        ]
    }


# --- Amazon EventBridge -------------------------------------------------------------------------------
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html

_DEFAULT_DETAIL = {"orderId": "A-1001", "amount": 42}


def _eventbridge_event(
    ctx: EventContext,
    *,
    source: str = "com.example.orders",
    detail_type: str = "OrderPlaced",
    detail: dict[str, Any] = _DEFAULT_DETAIL,
) -> dict:
    """A custom event from a bus rule: the same envelope every EventBridge event has."""
    # Only AWS services may emit "aws." sources; PutEvents refuses them from applications.
    if source.startswith("aws."):
        raise ValueError(f"custom event source {source!r} must not start with 'aws.'")
    return {
        "version": "0",
        "id": ctx.new_id(),
        "detail-type": detail_type,
        "source": source,
        "account": ctx.account,
        "time": _iso_seconds(_utc(ctx)),
        "region": ctx.region,
        "resources": [],  # custom events name no resources unless the sender adds them
        "detail": copy.deepcopy(detail),
    }


# --- Amazon CloudWatch Logs ---------------------------------------------------------------------------
# https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html


def _log_event_id(timestamp_ms: int, low_bits: int) -> str:
    """A 56-digit log event id.

    In AWS's examples the id shifted right by 144 bits is the event's millisecond timestamp, and
    events of one batch count up from there; the low 144 bits here come from a seeded id.
    """
    return str((timestamp_ms << 144) | low_bits)


def _cloudwatch_logs_event(
    ctx: EventContext,
    *,
    log_group: str = "/aws/lambda/orders",
    log_stream: str | None = None,
    messages: Sequence[str] = ("ERROR order A-1001 failed",),
) -> dict:
    """A subscription filter delivery: the log batch as gzip-compressed, base64-encoded JSON.

    ``log_stream`` None names the stream the way Lambda does: ``YYYY/MM/DD/[$LATEST]<32 hex>``.
    """
    if not messages:
        raise ValueError("messages must hold at least one log line: a delivery always carries one")
    moment = _utc(ctx)
    timestamp = _epoch_millis(moment)
    if log_stream is None:
        instance = _stable_bytes(ctx, f"log-stream:{log_group}", 16).hex()
        log_stream = f"{moment:%Y/%m/%d}/[$LATEST]{instance}"
    base = int(uuid.UUID(ctx.new_id()))  # 128 bits, well inside the 144 low bits
    data = {
        "messageType": "DATA_MESSAGE",
        "owner": ctx.account,
        "logGroup": log_group,
        "logStream": log_stream,
        "subscriptionFilters": ["order-errors-to-lambda"],
        "logEvents": [
            {"id": _log_event_id(timestamp, base + index), "timestamp": timestamp, "message": message}
            for index, message in enumerate(messages)
        ],
    }
    # mtime=0 keeps the gzip header free of the wall clock, so the bytes depend on ctx alone.
    packed = gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0)
    return {"awslogs": {"data": base64.b64encode(packed).decode()}}


def decode_cloudwatch_logs(event: dict) -> dict:
    """Undo what CloudWatch Logs did to the batch: base64-decode, gunzip, parse the JSON."""
    return json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))


# --- Amazon API Gateway (REST API, Lambda proxy integration) ------------------------------------------
# https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
# requestContext keys follow the Lambda guide's REST API example (services-apigateway.html).

_API_STAGE = "prod"


def _check_http_request(method: str, path: str) -> None:
    if method not in _HTTP_METHODS:
        raise ValueError(f"unsupported HTTP method {method!r}; allowed: {', '.join(_HTTP_METHODS)}")
    if not path.startswith("/"):
        raise ValueError(f"path {path!r} must start with '/'")


def _api_gateway_event(
    ctx: EventContext,
    *,
    method: str = "POST",
    path: str = "/orders",
    body: str = '{"orderId": "A-1001"}',
) -> dict:
    """A REST API proxy request (payload format 1.0) on a regional endpoint: no CloudFront headers."""
    _check_http_request(method, path)
    moment = _utc(ctx)
    api_id = _stable_token(ctx, "rest-api", _LOWER_ALNUM, 10)
    domain = f"{api_id}.execute-api.{ctx.region}.amazonaws.com"
    headers = {"Accept": "*/*"}
    if body:
        headers["Content-Type"] = _JSON
    headers |= {
        "Host": domain,
        "User-Agent": _USER_AGENT,
        "X-Amzn-Trace-Id": _trace_id(ctx),
        "X-Forwarded-For": _CLIENT_IP,
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    request_context = {
        "resourceId": _stable_token(ctx, f"rest-resource:{path}", _LOWER_ALNUM, 6),
        "resourcePath": path,
        "httpMethod": method,
        "extendedRequestId": base64.b64encode(_fresh_bytes(ctx, 11)).decode(),
        "requestTime": _clf_time(moment),
        "path": f"/{_API_STAGE}{path}",
        "accountId": ctx.account,
        "protocol": "HTTP/1.1",
        "stage": _API_STAGE,
        "domainPrefix": api_id,
        "requestTimeEpoch": _epoch_millis(moment),
        "requestId": ctx.new_id(),
        # With no authorizer, API Gateway still sends every identity key, null except the caller's.
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": _CLIENT_IP,
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": _USER_AGENT,
            "user": None,
        },
        "domainName": domain,
        "apiId": api_id,
    }
    return {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,  # null, not {}, when the URL has no query string
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": body or None,
        "isBase64Encoded": False,
    }


# --- Application Load Balancer ------------------------------------------------------------------------
# https://docs.aws.amazon.com/lambda/latest/dg/services-alb.html


def _alb_event(
    ctx: EventContext,
    *,
    method: str = "POST",
    path: str = "/orders",
    body: str = '{"orderId": "A-1001"}',
) -> dict:
    """A request the load balancer forwards to its Lambda target group (multi-value headers off)."""
    _check_http_request(method, path)
    suffix = _stable_bytes(ctx, "alb-target-group", 8).hex()
    target_group_arn = (
        f"arn:aws:elasticloadbalancing:{ctx.region}:{ctx.account}:targetgroup/orders-lambda/{suffix}"
    )
    lb_number = _stable_token(ctx, "alb-dns", string.digits, 10)
    # The load balancer passes header names in lower case.
    headers = {"accept": "*/*"}
    if body:
        headers["content-type"] = _JSON
    headers |= {
        "host": f"orders-alb-{lb_number}.{ctx.region}.elb.amazonaws.com",
        "user-agent": _USER_AGENT,
        "x-amzn-trace-id": _trace_id(ctx),
        "x-forwarded-for": _CLIENT_IP,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
    }
    return {
        "requestContext": {"elb": {"targetGroupArn": target_group_arn}},
        "httpMethod": method,
        "path": path,
        "queryStringParameters": {},  # {} rather than null when there is no query string
        "headers": headers,
        "body": body,  # "" rather than null when there is no body
        "isBase64Encoded": False,  # text and JSON bodies arrive as they were sent
    }


# --- Amazon Cognito user pools: pre sign-up trigger ---------------------------------------------------
# https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html


def _cognito_event(ctx: EventContext, *, user_name: str = "alice", email: str = "alice@example.com") -> dict:
    """A self-service SignUp reaching the pre sign-up trigger; the function returns it, edited."""
    pool_suffix = _stable_token(ctx, "user-pool", string.ascii_letters + string.digits, 9)
    return {
        "version": "1",
        "triggerSource": "PreSignUp_SignUp",
        "region": ctx.region,
        "userPoolId": f"{ctx.region}_{pool_suffix}",
        "userName": user_name,
        "callerContext": {
            # Real events from the hosted UI or unidentified clients carry this literal value.
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": _stable_token(ctx, "user-pool-client", _LOWER_ALNUM, 26),
        },
        "request": {
            "userAttributes": {"email": email},
            "validationData": None,  # null unless the SignUp call passed ValidationData
        },
        # Cognito sends the defaults; the function sets them to true to skip confirmation steps.
        "response": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    }


# --- Registry -----------------------------------------------------------------------------------------


def _defaults(build: Callable[..., dict]) -> dict[str, Any]:
    """The builder's keyword parameters and defaults, copied so callers cannot alter the builder's own."""
    parameters = inspect.signature(build).parameters.values()
    return {p.name: copy.deepcopy(p.default) for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


def _spec(
    name: str,
    label: str,
    invocation_type: InvocationType,
    description: str,
    doc_url: str,
    build: Callable[..., dict],
) -> TriggerSpec:
    return TriggerSpec(name, label, invocation_type, description, doc_url, _defaults(build), build)


TRIGGERS: dict[str, TriggerSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "s3",
            "Amazon S3 (event notification)",
            "Event",
            "S3 hands each notification to Lambda's internal queue and moves on, so the upload never waits "
            "for your code; failures are retried under Lambda's asynchronous rules.",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html",
            _s3_event,
        ),
        _spec(
            "sns",
            "Amazon SNS (topic subscription)",
            "Event",
            "SNS passes every message published to the topic to the subscribed function asynchronously; "
            "once Lambda has queued it, the publisher's part is done.",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html",
            _sns_event,
        ),
        _spec(
            "eventbridge",
            "Amazon EventBridge (event bus rule)",
            "Event",
            "A rule that matches an event on the bus sends it to the function asynchronously; EventBridge "
            "never waits for, or looks at, what the handler returns.",
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html",
            _eventbridge_event,
        ),
        _spec(
            "cloudwatch_logs",
            "Amazon CloudWatch Logs (subscription filter)",
            "Event",
            "A subscription filter batches matching log lines, compresses them and invokes the function "
            "asynchronously, so log ingestion is never held up by the consumer.",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html",
            _cloudwatch_logs_event,
        ),
        _spec(
            "api_gateway",
            "Amazon API Gateway (REST API proxy integration)",
            "RequestResponse",
            "With a proxy integration, API Gateway invokes the function synchronously and turns its return "
            "value into the HTTP response, so the client waits. A function error or a malformed response "
            "becomes a 502 for the client; an invoke that Lambda rejects, such as a throttle, becomes a 500.",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html",
            _api_gateway_event,
        ),
        _spec(
            "alb",
            "Application Load Balancer (Lambda target)",
            "RequestResponse",
            "The load balancer invokes its Lambda target synchronously for each HTTP request and sends the "
            "function's result back to the waiting client as the response.",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-alb.html",
            _alb_event,
        ),
        _spec(
            "cognito",
            "Amazon Cognito (pre sign-up trigger)",
            "RequestResponse",
            "Cognito calls the pre sign-up trigger synchronously and reads the event the function returns "
            "to decide whether the sign-up goes ahead and what to confirm automatically.",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html",
            _cognito_event,
        ),
    )
}


def build_event(trigger: str, ctx: EventContext, **params: Any) -> dict:
    """Build the sample event for ``trigger``.

    An unknown trigger raises ValueError naming the allowed triggers; an unknown keyword raises
    ValueError naming the trigger's allowed parameters, so a typo never silently falls back to a default.
    """
    spec = TRIGGERS.get(trigger)
    if spec is None:
        raise ValueError(f"unknown trigger {trigger!r}; allowed triggers: {', '.join(TRIGGERS)}")
    unknown = sorted(set(params) - set(spec.params))
    if unknown:
        raise ValueError(
            f"unknown parameter(s) for trigger {trigger!r}: {', '.join(unknown)}; "
            f"allowed parameters: {', '.join(spec.params)}"
        )
    return spec.build(ctx, **params)
