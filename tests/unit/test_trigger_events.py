"""Sample trigger events: AWS's documented shapes, the right invocation type, and seeded determinism."""

from __future__ import annotations

import base64
import gzip
import json
import random
import re
import uuid
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import unquote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.events import TRIGGERS, EventContext, build_event, decode_cloudwatch_logs

WHEN = datetime(2026, 1, 1, 0, 0, 1, 234_567, tzinfo=UTC)
WHEN_MS = 1_767_225_601_234


def make_ctx(seed: int = 7, *, when: datetime = WHEN, region: str = "us-east-1") -> EventContext:
    """A context whose ids come from a seeded RNG, as the simulator's do."""
    rng = random.Random(seed)
    return EventContext(
        region=region,
        account="123456789012",
        time=when,
        new_id=lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def build(trigger: str, **params: object) -> dict:
    return build_event(trigger, make_ctx(), **params)


ASYNC = ("s3", "sns", "eventbridge", "cloudwatch_logs")
SYNC = ("api_gateway", "alb", "cognito")


# --- The registry -------------------------------------------------------------------------------------


def test_triggers_are_listed_in_the_order_the_app_presents_them():
    assert list(TRIGGERS) == [*ASYNC, *SYNC]
    assert all(spec.name == name for name, spec in TRIGGERS.items())


@pytest.mark.parametrize("trigger", ASYNC)
def test_services_that_queue_the_event_invoke_asynchronously(trigger):
    assert TRIGGERS[trigger].invocation_type == "Event"


@pytest.mark.parametrize("trigger", SYNC)
def test_services_that_wait_for_the_answer_invoke_synchronously(trigger):
    assert TRIGGERS[trigger].invocation_type == "RequestResponse"


@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_every_trigger_cites_an_aws_documentation_page_and_describes_itself(trigger):
    spec = TRIGGERS[trigger]
    assert spec.doc_url.startswith("https://docs.aws.amazon.com/")
    assert spec.label
    assert len(spec.description) > 40


def test_params_list_each_builders_keywords_with_their_defaults():
    assert TRIGGERS["s3"].params == {
        "bucket": "uploads",
        "key": "orders/2026/order-1001.json",
        "size": 1024,
        "event_name": "ObjectCreated:Put",
    }
    assert TRIGGERS["sns"].params == {
        "topic": "orders-topic",
        "message": '{"orderId": "A-1001"}',
        "subject": None,
    }
    assert TRIGGERS["eventbridge"].params == {
        "source": "com.example.orders",
        "detail_type": "OrderPlaced",
        "detail": {"orderId": "A-1001", "amount": 42},
    }
    assert set(TRIGGERS["cloudwatch_logs"].params) == {"log_group", "log_stream", "messages"}
    for http in ("api_gateway", "alb"):
        assert TRIGGERS[http].params == {"method": "POST", "path": "/orders", "body": '{"orderId": "A-1001"}'}
    assert TRIGGERS["cognito"].params == {"user_name": "alice", "email": "alice@example.com"}


def test_changing_a_specs_listed_defaults_does_not_change_the_events_built():
    TRIGGERS["eventbridge"].params["detail"]["orderId"] = "tampered"
    try:
        assert build("eventbridge")["detail"]["orderId"] == "A-1001"
    finally:
        TRIGGERS["eventbridge"].params["detail"]["orderId"] = "A-1001"


# --- Every trigger ------------------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_every_trigger_builds_with_its_defaults(trigger):
    assert isinstance(build_event(trigger, make_ctx()), dict)


@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_every_event_is_json_serialisable_and_survives_a_round_trip(trigger):
    event = build(trigger)
    assert json.loads(json.dumps(event)) == event


@pytest.mark.parametrize("trigger", list(TRIGGERS))
def test_the_same_seed_and_time_reproduce_every_byte(trigger):
    first = json.dumps(build_event(trigger, make_ctx(seed=42)))
    second = json.dumps(build_event(trigger, make_ctx(seed=42)))
    assert first == second


@pytest.mark.parametrize("trigger", ["s3", "sns", "eventbridge", "cloudwatch_logs", "api_gateway", "alb"])
def test_a_different_seed_gives_different_per_event_ids(trigger):
    assert build_event(trigger, make_ctx(seed=1)) != build_event(trigger, make_ctx(seed=2))


def test_a_context_without_a_timezone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        EventContext("us-east-1", "123456789012", datetime(2026, 1, 1), lambda: str(uuid.UUID(int=0)))


def test_a_non_utc_time_is_written_as_utc():
    paris = WHEN.astimezone(timezone(timedelta(hours=1)))
    event = build_event("eventbridge", make_ctx(when=paris))
    assert event["time"] == "2026-01-01T00:00:01Z"


# --- Errors from build_event --------------------------------------------------------------------------


def test_an_unknown_trigger_is_refused_with_the_allowed_triggers_named():
    with pytest.raises(ValueError) as error:
        build_event("sqs", make_ctx())
    message = str(error.value)
    assert "'sqs'" in message
    assert all(name in message for name in TRIGGERS)


def test_an_unknown_parameter_is_refused_with_the_allowed_parameters_named():
    with pytest.raises(ValueError) as error:
        build_event("s3", make_ctx(), bucket="b", colour="red")
    message = str(error.value)
    assert "colour" in message
    assert all(name in message for name in ("bucket", "key", "size", "event_name"))


# --- Amazon S3 ----------------------------------------------------------------------------------------


def s3_record(**params: object) -> dict:
    event = build("s3", **params)
    assert len(event["Records"]) == 1
    return event["Records"][0]


def test_s3_record_has_the_documented_version_2_1_shape():
    record = s3_record()
    assert list(record) == [
        "eventVersion",
        "eventSource",
        "awsRegion",
        "eventTime",
        "eventName",
        "userIdentity",
        "requestParameters",
        "responseElements",
        "s3",
    ]
    assert record["eventVersion"] == "2.1"
    assert record["eventSource"] == "aws:s3"
    assert record["eventName"] == "ObjectCreated:Put"  # no "s3:" prefix inside the record
    assert set(record["responseElements"]) == {"x-amz-request-id", "x-amz-id-2"}
    s3 = record["s3"]
    assert list(s3) == ["s3SchemaVersion", "configurationId", "bucket", "object"]
    assert s3["s3SchemaVersion"] == "1.0"
    assert s3["bucket"]["name"] == "uploads"
    assert s3["bucket"]["arn"] == "arn:aws:s3:::uploads"
    assert "principalId" in s3["bucket"]["ownerIdentity"]
    assert list(s3["object"]) == ["key", "size", "eTag", "sequencer"]
    assert s3["object"]["size"] == 1024
    assert re.fullmatch(r"[0-9a-f]{32}", s3["object"]["eTag"])
    assert re.fullmatch(r"[0-9A-F]+", s3["object"]["sequencer"])


def test_s3_event_time_and_region_come_from_the_context_with_milliseconds():
    record = build_event("s3", make_ctx(region="eu-west-1"))["Records"][0]
    assert record["awsRegion"] == "eu-west-1"
    assert record["eventTime"] == "2026-01-01T00:00:01.234Z"


def test_s3_object_keys_are_url_encoded_like_real_notifications():
    record = s3_record(key="photos/red flower+(1).jpg")
    assert record["s3"]["object"]["key"] == "photos/red+flower%2B%281%29.jpg"


@given(st.text(min_size=1, max_size=40))
def test_s3_encoded_keys_decode_back_with_unquote_plus(key):
    record = build_event("s3", make_ctx(), key=key)["Records"][0]
    assert unquote_plus(record["s3"]["object"]["key"]) == key


def test_s3_removal_records_carry_no_size_or_etag():
    record = s3_record(event_name="ObjectRemoved:Delete")
    assert record["eventName"] == "ObjectRemoved:Delete"
    assert list(record["s3"]["object"]) == ["key", "sequencer"]


def test_s3_sequencer_grows_with_later_events():
    def sequencer(when: datetime) -> str:
        return build_event("s3", make_ctx(when=when))["Records"][0]["s3"]["object"]["sequencer"]

    assert sequencer(WHEN + timedelta(milliseconds=1)) > sequencer(WHEN)


def test_s3_refuses_an_event_name_it_does_not_model():
    with pytest.raises(ValueError, match="ObjectCreated:Put"):
        build("s3", event_name="s3:ObjectCreated:Put")


# --- Amazon SNS ---------------------------------------------------------------------------------------


def test_sns_record_has_the_documented_shape():
    [record] = build("sns")["Records"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventVersion"] == "1.0"
    assert set(record) == {"EventSource", "EventVersion", "EventSubscriptionArn", "Sns"}
    assert list(record["Sns"]) == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "SignatureVersion",
        "Signature",
        "SigningCertUrl",
        "UnsubscribeUrl",
        "MessageAttributes",
    ]
    sns = record["Sns"]
    assert sns["Type"] == "Notification"
    assert sns["Timestamp"] == "2026-01-01T00:00:01.234Z"
    assert len(base64.b64decode(sns["Signature"])) == 256
    uuid.UUID(sns["MessageId"])


def test_sns_arns_use_the_context_region_and_account():
    [record] = build_event("sns", make_ctx(region="ap-southeast-2"), topic="alerts")["Records"]
    sns = record["Sns"]
    assert sns["TopicArn"] == "arn:aws:sns:ap-southeast-2:123456789012:alerts"
    assert record["EventSubscriptionArn"].startswith(sns["TopicArn"] + ":")
    uuid.UUID(record["EventSubscriptionArn"].rsplit(":", 1)[1])
    assert sns["SigningCertUrl"].startswith(
        "https://sns.ap-southeast-2.amazonaws.com/SimpleNotificationService-"
    )
    assert sns["UnsubscribeUrl"].endswith("SubscriptionArn=" + record["EventSubscriptionArn"])


def test_sns_message_stays_a_string_and_subject_is_null_unless_given():
    sns = build("sns")["Records"][0]["Sns"]
    assert sns["Message"] == '{"orderId": "A-1001"}'
    assert sns["Subject"] is None
    assert build("sns", subject="Order placed")["Records"][0]["Sns"]["Subject"] == "Order placed"


# --- Amazon EventBridge -------------------------------------------------------------------------------


def test_eventbridge_event_has_exactly_the_envelope_fields():
    event = build("eventbridge")
    assert list(event) == [
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    ]
    assert event["version"] == "0"
    assert event["detail-type"] == "OrderPlaced"
    assert event["source"] == "com.example.orders"
    assert event["account"] == "123456789012"
    assert event["region"] == "us-east-1"
    assert event["resources"] == []
    assert event["detail"] == {"orderId": "A-1001", "amount": 42}
    assert uuid.UUID(event["id"]).version == 4


def test_eventbridge_time_has_whole_seconds_and_a_z():
    assert build("eventbridge")["time"] == "2026-01-01T00:00:01Z"


def test_eventbridge_detail_is_copied_not_shared():
    detail = {"orderId": "B-2"}
    event = build("eventbridge", detail=detail)
    event["detail"]["orderId"] = "changed"
    assert detail == {"orderId": "B-2"}
    assert build("eventbridge")["detail"]["orderId"] == "A-1001"


def test_eventbridge_refuses_a_custom_source_in_the_aws_namespace():
    with pytest.raises(ValueError, match="aws\\."):
        build("eventbridge", source="aws.s3")


# --- Amazon CloudWatch Logs ---------------------------------------------------------------------------


def test_cloudwatch_logs_event_wraps_the_batch_in_awslogs_data():
    event = build("cloudwatch_logs")
    assert list(event) == ["awslogs"]
    assert list(event["awslogs"]) == ["data"]
    assert gzip.decompress(base64.b64decode(event["awslogs"]["data"]))  # base64 of gzip


def test_cloudwatch_logs_data_decodes_back_to_the_documented_message():
    data = decode_cloudwatch_logs(build("cloudwatch_logs", messages=["ERROR one", "ERROR two"]))
    assert list(data) == ["messageType", "owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"]
    assert data["messageType"] == "DATA_MESSAGE"
    assert data["owner"] == "123456789012"
    assert data["logGroup"] == "/aws/lambda/orders"
    assert re.fullmatch(r"2026/01/01/\[\$LATEST\][0-9a-f]{32}", data["logStream"])
    assert [e["message"] for e in data["logEvents"]] == ["ERROR one", "ERROR two"]
    assert all(list(e) == ["id", "timestamp", "message"] for e in data["logEvents"])
    assert all(e["timestamp"] == WHEN_MS for e in data["logEvents"])


def test_cloudwatch_log_event_ids_are_56_digit_strings_that_embed_the_timestamp():
    events = decode_cloudwatch_logs(build("cloudwatch_logs", messages=["a", "b", "c"]))["logEvents"]
    ids = [e["id"] for e in events]
    assert all(isinstance(i, str) and re.fullmatch(r"\d{56}", i) for i in ids)
    # As in AWS's own examples: the millisecond timestamp sits above the low 144 bits.
    assert all(int(i) >> 144 == WHEN_MS for i in ids)
    assert [int(i) for i in ids] == sorted(int(i) for i in ids)
    assert len(set(ids)) == 3


def test_cloudwatch_logs_gzip_is_deterministic():
    assert build("cloudwatch_logs")["awslogs"]["data"] == build("cloudwatch_logs")["awslogs"]["data"]
    raw = base64.b64decode(build("cloudwatch_logs")["awslogs"]["data"])
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip header mtime is zero


def test_cloudwatch_logs_uses_a_given_log_stream_and_group():
    data = decode_cloudwatch_logs(build("cloudwatch_logs", log_group="/app/api", log_stream="web-1"))
    assert (data["logGroup"], data["logStream"]) == ("/app/api", "web-1")


def test_cloudwatch_logs_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="at least one"):
        build("cloudwatch_logs", messages=[])


