"""The payload viewer: exactly what was sent, returned, recorded and delivered, up to the chosen step."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from scenario_strategies import scenarios
from view_scenarios import outcome

from ui.lab_widgets import payload_markdown
from ui.payloads import RECORD_FIELDS, RETAIN_DOC, PayloadSection, payload_sections


def sections(name: str, step: int | None = None) -> list[PayloadSection]:
    return payload_sections(outcome(name), step)


def titled(name: str, text: str) -> PayloadSection:
    found = [s for s in sections(name) if text in s.title]
    assert len(found) == 1, f"expected one section titled {text!r}"
    return found[0]


def test_an_async_failure_shows_event_attempts_record_and_both_deliveries_in_order():
    assert [s.title for s in sections("failure_sqs_sns_dlq")] == [
        "Event sent (asynchronous)",
        "Attempt 1: the function failed (ValueError)",
        "Attempt 2: the function failed (ValueError)",
        "Attempt 3: the function failed (ValueError)",
        "Invocation record (RetriesExhausted)",
        "OnFailure destination → Amazon SQS orders-failures: the SQS message",
        "OnFailure destination → Amazon SQS orders-failures: message body, parsed",
        "Dead-letter queue → Amazon SNS orders-dlq: the SNS notification",
        "Dead-letter queue → Amazon SNS orders-dlq: Message, parsed",
    ]


def test_the_event_and_the_record_are_exactly_what_the_run_produced():
    run = outcome("failure_sqs_sns_dlq")
    assert titled("failure_sqs_sns_dlq", "Event sent").body == run.events_sent[0]
    record = titled("failure_sqs_sns_dlq", "Invocation record")
    assert record.body == run.results[0].record and record.kind == "record"
    assert "The dead-letter queue gets the original event instead" in record.note
    attempt = titled("failure_sqs_sns_dlq", "Attempt 3")
    assert attempt.body["errorMessage"] == "bad order" and attempt.body["errorType"] == "ValueError"


def test_the_sqs_destination_section_holds_the_exact_message_body():
    delivery = outcome("failure_sqs_sns_dlq").delivered("on_failure")[0]
    message = titled("failure_sqs_sns_dlq", "the SQS message").body
    assert message["Body"] == delivery.body and message["MessageId"] == delivery.message_id
    assert "MessageAttributes" not in message
    assert titled("failure_sqs_sns_dlq", "message body, parsed").body == json.loads(delivery.body)


def test_the_sns_dlq_section_holds_the_original_event_and_lambdas_three_attributes():
    run = outcome("failure_sqs_sns_dlq")
    delivery = run.delivered("dead_letter")[0]
    notification = titled("failure_sqs_sns_dlq", "the SNS notification")
    assert notification.body["Message"] == delivery.body
    assert json.loads(notification.body["Message"]) == run.events_sent[0]
    request_id = run.results[0].request_id
    assert notification.body["MessageAttributes"] == {
        "RequestID": {"Type": "String", "Value": request_id},
        "ErrorCode": {"Type": "Number", "Value": "200"},
        "ErrorMessage": {"Type": "String", "Value": "bad order"},
    }
    assert f"RequestID {request_id}, ErrorCode 200, ErrorMessage 'bad order'" in notification.note


def test_stepping_shows_only_the_payloads_that_exist_so_far():
    trace = outcome("failure_sqs_sns_dlq").trace
    first_end = next(i for i, step in enumerate(trace) if step.kind == "end")
    assert [s.title for s in sections("failure_sqs_sns_dlq", first_end)] == [
        "Event sent (asynchronous)", "Attempt 1: the function failed (ValueError)"]
    final = next(i for i, step in enumerate(trace) if step.kind == "final")
    assert sections("failure_sqs_sns_dlq", final)[-1].title == "Invocation record (RetriesExhausted)"
    assert [s.title for s in sections("failure_sqs_sns_dlq", 0)] == ["Event sent (asynchronous)"]


def test_a_success_record_goes_to_the_on_success_queue():
    record = titled("success_sqs", "Invocation record (Success)")
    assert "OnSuccess destination (Amazon SQS orders-success)" in record.note
    delivery = outcome("success_sqs").delivered("on_success")[0]
    assert titled("success_sqs", "the SQS message").body["Body"] == delivery.body


def test_the_eventbridge_section_is_the_whole_event_with_the_record_as_detail():
    run = outcome("eventbridge")
    event = titled("eventbridge", "the EventBridge event").body
    assert event == run.delivered("on_success")[0].payload
    assert event["detail-type"] == "Lambda Function Invocation Result - Success"
    assert event["source"] == "lambda" and event["detail"] == run.results[0].record


def test_the_s3_section_shows_the_object_key_and_content():
    delivery = outcome("s3").delivered("on_failure")[0]
    section = titled("s3", "object aws/lambda/async/orders/")
    assert delivery.key in section.title
    assert section.body == {"Bucket": "orders-failures", "Key": delivery.key,
                            "Body": json.loads(delivery.body)}


def test_the_lambda_destination_section_is_the_functions_event_and_its_own_run_is_left_out():
    run = outcome("lambda")
    section = titled("lambda", "the function's event")
    assert section.body == run.results[0].record
    own = {step.request_id for step in run.trace if step.function == "orders-success"}
    assert not [s for s in sections("lambda") if s.request_id in own]


def test_a_failed_delivery_is_a_text_section_with_its_reason():
    section = titled("fifo", "delivery failed")
    assert section.language == "text" and section.kind == "failure"
    assert "FIFO queues and topics are not supported" in section.body
    assert "DestinationDeliveryFailures" in section.note


def test_zero_reserved_concurrency_has_a_record_without_a_response_and_a_429_dlq_message():
    record = titled("zero_concurrency", "Invocation record (ZeroReservedConcurrency)").body
    assert record["requestContext"]["approximateInvokeCount"] == 0
    assert "responseContext" not in record and "responsePayload" not in record
    message = titled("zero_concurrency", "Dead-letter queue → Amazon SQS orders-dlq: the SQS message").body
    assert message["MessageAttributes"]["ErrorCode"] == {"DataType": "Number", "StringValue": "429"}


def test_sync_calls_show_the_response_to_the_caller_and_no_record():
    assert [s.title for s in sections("sync_failure")] == [
        "Event sent (synchronous)", "Response to the caller: 200, FunctionError: Unhandled"]
    assert sections("sync_failure")[-1].body["errorType"] == "ValueError"
    rejected = sections("sync_zero_concurrency")[-1]
    assert rejected.title == "Invoke rejected: 429 TooManyRequestsException" and rejected.language == "text"


def test_each_of_several_events_keeps_its_own_request_id():
    run = outcome("throttled")
    by_request = {s.request_id for s in sections("throttled")}
    assert by_request == {r.request_id for r in run.results}
    bodies = [s.body["Body"] for s in sections("throttled") if "the SQS message" in s.title]
    assert bodies == [d.body for d in run.delivered("on_success")]


def test_a_rejected_configuration_has_no_payloads():
    assert sections("setup_error") == []


def test_every_record_field_is_explained_and_exists_in_a_real_record():
    assert list(RECORD_FIELDS) == [
        "version", "timestamp", "requestContext.requestId", "requestContext.functionArn",
        "requestContext.condition", "requestContext.approximateInvokeCount", "requestPayload",
        "responseContext.statusCode", "responseContext.executedVersion", "responseContext.functionError",
        "responsePayload"]
    record = outcome("failure_sqs_sns_dlq").results[0].record
    for path, doc in RECORD_FIELDS.items():
        value = record
        for part in path.split("."):
            value = value[part]
        assert doc.meaning and doc.values and doc.doc_url == RETAIN_DOC


def test_field_docs_mark_the_simulators_own_choices():
    for path in ("timestamp", "requestContext.functionArn", "requestContext.approximateInvokeCount",
                 "responseContext.functionError", "responsePayload"):
        assert "in this simulator" in RECORD_FIELDS[path].values.lower()
    assert "ZeroReservedConcurrency" in RECORD_FIELDS["requestContext.condition"].values


def _code_block(markdown: str) -> tuple[str, str]:
    """The language and the text inside the one fenced code block of a payload's Markdown."""
    match = re.search(r"^(`{3,})(\w+)\n(.*)\n\1$", markdown, flags=re.S | re.M)
    assert match, markdown
    return match.group(2), match.group(3)


