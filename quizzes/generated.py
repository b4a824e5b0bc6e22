"""Generated questions: templates whose parameters are drawn with a seed and whose answer comes from the engine.

A template draws a scenario (retry settings, a trigger, reserved concurrency ...) and says how to put an
Outcome into words. The correct option is the words for the real run. Each wrong option is what a learner
holding one misconception would predict: either the words for the run of a changed scenario ("as if the
maximum event age did not apply"), or a fixed claim. Wrong options that come out the same as the answer
or as each other are dropped, so the four options are always distinct. Explanations quote the run, and the
run itself is attached as the proof, with checks built from what it produced.

Templates avoid settings whose result depends on a simulator choice rather than an AWS fact
(AWS_FACTS.md §1): event ages sit away from the 60 s / 180 s retry boundaries, throttled events are given
the default 6 hours, and the DLQ template covers function errors, whose ErrorCode AWS was seen to send.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from engine.checks import (
    AttemptsCheck,
    Check,
    ConditionCheck,
    DeliveredCheck,
    FunctionErrorCheck,
    InvocationTypeCheck,
    MetricCheck,
    StatusCheck,
)
from engine.outcome import ROLES, Outcome
from engine.scenario import BehaviorSpec, Scenario, TargetSpec
from quizzes.model import Option, Proof, Question, Topic


@dataclass(frozen=True)
class Belief:
    """A wrong belief behind a generated option: its tag (misconceptions.toml or above) and what is true."""

    tag: str
    truth: str


#: The beliefs the templates' wrong options stand for, each with the fact that corrects it.
BELIEFS: dict[str, Belief] = {
    "event-age-ignored": Belief("event-age-ignored",
        "Before each retry Lambda checks the event's age: when the next retry would start at or after "
        "MaximumEventAgeInSeconds, it stops and sends the event on with condition EventAgeExceeded."),
    "retry-attempts-count-every-run": Belief("async-retry-model-wrong",
        "MaximumRetryAttempts counts the retries after the first run, so a failing event runs up to "
        "MaximumRetryAttempts + 1 times."),
    "async-not-retried": Belief("async-retry-model-wrong",
        "Lambda retries a failed asynchronous invocation up to MaximumRetryAttempts times (0-2, default 2), "
        "about 1 minute and then about 2 minutes apart."),
    "retries-always-two": Belief("async-retry-model-wrong",
        "MaximumRetryAttempts (0-2) replaces the default of 2 retries."),
    "condition-mixed-up": Belief("misreads-record-fields",
        "RetriesExhausted means every allowed attempt ran and failed; EventAgeExceeded means the maximum "
        "event age ended the event first."),
    "on-failure-per-attempt": Belief("record-per-attempt",
        "A destination receives one record per event, when the event is done: after its last attempt or "
        "when it is too old."),
    "retries-until-success": Belief("async-retry-model-wrong",
        "Retries stop after MaximumRetryAttempts or at the maximum event age, whichever comes first; then "
        "the event goes to OnFailure."),
    "retry-success-still-fails": Belief("success-after-retry-goes-to-failure",
        "If any attempt succeeds, the event ends with condition Success and goes to the OnSuccess destination."),
    "on-success-gets-every-result": Belief("destination-condition-confusion",
        "OnSuccess receives only events that ended with condition Success; failures go to OnFailure."),
    "both-destinations-receive": Belief("destination-condition-confusion",
        "Each event ends once, with one condition, so it goes to OnSuccess or to OnFailure, not both."),
    "destinations-apply-to-sync": Belief("async-settings-apply-to-sync",
        "Destinations apply only to asynchronous invocations (InvocationType Event); a synchronous caller "
        "gets the result itself and nothing goes to a destination."),
    "invocation-type-swapped": Belief("wrong-invocation-type-for-service",
        "S3, SNS, EventBridge and CloudWatch Logs invoke asynchronously; API Gateway, Application Load "
        "Balancers and Cognito invoke synchronously; with the SDK or CLI, InvocationType decides."),
    "function-errors-are-5xx": Belief("invocation-type-semantics",
        "A function error is not an API error: Invoke returns 200 with FunctionError: Unhandled "
        "(synchronous) or 202 (asynchronous); a 5xx would mean Lambda itself failed."),
    "destinations-get-return-value": Belief("misreads-record-fields",
        "A destination receives the invocation record: requestContext, requestPayload, responseContext "
        "and responsePayload, with the return value inside responsePayload."),
    "sync-retried": Belief("async-settings-apply-to-sync",
        "Lambda never retries a synchronous invocation: the caller gets the error and decides what to do."),
    "zero-concurrency-is-unlimited": Belief("zero-concurrency-means-unlimited",
        "Reserved concurrency 0 stops the function from running at all; to remove the limit, delete the "
        "function's reserved concurrency."),
    "zero-concurrency-events-wait": Belief("zero-concurrency-buffers-events",
        "With reserved concurrency 0 Lambda does not retry: each event goes straight to OnFailure and/or "
        "the DLQ with condition ZeroReservedConcurrency."),
    "zero-concurrency-retried": Belief("zero-concurrency-buffers-events",
        "With reserved concurrency 0 there is no retry: each event goes on at once with condition "
        "ZeroReservedConcurrency and approximateInvokeCount 0."),
    "zero-concurrency-no-record": Belief("zero-concurrency-discards-silently",
        "They go to the OnFailure destination and/or the DLQ, with condition ZeroReservedConcurrency."),
    "throttled-async-events-rejected": Belief("throttles-use-retry-attempts",
        "Lambda accepts asynchronous events with 202 and handles throttles itself: throttled events go back "
        "on its queue and are retried for up to the maximum event age (6 hours by default)."),
    "throttles-use-retry-attempts": Belief("throttles-use-retry-attempts",
        "A throttled try did not run, so it does not count against MaximumRetryAttempts; Lambda retries it "
        "with backoff until the maximum event age."),
    "throttled-events-dropped": Belief("throttles-use-retry-attempts",
        "Throttled asynchronous events go back on Lambda's queue and are retried for up to the maximum "
        "event age (6 hours by default)."),
    "dlq-receives-invocation-record": Belief("dlq-content-confusion",
        "A DLQ receives the original event, unchanged, with RequestID, ErrorCode and ErrorMessage message "
        "attributes; only destinations receive the invocation record."),
    "dlq-error-code-is-error-type": Belief("dlq-content-confusion",
        "ErrorCode is a Number attribute holding an HTTP status (200 for a function that ran and failed); "
        "the error's message is in ErrorMessage."),
    "dlq-error-code-500": Belief("dlq-content-confusion",
        "ErrorCode holds the HTTP status of the invocation, and a function that ran and failed returned 200."),
    "dlq-body-is-error-response": Belief("dlq-content-confusion",
        "The body is the original event; the error's message travels in the ErrorMessage attribute."),
    "dlq-message-per-attempt": Belief("record-per-attempt",
        "The DLQ receives one message per event, after its last attempt."),
    "dlq-or-destination": Belief("dlq-and-destination-exclusive",
        "With both configured, a failed event goes to both the OnFailure destination and the DLQ."),
}

_CALLERS = {
    "s3": "An Amazon S3 event notification",
    "sns": "An Amazon SNS topic subscription",
    "eventbridge": "An Amazon EventBridge rule",
    "cloudwatch_logs": "A CloudWatch Logs subscription filter",
    "api_gateway": "An Amazon API Gateway REST API with a Lambda proxy integration",
    "alb": "An Application Load Balancer",
    "cognito": "An Amazon Cognito pre sign-up trigger",
}
_ASYNC_TRIGGERS = ("s3", "sns", "eventbridge", "cloudwatch_logs")
_ROLE_NAMES = {"on_success": "OnSuccess queue", "on_failure": "OnFailure queue", "dead_letter": "dead-letter queue"}
# Exceptions whose message is the text they were raised with (a KeyError's message would be quoted).
_ERRORS = [("ValueError", "bad order"), ("PermissionError", "order store is read-only"),
           ("TimeoutError", "payment service timed out"), ("RuntimeError", "inventory is locked")]
_QUEUE = TargetSpec(service="sqs")


@dataclass(frozen=True)
class Alternative:
    """A wrong answer a belief predicts: its words for this scenario and run, or None if it has none."""

    belief: str
    predict: Callable[[Scenario, Outcome], str | None]


@dataclass(frozen=True)
class Draft:
    """A template's drawn question, before the engine has run it."""

    stem: str
    scenario: Scenario
    describe: Callable[[Outcome], str]
    alternatives: list[Alternative]
    rule: str