# --- Amazon API Gateway -------------------------------------------------------------------------------


def test_api_gateway_event_has_the_rest_proxy_payload_1_0_fields():
    event = build("api_gateway")
    assert list(event) == [
        "resource",
        "path",
        "httpMethod",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "requestContext",
        "body",
        "isBase64Encoded",
    ]
    assert "version" not in event  # only HTTP APIs label their payload format
    assert (event["httpMethod"], event["path"], event["resource"]) == ("POST", "/orders", "/orders")
    assert event["body"] == '{"orderId": "A-1001"}'
    assert event["isBase64Encoded"] is False
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["headers"]["Content-Type"] == "application/json"


def test_api_gateway_request_context_carries_account_api_stage_and_time():
    context = build("api_gateway")["requestContext"]
    for key in (
        "resourceId",
        "resourcePath",
        "httpMethod",
        "extendedRequestId",
        "requestTime",
        "path",
        "accountId",
        "protocol",
        "stage",
        "domainPrefix",
        "requestTimeEpoch",
        "requestId",
        "identity",
        "domainName",
        "apiId",
    ):
        assert key in context
    assert context["accountId"] == "123456789012"
    assert context["requestTime"] == "01/Jan/2026:00:00:01 +0000"
    assert context["requestTimeEpoch"] == WHEN_MS
    assert context["path"] == f"/{context['stage']}/orders"
    assert re.fullmatch(r"[a-z0-9]{10}", context["apiId"])
    assert context["domainName"] == f"{context['apiId']}.execute-api.us-east-1.amazonaws.com"
    assert context["identity"]["sourceIp"] == "203.0.113.10"
    assert context["identity"]["userAgent"] == build("api_gateway")["headers"]["User-Agent"]
    uuid.UUID(context["requestId"])