def test_a_json_payload_is_shown_exactly_as_sent_in_one_markdown_block():
    record = titled("failure_sqs_sns_dlq", "Invocation record")
    text = payload_markdown(record)
    assert text.startswith("**Invocation record \\(RetriesExhausted\\)**")
    language, body = _code_block(text)
    assert language == "json"
    assert json.loads(body) == record.body


def test_backticks_inside_a_payload_cannot_close_its_code_block():
    section = PayloadSection(title="Event", body={"note": "```` four ticks"}, language="json")
    _, body = _code_block(payload_markdown(section))
    assert json.loads(body) == section.body


def test_a_text_payload_keeps_its_note_and_its_text():
    section = PayloadSection(title="Lambda event", body="plain *text*", language="text", note="as the target got it")
    text = payload_markdown(section)
    assert ":gray[as the target got it]" in text
    assert _code_block(text) == ("text", "plain *text*")


# --- what is the simulator's choice says so ----------------------------------------------------------------

def _notes(name: str) -> str:
    return "\n".join(section.note for section in payload_sections(outcome(name)))


def test_the_eventbridge_event_says_its_source_is_the_simulators_choice_and_names_the_guides() -> None:
    notes = _notes("eventbridge")
    assert "In this simulator source is \"lambda\"" in notes and "\"aws.lambda\"" in notes


def test_a_dead_letter_for_an_event_that_never_ran_labels_its_429_as_an_assumption() -> None:
    assert "429 with 'Rate Exceeded.' is this simulator's assumption" in _notes("zero_concurrency")
    assert "assumption" not in _notes("failure_sqs_sns_dlq")  # ErrorCode 200 is observed on AWS


def test_the_request_id_is_not_sold_as_an_idempotency_key() -> None:
    meaning = RECORD_FIELDS["requestContext.requestId"].meaning
    assert "not a safe idempotency key" in meaning and "Deduplicate on an ID inside the event" in meaning


@settings(max_examples=60, deadline=None)
@given(scenarios(max_events=3))
def test_the_payloads_up_to_any_step_are_the_first_payloads_of_the_whole_run(scenario) -> None:
    """The Lab writes each payload's text once per run, whatever step shows it: this is what makes that exact."""
    run = scenario.run()
    whole = payload_sections(run)
    for step in range(len(run.trace)):
        so_far = payload_sections(run, step)
        assert so_far == whole[: len(so_far)]
