"""Scenarios shared by the view tests (flowchart, timeline, payloads), each run once per test session."""

from __future__ import annotations

from functools import cache

from engine.outcome import Outcome
from engine.scenario import BehaviorSpec, Scenario, TargetSpec

FAIL = BehaviorSpec(kind="fail", error_type="ValueError", message="bad order")
SCENARIOS = {
    "success_sqs": Scenario(on_success=TargetSpec(service="sqs")),
    "failure_sqs_sns_dlq": Scenario(behavior=FAIL, on_failure=TargetSpec(service="sqs"),
                                    dead_letter=TargetSpec(service="sns")),
    "sync_api_gateway": Scenario(trigger="api_gateway", on_success=TargetSpec(service="sqs"),
                                 on_failure=TargetSpec(service="sqs"), dead_letter=TargetSpec(service="sqs")),
    "sync_failure": Scenario(trigger="api_gateway", behavior=FAIL, on_failure=TargetSpec(service="sqs")),
    "sync_zero_concurrency": Scenario(trigger="api_gateway", reserved_concurrency=0),
    "eventbridge": Scenario(on_success=TargetSpec(service="eventbridge")),
    "s3": Scenario(behavior=FAIL, max_retry_attempts=0, on_failure=TargetSpec(service="s3")),
    "lambda": Scenario(on_success=TargetSpec(service="lambda")),
    "fifo": Scenario(behavior=FAIL, max_retry_attempts=0, on_failure=TargetSpec(service="sqs", fifo=True)),
    "zero_concurrency": Scenario(reserved_concurrency=0, on_failure=TargetSpec(service="sqs"),
                                 dead_letter=TargetSpec(service="sqs")),
    "throttled": Scenario(reserved_concurrency=1, events=3, behavior=BehaviorSpec(duration=2.5),
                          on_success=TargetSpec(service="sqs")),
    "setup_error": Scenario(on_success=TargetSpec(service="s3")),
}


@cache
def outcome(name: str) -> Outcome:
    return SCENARIOS[name].run()