def test_api_gateway_multi_value_headers_mirror_the_single_value_headers():
    event = build("api_gateway")
    assert event["multiValueHeaders"] == {name: [value] for name, value in event["headers"].items()}


def test_api_gateway_sends_a_null_body_when_the_request_has_none():
    event = build("api_gateway", method="GET", body="")
    assert event["body"] is None
    assert "Content-Type" not in event["headers"]


def test_api_gateway_trace_header_encodes_the_request_time():
    trace = build("api_gateway")["headers"]["X-Amzn-Trace-Id"]
    match = re.fullmatch(r"Root=1-([0-9a-f]{8})-[0-9a-f]{24}", trace)
    assert match and int(match.group(1), 16) == WHEN_MS // 1000


@pytest.mark.parametrize("trigger", ["api_gateway", "alb"])
def test_http_triggers_refuse_unknown_methods_and_relative_paths(trigger):
    with pytest.raises(ValueError, match="method"):
        build(trigger, method="FETCH")
    with pytest.raises(ValueError, match="path"):
        build(trigger, path="orders")


# --- Application Load Balancer ------------------------------------------------------------------------


def test_alb_event_has_the_documented_target_group_shape():
    event = build("alb")
    assert list(event) == [
        "requestContext",
        "httpMethod",
        "path",
        "queryStringParameters",
        "headers",
        "body",
        "isBase64Encoded",
    ]
    arn = event["requestContext"]["elb"]["targetGroupArn"]
    assert re.fullmatch(
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/[\w-]+/[0-9a-f]{16}", arn
    )
    assert (event["httpMethod"], event["path"]) == ("POST", "/orders")
    assert event["queryStringParameters"] == {}
    assert event["body"] == '{"orderId": "A-1001"}'
    assert event["isBase64Encoded"] is False


