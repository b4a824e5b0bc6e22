"""The Lab timeline: one row per trace step, in words, at the virtual time it happened."""

from __future__ import annotations

import pytest
from view_scenarios import FAIL, SCENARIOS, outcome

from engine.scenario import Scenario
from ui.timeline import format_clock, format_seconds, timeline_rows


def titles(name: str) -> list[str]:
    return [row.title for row in timeline_rows(outcome(name))]


@pytest.mark.parametrize(("seconds", "clock"), [
    (0, "+00:00:00.000"), (0.1, "+00:00:00.100"), (180.3, "+00:03:00.300"), (21_511, "+05:58:31.000"),
    (90_061.5, "+25:01:01.500"), (59.9996, "+00:01:00.000"),
])
def test_the_clock_reads_as_an_offset_from_the_start_to_the_millisecond(seconds, clock):
    assert format_clock(seconds) == clock


def test_short_durations_drop_trailing_zeros():
    assert [format_seconds(s) for s in (0, 60.0, 60.1, 180.25)] == ["0 s", "60 s", "60.1 s", "180.25 s"]


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n != "setup_error"])
def test_there_is_one_row_per_trace_step_with_its_index_time_and_request(name):
    trace = outcome(name).trace
    rows = timeline_rows(outcome(name))
    assert len(rows) == len(trace)
    for index, (row, step) in enumerate(zip(rows, trace, strict=True)):
        assert (row.index, row.time, row.kind, row.request_id, row.function) == (
            index, step.time, step.kind, step.request_id, step.function)
        assert row.clock == format_clock(step.time) and row.icon and row.title


def test_a_rejected_configuration_has_an_empty_timeline():
    assert timeline_rows(outcome("setup_error")) == []


def test_retries_read_as_attempts_and_scheduled_retries_with_their_wait():
    assert titles("failure_sqs_sns_dlq") == [
        "Event queued (202 Accepted)",
        "Attempt 1 starts",
        "Attempt 1 fails: ValueError",
        "Retry scheduled for +00:01:00.100 (60 s after the failed attempt)",
        "Attempt 2 starts",
        "Attempt 2 fails: ValueError",
        "Retry scheduled for +00:03:00.200 (120 s after the failed attempt)",
        "Attempt 3 starts",
        "Attempt 3 fails: ValueError",
        "Retries exhausted after 3 attempts (RetriesExhausted)",
        "Delivered to OnFailure destination (Amazon SQS orders-failures)",
        "Delivered to dead-letter queue (Amazon SNS orders-dlq)",
    ]
    rows = timeline_rows(outcome("failure_sqs_sns_dlq"))
    assert rows[-1].clock == "+00:03:00.300"
    assert "ErrorCode 200" in rows[-1].detail
    assert rows[2].icon == "❌" and "bad order" in rows[2].detail


def test_a_success_row_names_the_destination_service_and_what_it_received():
    rows = timeline_rows(outcome("success_sqs"))
    assert rows[-2].title == "Event done: Success after 1 attempt"
    assert rows[-1].title == "Delivered to OnSuccess destination (Amazon SQS orders-success)"
    assert "condition Success" in rows[-1].detail


def test_eventbridge_s3_and_lambda_deliveries_say_how_the_record_travels():
    assert "detail of an EventBridge event" in timeline_rows(outcome("eventbridge"))[-1].detail
    s3_row = timeline_rows(outcome("s3"))[-1]
    assert "as object aws/lambda/async/orders/2026/01/01/" in s3_row.detail
    lambda_rows = timeline_rows(outcome("lambda"))
    destination_rows = [row for row in lambda_rows if row.function == "orders-success"]
    assert destination_rows[0].title == "Invoked asynchronously by orders's destination (202 Accepted)"
    assert destination_rows[-1].title == "Event done: Success after 1 attempt"


def test_the_final_row_says_why_the_event_ended():
    rows = timeline_rows(Scenario(behavior=FAIL, max_event_age=60).run())
    assert rows[-1].title == "Event too old after 1 attempt (EventAgeExceeded)"
    assert rows[-1].detail.startswith(
        "The next try would start at or after the maximum event age (this simulator's rule")
    assert "No retry left" in timeline_rows(outcome("failure_sqs_sns_dlq"))[9].detail


def test_a_throttled_try_says_how_long_it_backs_off():
    throttled = [row for row in timeline_rows(outcome("throttled")) if row.kind == "throttled"]
    assert [row.title for row in throttled[:3]] == [
        "Throttled: backing off 1 s", "Throttled: backing off 1 s", "Throttled: backing off 2 s"]
    assert "tried again at +00:00:01.000" in throttled[0].detail
    assert "do not count as attempts" in throttled[0].detail


def test_a_failed_delivery_gives_its_reason_and_metric():
    row = timeline_rows(outcome("fifo"))[-1]
    assert row.title == "Delivery to OnFailure destination failed (Amazon SQS orders-failures.fifo)"
    assert "FIFO queues and topics are not supported" in row.detail
    assert "DestinationDeliveryFailures" in row.detail


def test_zero_reserved_concurrency_ends_without_running():
    assert titles("zero_concurrency")[:2] == [
        "Event queued (202 Accepted)",
        "Reserved concurrency is 0: ends without running (ZeroReservedConcurrency)"]


def test_sync_rows_show_the_caller_waiting_and_receiving_the_response():
    assert titles("sync_api_gateway") == [
        "Synchronous invoke received (the caller waits)", "Run starts (synchronous: the caller waits)",
        "Run succeeds", "Caller receives 200 with the result"]
    rejected = timeline_rows(outcome("sync_zero_concurrency"))[-1]
    assert rejected.title == "Invoke rejected: 429 TooManyRequestsException"
    assert "Rate Exceeded." in rejected.detail


def test_while_stepping_later_rows_say_not_yet_in_words_not_only_in_grey():
    from ui.lab_widgets import timeline_table

    run = outcome("failure_sqs_sns_dlq")
    lines = timeline_table(timeline_rows(run), step=1).splitlines()[2:]
    assert lines[1].startswith("| ▶ **2**") and "not yet" not in lines[0] + lines[1]
    assert all("(not yet)" in line for line in lines[2:])