@dataclass(frozen=True)
class Template:
    """Where a template's questions sit in the exam, and how it draws one from a seeded RNG."""

    topic: Topic
    domain: Literal[1, 2, 3, 4]
    difficulty: Literal["easy", "medium", "hard"]
    doc_url: str
    draw: Callable[[random.Random], Draft]


def as_if(belief: str, describe: Callable[[Outcome], str], change: Callable[[Scenario], dict | None]) -> Alternative:
    """The belief's prediction is the run of the scenario with ``change`` applied (None: not applicable)."""
    def predict(scenario: Scenario, _: Outcome) -> str | None:
        changes = change(scenario)
        if changes is None:
            return None
        try:
            return describe(scenario.with_changes(**changes).run())
        except ValidationError:
            return None
    return Alternative(belief, predict)


def claim(belief: str, text: Callable[[Scenario, Outcome], str | None]) -> Alternative:
    """The belief's prediction is a fixed claim, worded from the scenario and run (None: not applicable)."""
    return Alternative(belief, text)


# --- putting outcomes into words ------------------------------------------------------------------
def _times(count: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(count, f"{count} times")


def _runs_verb(count: int) -> str:
    """"never runs", "runs once", "runs 3 times"."""
    return "never runs" if count == 0 else f"runs {_times(count)}"


def _attempts(count: int) -> str:
    return "1 run" if count == 1 else f"{count} runs"


def _records(count: int) -> str:
    return "nothing" if count == 0 else ("one record" if count == 1 else f"{count} records")


def _runs(outcome: Outcome) -> int:
    return sum(1 for i in outcome.invocations if i.outcome != "throttled")


def _destinations(outcome: Outcome) -> str:
    """Where the event's record went: "the OnFailure queue receives one record with condition X"."""
    reached = [(role, d) for role in ("on_success", "on_failure") for d in outcome.delivered(role)]
    if not reached:
        return "neither queue receives anything"
    return " and ".join(f"the {_ROLE_NAMES[role]} receives one record with condition {d.condition}"
                        for role, d in reached)


def facts(outcome: Outcome) -> str:
    """What the run shows, in one sentence: the invoke status, the runs, how events ended, the deliveries."""
    statuses = sorted({r.status for r in outcome.responses})
    parts = [f"Lambda answered the invoke with HTTP {' / '.join(map(str, statuses))}"
             + (" and FunctionError: Unhandled" if any(r.function_error for r in outcome.responses) else "")]
    runs = [i for i in outcome.invocations if i.outcome != "throttled"]
    starts = f" (starting at {', '.join(f'{i.time:g} s' for i in runs)})" if 1 < len(runs) <= 4 else ""
    parts.append(f"the function {'never ran' if not runs else f'ran {_times(len(runs))}'}{starts}")
    throttled = len(outcome.invocations) - len(runs)
    if throttled:
        parts.append(f"{throttled} tr{'y was' if throttled == 1 else 'ies were'} throttled and put back on the queue")
    endings = Counter((r.condition, r.approximate_invoke_count) for r in outcome.results)
    parts += [f"{'the event' if n == 1 and len(outcome.results) == 1 else f'{n} event(s)'} ended with condition "
              f"{condition} and approximateInvokeCount {count}" for (condition, count), n in sorted(endings.items())]
    for role in ROLES:
        if role in outcome.targets:
            received = outcome.delivered(role)
            got = "nothing" if not received else _records(len(received)).replace("record", "message")
            parts.append(f"the {_ROLE_NAMES[role]} received {got}"
                         + (f" at {received[0].time:g} s" if len(received) == 1 else ""))
    return "Running this configuration: " + "; ".join(parts) + "."


def proof_checks(outcome: Outcome) -> list[Check]:
    """Checks that state what the run produced, so re-running the proof confirms the answer key."""
    kind = outcome.invocation_type
    checks: list[Check] = [InvocationTypeCheck(kind="invocation_type", value=kind,
                                               feedback=f"The function should be invoked with {kind}.")]
    statuses = {r.status for r in outcome.responses}
    if len(statuses) == 1:
        status = statuses.pop()
        checks.append(StatusCheck(kind="status", value=status, feedback=f"Every invoke should return HTTP {status}."))
    if not outcome.scenario.is_async:
        error = any(r.function_error for r in outcome.responses)
        checks.append(FunctionErrorCheck(kind="function_error", expected=error,
                                         feedback=f"The caller should {'' if error else 'not '}see FunctionError."))
    for condition in sorted({r.condition for r in outcome.results}):
        every = all(r.condition == condition for r in outcome.results)
        checks.append(ConditionCheck(kind="condition", value=condition, events="all" if every else "any",
                                     feedback=f"{'Every' if every else 'Some'} event should end with {condition}."))
    counts = {r.approximate_invoke_count for r in outcome.results}
    if len(counts) == 1:
        count = counts.pop()
        checks.append(AttemptsCheck(kind="attempts", value=count,
                                    feedback=f"Each event should have approximateInvokeCount {count}."))
    checks.append(MetricCheck(kind="metric", name="Invocations", op="==", value=_runs(outcome),
                              feedback=f"The Invocations metric (runs) should be {_runs(outcome)}."))
    for role in ROLES:
        if role in outcome.targets:
            count = len(outcome.delivered(role))
            checks.append(DeliveredCheck(kind="delivered", role=role, op="==", count=count,
                                         feedback=f"The {_ROLE_NAMES[role]} should receive {_records(count)}."))
    return checks


# --- template 1: retries and maximum event age ---------------------------------------------------
def _retries_text(outcome: Outcome) -> str:
    return f"It {_runs_verb(outcome.results[0].approximate_invoke_count)}; {_destinations(outcome)}."


def _retries(rng: random.Random) -> Draft:
    retries = rng.choice([None, 0, 1, 2])
    age = rng.choice([None, 60, 90, 120, 150, 300, 3600])
    fail_count = rng.choice([None, None, 1, 2, 3])
    behavior = (BehaviorSpec(kind="fail", error_type="ValueError", message="bad order") if fail_count is None
                else BehaviorSpec(kind="fail_first", fail_count=fail_count))
    scenario = Scenario(trigger="s3", behavior=behavior, max_retry_attempts=retries, max_event_age=age,
                        on_success=_QUEUE, on_failure=_QUEUE)
    does = ("raises a ValueError" if fail_count is None else
            f"raises an error on the first {'run' if fail_count == 1 else _attempts(fail_count)} of each event "
            "and succeeds after that")
    stem = (f"An Amazon S3 event notification invokes a Lambda function asynchronously. The function's "
            f"asynchronous invocation configuration sets MaximumRetryAttempts to "
            f"{'the default' if retries is None else retries} and MaximumEventAgeInSeconds to "
            f"{'the default' if age is None else age}, with an OnSuccess destination and an OnFailure "
            "destination, both Amazon SQS queues. Every run takes about 0.1 seconds; the function "
            f"{does}. One object is uploaded. How many times does the function run, and what reaches the destinations?")

    def count(outcome: Outcome) -> int:
        return outcome.results[0].approximate_invoke_count

    def failed(outcome: Outcome) -> bool:
        return outcome.results[0].condition != "Success"

    swap = {"RetriesExhausted": "EventAgeExceeded", "EventAgeExceeded": "RetriesExhausted"}
    alternatives = [
        as_if("event-age-ignored", _retries_text, lambda s: None if s.max_event_age is None else
              {"max_event_age": None}),
        as_if("retry-attempts-count-every-run", _retries_text, lambda s: None if s.max_retry_attempts == 0 else
              {"max_retry_attempts": (2 if s.max_retry_attempts is None else s.max_retry_attempts) - 1}),
        as_if("async-not-retried", _retries_text, lambda s: {"max_retry_attempts": 0}),
        as_if("retries-always-two", _retries_text, lambda s: {"max_retry_attempts": None}),
        claim("condition-mixed-up", lambda s, o: None if not failed(o) else
              f"It {_runs_verb(count(o))}; the OnFailure queue receives one record with condition "
              f"{swap[o.results[0].condition]}."),
        claim("on-failure-per-attempt", lambda s, o: None if not failed(o) or count(o) < 2 else
              f"It {_runs_verb(count(o))}; the OnFailure queue receives {count(o)} records, one per failed attempt."),
        claim("retries-until-success", lambda s, o: None if not failed(o) or s.behavior.kind != "fail_first" else
              f"It {_runs_verb(s.behavior.fail_count + 1)}; the OnSuccess queue receives one record with "
              "condition Success."),
        claim("retry-success-still-fails", lambda s, o: None if failed(o) or count(o) < 2 else
              f"It {_runs_verb(count(o))}; the OnFailure queue receives one record with condition RetriesExhausted."),
        claim("on-success-gets-every-result", lambda s, o: None if not failed(o) else
              f"It {_runs_verb(count(o))}; the OnSuccess queue receives one record with condition "
              f"{o.results[0].condition}."),
        claim("both-destinations-receive", lambda s, o:
              f"It {_runs_verb(count(o))}; both the OnSuccess queue and the OnFailure queue receive a record."),
    ]
    rule = BELIEFS["async-not-retried"].truth + " " + BELIEFS["event-age-ignored"].truth
    return Draft(stem, scenario, _retries_text, alternatives, rule)


# --- template 2: synchronous or asynchronous, and what reaches the destinations -----------------------
def _invoke_text(outcome: Outcome) -> str:
    response = outcome.responses[0]
    status = f"HTTP {response.status}" + (" with FunctionError: Unhandled" if response.function_error else "")
    runs = f" after {_attempts(outcome.results[0].approximate_invoke_count)}" if outcome.results else ""
    return f"Lambda answers the invoke with {status}; {_destinations(outcome)}{runs}."


def _sync_or_async(rng: random.Random) -> Draft:
    trigger = rng.choice([*_CALLERS, "sdk"])
    invocation_type = rng.choice(["Event", "RequestResponse"])
    fails = rng.random() < 0.5
    behavior = (BehaviorSpec(kind="fail", error_type="ValueError", message="bad order") if fails
                else BehaviorSpec(kind="succeed", result={"status": "ok"}))
    scenario = Scenario(trigger=trigger, invocation_type=invocation_type, behavior=behavior,
                        on_success=_QUEUE, on_failure=_QUEUE)
    caller = (f"An application calls the Lambda Invoke API with the AWS SDK, InvocationType={invocation_type}, "
              "to invoke" if trigger == "sdk" else f"{_CALLERS[trigger]} invokes")
    does = "raises a ValueError" if fails else 'returns {"status": "ok"}'
    stem = (f"{caller} a Lambda function that {does} every time it runs. The function has an OnSuccess "
            "destination and an OnFailure destination, both Amazon SQS queues, and its retry settings are "
            "the defaults. One event is sent. What does Lambda return to the invoke call, and what reaches "
            "the queues?")
    flip = {"Event": "RequestResponse", "RequestResponse": "Event"}
    alternatives = [
        as_if("destinations-apply-to-sync", _invoke_text, lambda s: None if s.is_async else
              {"trigger": "sdk", "invocation_type": "Event"}),
        as_if("invocation-type-swapped", _invoke_text, lambda s:
              {"trigger": "sdk", "invocation_type": flip[s.effective_invocation_type]}),
        claim("function-errors-are-5xx", lambda s, o: None if not fails else
              "Lambda answers the invoke with HTTP 500; neither queue receives anything."),
        claim("destinations-get-return-value", lambda s, o: None if fails else
              f"Lambda answers the invoke with HTTP {o.responses[0].status}; the OnSuccess queue receives only the "
              'return value, {"status": "ok"}.'),
        claim("sync-retried", lambda s, o: None if s.is_async or not fails else
              "Lambda answers the invoke with HTTP 200 with FunctionError: Unhandled after 3 runs; the OnFailure "
              "queue receives one record with condition RetriesExhausted."),
        claim("both-destinations-receive", lambda s, o:
              f"Lambda answers the invoke with HTTP {o.responses[0].status}; both queues receive a record."),
        claim("on-success-gets-every-result", lambda s, o: None if not (fails and s.is_async) else
              "Lambda answers the invoke with HTTP 202; the OnSuccess queue receives one record with condition "
              "RetriesExhausted after 3 runs."),
    ]
    rule = BELIEFS["invocation-type-swapped"].truth + " " + BELIEFS["destinations-apply-to-sync"].truth
    return Draft(stem, scenario, _invoke_text, alternatives, rule)


# --- template 3: reserved concurrency 0 or a little more, with a burst of events ----------------------
def _burst_text(outcome: Outcome) -> str:
    failures = Counter(d.condition for d in outcome.delivered("on_failure"))
    failed = "nothing" if not failures else " and ".join(
        f"{_records(n)} with condition {condition}" for condition, n in sorted(failures.items()))
    return (f"The function {_runs_verb(_runs(outcome))}; the OnSuccess queue receives "
            f"{_records(len(outcome.delivered('on_success')))} and the OnFailure queue receives {failed}.")


_TIMEOUT = 30


def _concurrency(rng: random.Random) -> Draft:
    reserved = rng.choice([0, 0, 1, 2])
    events = max(2, reserved + rng.randint(1, 4))
    duration = rng.choice([0.1, 2.0, 5.0])
    # The timeout is stated and well above the run: a 5 s run under the default 3 s timeout timed out, which
    # made the keyed answer contradict "each run succeeds".
    scenario = Scenario(trigger="s3", behavior=BehaviorSpec(kind="succeed", duration=duration), timeout=_TIMEOUT,
                        reserved_concurrency=reserved, events=events, on_success=_QUEUE, on_failure=_QUEUE)
    stem = (f"A Lambda function with reserved concurrency set to {reserved} is invoked asynchronously by Amazon S3 "
            f"event notifications. Each run takes {duration:g} seconds, well within the function's "
            f"{_TIMEOUT}-second timeout, and succeeds. The function has an OnSuccess "
            "destination and an OnFailure destination, both Amazon SQS queues, and default retry and event age "
            f"settings. {events} objects are uploaded at the same moment. What happens to the {events} events?")

    def text(runs: int, successes: int, failures: int, condition: str) -> str:
        failed = "nothing" if not failures else f"{_records(failures)} with condition {condition}"
        return (f"The function {_runs_verb(runs)}; the OnSuccess queue receives {_records(successes)} and the "
                f"OnFailure queue receives {failed}.")

    extra = events - reserved
    alternatives = [
        as_if("zero-concurrency-is-unlimited", _burst_text, lambda s: None if reserved else
              {"reserved_concurrency": None}),
        as_if("zero-concurrency-events-wait", _burst_text, lambda s: None if reserved else
              {"reserved_concurrency": 1}),
        claim("throttled-async-events-rejected", lambda s, o:
              f"{'Every upload is' if not reserved else f'{extra} of the uploads are'} rejected with HTTP 429 "
              f"TooManyRequestsException and never reach{'es' if not reserved else ''} the function or the queues"
              + ("." if not reserved else f"; the OnSuccess queue receives {_records(reserved)}.")),
        claim("throttles-use-retry-attempts", lambda s, o: None if not reserved else
              text(reserved, reserved, extra, "RetriesExhausted")),
        claim("throttled-events-dropped", lambda s, o: None if not reserved else text(reserved, reserved, 0, "")),
        claim("zero-concurrency-no-record", lambda s, o: None if reserved else text(0, 0, 0, "")),
        claim("zero-concurrency-retried", lambda s, o: None if reserved else text(0, 0, events, "EventAgeExceeded")),
    ]
    rule = BELIEFS["zero-concurrency-events-wait" if not reserved else "throttled-events-dropped"].truth
    return Draft(stem, scenario, _burst_text, alternatives, rule)


# --- template 4: what the DLQ message holds --------------------------------------------------------
def _dlq_text(outcome: Outcome) -> str:
    received = outcome.delivered("dead_letter")
    if not received:
        return "It receives nothing."
    message = received[0]
    body = ("the original event, unchanged" if message.payload == outcome.events_sent[0]
            else "the invocation record" if "requestContext" in message.payload else "a JSON document")
    attributes = " and ".join(f'{name} = {message.attributes[name]["StringValue"]}'
                              if message.attributes[name]["DataType"] == "Number"
                              else f'{name} = "{message.attributes[name]["StringValue"]}"'
                              for name in ("ErrorCode", "ErrorMessage") if name in message.attributes)
    return (f"It receives {'one message' if len(received) == 1 else f'{len(received)} messages'}: the body is "
            f"{body}, with the message attributes {attributes} (and RequestID).")


def _dlq_message(rng: random.Random) -> Draft:
    error_type, message = rng.choice(_ERRORS)
    retries = rng.choice([None, 0, 1, 2])
    trigger = rng.choice(_ASYNC_TRIGGERS)
    with_destination = rng.random() < 0.4
    scenario = Scenario(trigger=trigger, behavior=BehaviorSpec(kind="fail", error_type=error_type, message=message),
                        max_retry_attempts=retries, dead_letter=_QUEUE,
                        on_failure=_QUEUE if with_destination else None)
    stem = (f"{_CALLERS[trigger]} invokes a Lambda function that raises {error_type}({message!r}) every time. "
            f"MaximumRetryAttempts is {'the default' if retries is None else retries}, and the function has a "
            "dead-letter queue (an Amazon SQS standard queue)"
            + (" and an OnFailure destination (another SQS queue)" if with_destination else "")
            + ". One event is sent. What does the dead-letter queue receive?")

    def runs(outcome: Outcome) -> int:
        return outcome.results[0].approximate_invoke_count

    def with_code(code: str) -> str:
        return (f'It receives one message: the body is the original event, unchanged, with the message attributes '
                f'ErrorCode = {code} and ErrorMessage = "{message}" (and RequestID).')

    alternatives = [
        claim("dlq-receives-invocation-record", lambda s, o: "It receives one message: the body is the invocation "
              f"record (condition {o.results[0].condition}), with no message attributes."),
        claim("dlq-error-code-is-error-type", lambda s, o: with_code(error_type)),
        claim("dlq-error-code-500", lambda s, o: with_code("500")),
        claim("dlq-body-is-error-response", lambda s, o: "It receives one message: the body is the function's error "
              f'object ({{"errorType": "{error_type}", "errorMessage": "{message}"}}), with no message attributes.'),
        claim("dlq-message-per-attempt", lambda s, o: None if runs(o) < 2 else
              f"It receives {runs(o)} messages, one per failed attempt, each with the original event as its body."),
        claim("dlq-or-destination", lambda s, o: None if s.on_failure is None else
              "It receives nothing: with an OnFailure destination configured, the failure goes only there."),
    ]
    rule = BELIEFS["dlq-receives-invocation-record"].truth
    return Draft(stem, scenario, _dlq_text, alternatives, rule)


ASYNC_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"
RETAIN_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
TEMPLATES: dict[str, Template] = {
    "retries": Template("retries-and-event-age", 1, "hard", ASYNC_DOC, _retries),
    "sync-or-async": Template("invocation-types", 1, "easy", RETAIN_DOC, _sync_or_async),
    "reserved-concurrency": Template("throttling", 4, "medium", ASYNC_DOC, _concurrency),
    "dlq-message": Template("dlq-vs-destinations", 4, "medium", RETAIN_DOC, _dlq_message),
}
OPTIONS = 4


def generate(template: str, seed: int) -> Question:
    """One multiple-choice question from ``template``, the same for the same seed; its key comes from a run."""
    spec = TEMPLATES[template]
    rng = random.Random(f"{template}:{seed}")
    draft = spec.draw(rng)
    outcome = draft.scenario.run()
    answer = draft.describe(outcome)
    shown = facts(outcome)
    wrong: dict[str, str] = {}
    for alternative in draft.alternatives:
        text = alternative.predict(draft.scenario, outcome)
        if text is not None and text != answer:
            wrong.setdefault(text, alternative.belief)
    if len(wrong) < OPTIONS - 1:
        raise AssertionError(f"template {template!r} seed {seed}: only {len(wrong)} distinct wrong options")
    options = [Option(text=text, explanation=f"{BELIEFS[belief].truth} {shown}", misconception=BELIEFS[belief].tag)
               for text, belief in rng.sample(list(wrong.items()), OPTIONS - 1)]
    options.insert(rng.randrange(OPTIONS), Option(text=answer, correct=True, explanation=f"{shown} {draft.rule}"))
    return Question(
        id=f"gen-{template}-{seed}", domain=spec.domain, topic=spec.topic, difficulty=spec.difficulty,
        stem=draft.stem, options=options, doc_url=spec.doc_url, behavioural=True,
        proofs=[Proof(claim=f"Run it: {answer}", scenario=draft.scenario, checks=proof_checks(outcome))],
    )


def generate_many(count: int, seed: int) -> list[Question]:
    """``count`` questions with distinct ids, the templates taking turns, the same for the same seed."""
    rng = random.Random(seed)
    names = sorted(TEMPLATES)
    rng.shuffle(names)
    questions: dict[str, Question] = {}
    while len(questions) < count:
        question = generate(names[len(questions) % len(names)], rng.randrange(2**31))
        questions.setdefault(question.id, question)
    return list(questions.values())


def is_generated(question_id: str) -> bool:
    """Whether ``regenerate`` can rebuild this id: a template this version has, and a seed.

    Saved answers can name a template from another version of the app (an imported export, an upgrade).
    """
    template, _, seed = question_id.removeprefix("gen-").rpartition("-")
    return question_id.startswith("gen-") and template in TEMPLATES and seed.isdigit()


def regenerate(question_id: str) -> Question:
    """The generated question with this id (``gen-<template>-<seed>``), rebuilt from its seed."""
    template, _, seed = question_id.removeprefix("gen-").rpartition("-")
    return generate(template, int(seed))


