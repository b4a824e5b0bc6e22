"""Running a Scenario through the engine's public contract, and the Outcome the views and checks read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .arns import ArnBuilder
from .errors import AwsError
from .history import AsyncResult, Invocation, Step
from .resources import Delivery, DeliveryFailure
from .scenario import Role, Scenario, TargetSpec, sample_payload
from .simulator import Simulator

ROLES: tuple[Role, ...] = ("on_success", "on_failure", "dead_letter")
#: Which Scenario field an error from each setup call belongs to, so the UI can show it next to that field.
_ERROR_FIELDS = {
    "maximumRetryAttempts": "max_retry_attempts",
    "maximumEventAgeInSeconds": "max_event_age",
    "reservedConcurrentExecutions": "reserved_concurrency",
}


@dataclass(frozen=True, slots=True)
class SetupError:
    """An AWS error raised while applying the configuration, tied to the Scenario field that caused it."""

    field: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Response:
    """What the caller got back for one event: the invoke response, or the error it raised."""

    time: float
    request_id: str
    status: int
    payload: Any = None
    function_error: str | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True)
class Outcome:
    """Everything one run produced, for views, lesson goals and quiz proofs."""

    scenario: Scenario
    function_arn: str
    targets: dict[str, str]
    events_sent: list[Any]
    responses: list[Response]
    results: list[AsyncResult]
    invocations: list[Invocation]
    deliveries: dict[str, list[Delivery]]
    failures: list[DeliveryFailure]
    metrics: dict[str, Any]
    trace: list[Step]
    calls: list[str] = field(default_factory=list)
    setup_error: SetupError | None = None

    @property
    def invocation_type(self) -> str:
        return self.scenario.effective_invocation_type

    def delivered(self, role: Role) -> list[Delivery]:
        """What the OnSuccess destination, OnFailure destination or DLQ received."""
        return self.deliveries.get(role, [])

    def failed_deliveries(self, role: Role) -> list[DeliveryFailure]:
        arn = self.targets.get(role)
        source = {"on_success": "OnSuccess", "on_failure": "OnFailure", "dead_letter": "DeadLetterQueue"}[role]
        return [f for f in self.failures if f.target == arn and f.source == source]

    def conditions(self) -> list[str]:
        """How each async event of the main function ended, in order."""
        return [r.condition for r in self.results]

    def attempts(self) -> list[int]:
        """How many times each async event ran (approximateInvokeCount)."""
        return [r.approximate_invoke_count for r in self.results]


def run_scenario(scenario: Scenario) -> Outcome:
    """Apply the scenario through the Lambda API as a learner would, send its events, run to the end."""
    sim = Simulator(scenario.seed, jitter=scenario.jitter, duplicate_rate=scenario.duplicate_rate)
    lam = sim.client("lambda")
    name = scenario.function_name
    targets: dict[str, str] = {}
    setup_error: SetupError | None = None
    for role in ROLES:
        if getattr(scenario, role) and setup_error is None:
            try:
                targets[role] = _create_target(sim, scenario, role)
            except AwsError as error:  # e.g. a Lambda target name over 64 characters
                setup_error = SetupError(role, error.code, error.message)
    function_arn = sim.create_function(name, scenario.behavior.build(), timeout=scenario.timeout)
    calls: list[str] = []
    if setup_error is None:
        setup_error = _configure(lam, scenario, targets, calls)
    events_sent: list[Any] = []
    responses: list[Response] = []
    if setup_error is None:
        with sim.burst():
            for index in range(scenario.events):
                sim.run(until=index * scenario.interval)
                responses.append(_send(sim, scenario, events_sent))
            sim.run()
    main_results = sim.async_results(name)
    return Outcome(
        scenario=scenario,
        function_arn=function_arn,
        targets=targets,
        events_sent=events_sent,
        responses=responses,
        results=main_results,
        invocations=sim.invocations(name),
        deliveries={role: sim.deliveries(arn) for role, arn in targets.items()},
        failures=sim.delivery_failures(),
        metrics=sim.metrics(name),
        trace=sim.trace,
        calls=calls,
        setup_error=setup_error,
    )


def _create_target(sim: Simulator, scenario: Scenario, role: Role) -> str:
    """The target's ARN, created when it should exist; roles naming the same resource share it.

    One queue may well be both the OnFailure destination and the DLQ, and "default" names the bus every
    account has. A Lambda target named like the function is the function itself (refused at put, §5).
    """
    spec: TargetSpec = getattr(scenario, role)
    name = scenario.target_name(role)
    arns: ArnBuilder = sim.arns
    if spec.service == "lambda":
        if spec.exists and name not in sim.functions and name != scenario.function_name:
            sim.create_function(name)
        return arns.function(name)
    create, build = {
        "sqs": (lambda: sim.create_queue(name, fifo=spec.fifo), lambda: arns.queue(name)),
        "sns": (lambda: sim.create_topic(name, fifo=spec.fifo), lambda: arns.topic(name)),
        "eventbridge": (lambda: sim.create_event_bus(name), lambda: arns.event_bus(name)),
        "s3": (lambda: sim.create_bucket(name), lambda: arns.bucket(name)),
    }[spec.service]
    arn = build()
    if spec.exists and arn not in sim.targets:
        create()
    return arn


def _configure(lam: Any, scenario: Scenario, targets: dict[str, str], calls: list[str]) -> SetupError | None:
    """Each setting in its own call, so an error is tied to the field that caused it."""
    name = scenario.function_name
    steps: list[tuple[str, str, dict[str, Any]]] = []
    if scenario.reserved_concurrency is not None:
        steps.append(("reserved_concurrency", "put_function_concurrency",
                      {"ReservedConcurrentExecutions": scenario.reserved_concurrency}))
    settings: dict[str, Any] = {}
    if scenario.max_retry_attempts is not None:
        settings["MaximumRetryAttempts"] = scenario.max_retry_attempts
    if scenario.max_event_age is not None:
        settings["MaximumEventAgeInSeconds"] = scenario.max_event_age
    if settings:
        steps.append(("max_retry_attempts", "put_function_event_invoke_config", settings))
    for role, which in (("on_success", "OnSuccess"), ("on_failure", "OnFailure")):
        if role in targets:
            operation = ("update_function_event_invoke_config" if any(
                s[1] == "put_function_event_invoke_config" for s in steps) else "put_function_event_invoke_config")
            steps.append((role, operation, {"DestinationConfig": {which: {"Destination": targets[role]}}}))
    if "dead_letter" in targets:
        steps.append(("dead_letter", "update_function_configuration",
                      {"DeadLetterConfig": {"TargetArn": targets["dead_letter"]}}))
    for field_name, operation, arguments in steps:
        try:
            getattr(lam, operation)(FunctionName=name, **arguments)
        except AwsError as error:
            member = next((f for key, f in _ERROR_FIELDS.items() if key in error.message), field_name)
            return SetupError(member, error.code, error.message)
        calls.append(f"{operation}({', '.join(f'{k}={v!r}' for k, v in arguments.items())})")
    return None


def _send(sim: Simulator, scenario: Scenario, events_sent: list[Any]) -> Response:
    name = scenario.function_name
    invocation_type = scenario.effective_invocation_type
    now = sim.now
    try:
        if scenario.payload is not None:
            event = scenario.payload
        elif scenario.trigger == "sdk":
            event = sample_payload("sdk")  # what the Lab's form and the code export show for an SDK call
        else:
            event = sim.sample_event(scenario.trigger)
        events_sent.append(event)
        response = sim.client("lambda").invoke(FunctionName=name, InvocationType=invocation_type,
                                               Payload=json.dumps(event).encode())
    except AwsError as error:
        return Response(now, "", error.status, error_code=error.code, error_message=error.message)
    body = response["Payload"].read()
    return Response(now, response["ResponseMetadata"]["RequestId"], response["StatusCode"],
                    json.loads(body) if body else None, response.get("FunctionError"))