def test_alb_header_names_arrive_in_lower_case():
    headers = build("alb")["headers"]
    assert all(name == name.lower() for name in headers)
    assert headers["host"].endswith(".us-east-1.elb.amazonaws.com")
    assert headers["content-type"] == "application/json"


def test_alb_sends_an_empty_string_body_when_the_request_has_none():
    assert build("alb", method="GET", body="")["body"] == ""


# --- Amazon Cognito -----------------------------------------------------------------------------------


def test_cognito_pre_sign_up_event_has_the_documented_shape():
    event = build("cognito")
    assert list(event) == [
        "version",
        "triggerSource",
        "region",
        "userPoolId",
        "userName",
        "callerContext",
        "request",
        "response",
    ]
    assert event["version"] == "1"
    assert event["triggerSource"] == "PreSignUp_SignUp"
    assert event["region"] == "us-east-1"
    assert re.fullmatch(r"us-east-1_[A-Za-z0-9]{9}", event["userPoolId"])
    assert event["userName"] == "alice"
    assert set(event["callerContext"]) == {"awsSdkVersion", "clientId"}
    assert event["request"] == {"userAttributes": {"email": "alice@example.com"}, "validationData": None}


def test_cognito_response_starts_with_nothing_confirmed_or_verified():
    response = build("cognito")["response"]
    assert response == {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}


def test_cognito_pool_and_client_ids_stay_the_same_across_sign_ups():
    first = build_event("cognito", make_ctx(seed=1), user_name="alice")
    second = build_event("cognito", make_ctx(seed=2), user_name="bob")
    assert first["userPoolId"] == second["userPoolId"]
    assert first["callerContext"]["clientId"] == second["callerContext"]["clientId"]
