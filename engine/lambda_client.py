"""A boto3-shaped Lambda client: the same method names, parameters, response keys and errors.

What a learner types here is what they would type against ``boto3.client("lambda")``. Every call checks its
input completely before it changes anything, so a refused call leaves the simulator as it was.
"""

from __future__ import annotations

import base64
import io
import json
from typing import TYPE_CHECKING, Any

from . import params
from .arns import (
    DESTINATION_ARN_PATTERN,
    LATEST,
    QUALIFIER_PATTERN,
    RESOURCE_ARN_PATTERN,
    full_match,
    parse_arn,
    parse_function_name,
)
from .errors import (
    AwsError,
    Exceptions,
    InvalidParameterValueException,
    InvalidRequestContentException,
    RequestEntityTooLargeException,
    ResourceConflictException,
    ResourceNotFoundException,
    TooManyRequestsException,
    check_range,
    constraint_error,
)
from .functions import Code, Function
from .history import Invocation
from .limits import (
    ASYNC_PAYLOAD_LIMIT_BYTES,
    LIST_MAX_ITEMS,
    MAX_EVENT_AGE_SECONDS,
    MAX_RETRY_ATTEMPTS,
    QUALIFIER_LENGTH,
    SYNC_PAYLOAD_LIMIT_BYTES,
)

if TYPE_CHECKING:
    from .simulator import Simulator

INVOCATION_TYPES = ("Event", "RequestResponse", "DryRun")
#: Services a destination may name, per condition (§5; S3 for OnFailure only, S12).
DESTINATION_SERVICES = {"OnSuccess": ("sqs", "sns", "events", "lambda"),
                        "OnFailure": ("sqs", "sns", "events", "lambda", "s3")}
DEAD_LETTER_SERVICES = ("sqs", "sns")

_DESTINATION = {"Destination": str}
_EVENT_INVOKE_CONFIG_SHAPE: dict[str, params.Shape] = {
    "FunctionName": str,
    "Qualifier": str,
    "MaximumRetryAttempts": int,
    "MaximumEventAgeInSeconds": int,
    "DestinationConfig": {"OnSuccess": _DESTINATION, "OnFailure": _DESTINATION},
}
_QUALIFIED_SHAPE: dict[str, params.Shape] = {"FunctionName": str, "Qualifier": str}
_INVOKE_SHAPE: dict[str, params.Shape] = {"FunctionName": str, "InvocationType": str, "LogType": str,
                                          "ClientContext": str, "Payload": params.BLOB, "Qualifier": str}


class StreamingBody:
    """Like botocore's StreamingBody: ``read()`` returns the payload bytes."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, amt: int | None = None) -> bytes:
        return self._stream.read(amt)


class LambdaClient:
    """``sim.client("lambda")``."""

    def __init__(self, sim: Simulator) -> None:
        self._sim = sim
        self.exceptions = Exceptions()

    # --- Invoke ----------------------------------------------------------------------------------
    def invoke(self, **kwargs: Any) -> dict[str, Any]:
        """Invoke sync (``RequestResponse``, default), async (``Event``) or check only (``DryRun``)."""
        sim = self._sim
        try:
            params.check(kwargs, _INVOKE_SHAPE, required=("FunctionName",))
            invocation_type = kwargs.get("InvocationType", "RequestResponse")
            if invocation_type not in INVOCATION_TYPES:
                raise constraint_error(invocation_type, "invocationType",
                                       f"Member must satisfy enum value set: [{', '.join(INVOCATION_TYPES)}]")
            fn, qualifier = self._function(kwargs, not_found="invoke")
            raw = _payload_bytes(kwargs.get("Payload", b""))
            if invocation_type == "DryRun":
                sim._step("received", fn.name, "", invocation_type="DryRun", status=204)
                return _response(204, StatusCode=204, Payload=StreamingBody(b""))
            limit = ASYNC_PAYLOAD_LIMIT_BYTES if invocation_type == "Event" else SYNC_PAYLOAD_LIMIT_BYTES
            if len(raw) > limit:
                raise RequestEntityTooLargeException(_too_large_message(len(raw), invocation_type, limit))
            payload, text = _parse_payload(raw)
        except AwsError as error:
            self._rejected(kwargs, error)
            raise
        request_id = sim.new_request_id()
        if invocation_type == "Event":
            sim._step("received", fn.name, request_id, invocation_type="Event", status=202, payload=payload,
                      qualifier=qualifier)
            sim._accept_async(fn, qualifier, payload, text, None, request_id)
            return _response(202, request_id, StatusCode=202, Payload=StreamingBody(b""))
        return self._invoke_sync(fn, qualifier, payload, request_id, kwargs.get("LogType") == "Tail")

    def _invoke_sync(self, fn: Function, qualifier: str, payload: Any, request_id: str,
                     tail: bool) -> dict[str, Any]:
        """Run now; the caller waits for the result, and no destination or retry applies (§5)."""
        sim = self._sim
        now = sim.now
        sim._step("received", fn.name, request_id, invocation_type="RequestResponse", payload=payload,
                  qualifier=qualifier)
        if fn.reserved_concurrency == 0 or not sim._has_capacity(fn, now):
            fn.metrics["Throttles"] += 1
            version = fn.resolve(qualifier)[0]
            sim._invocations.append(Invocation(now, now, fn.name, request_id, 0, "throttled", "RequestResponse",
                                               version))
            reason = ("ReservedFunctionConcurrentInvocationLimitExceeded" if fn.reserved_concurrency is not None
                      else "ConcurrentInvocationLimitExceeded")
            error = TooManyRequestsException("Rate Exceeded.", Reason=reason, Type="User")
            sim._step("rejected", fn.name, request_id, code=error.code, status=error.status,
                      message=error.message, reason=reason)
            raise error
        version, code = fn.resolve(qualifier)
        fn.metrics["Invocations"] += 1
        sim._step("start", fn.name, request_id, attempt=1, version=version, invocation_type="RequestResponse")
        result = code.behavior.run(1, request_id, code.timeout, sim._behavior_rng)
        end = round(now + result.duration, 6)
        sim._occupy(fn, end)
        if not result.ok:
            fn.metrics["Errors"] += 1
        sim._invocations.append(Invocation(now, end, fn.name, request_id, 1, "success" if result.ok else "error",
                                           "RequestResponse", version, result.error_type, result.payload))
        sim._step("end", fn.name, request_id, at=end, attempt=1, ok=result.ok, error_type=result.error_type,
                  response=result.payload)
        body = json.dumps(result.payload).encode()
        extra: dict[str, Any] = {"ExecutedVersion": version}
        if not result.ok:
            extra["FunctionError"] = "Unhandled"  # S5
        if tail:
            extra["LogResult"] = _log_tail(request_id, version, result.duration, result.error_type)
        sim._step("response", fn.name, request_id, at=end, status=200, function_error=extra.get("FunctionError"),
                  payload=result.payload)
        return _response(200, request_id, StatusCode=200, Payload=StreamingBody(body), **extra)

    def _rejected(self, kwargs: dict[str, Any], error: AwsError) -> None:
        name = kwargs.get("FunctionName")
        self._sim._step("rejected", name if isinstance(name, str) else "", "", code=error.code,
                        status=error.status, message=error.message)

    # --- Event invoke config ---------------------------------------------------------------------
    def put_function_event_invoke_config(self, **kwargs: Any) -> dict[str, Any]:
        """Replace the whole async config of a function, version or alias (omitted settings are cleared)."""
        fn, qualifier = self._config_target(kwargs, not_found="put")
        config = self._validated_settings(fn, kwargs, require_one=True)
        config["LastModified"] = self._sim.now
        fn.event_invoke_configs[qualifier] = config
        return self._config_response(fn, qualifier)

    def update_function_event_invoke_config(self, **kwargs: Any) -> dict[str, Any]:
        """Change only the settings given; the others keep their values."""
        fn, qualifier = self._config_target(kwargs, not_found="put")
        existing = self._existing_config(fn, qualifier)
        changes = self._validated_settings(fn, kwargs, require_one=True)
        merged = {**existing, **{k: v for k, v in changes.items() if k != "DestinationConfig"}}
        if "DestinationConfig" in kwargs:
            given = kwargs["DestinationConfig"]
            merged["DestinationConfig"] = {
                which: changes["DestinationConfig"][which] if which in given
                else existing.get("DestinationConfig", {}).get(which, {})
                for which in ("OnSuccess", "OnFailure")
            }
        merged["LastModified"] = self._sim.now
        fn.event_invoke_configs[qualifier] = merged
        return self._config_response(fn, qualifier)

    def get_function_event_invoke_config(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, _QUALIFIED_SHAPE, required=("FunctionName",))
        fn, qualifier = self._config_target(kwargs, not_found="put", shape=_QUALIFIED_SHAPE)
        self._existing_config(fn, qualifier)
        return self._config_response(fn, qualifier)

    def delete_function_event_invoke_config(self, **kwargs: Any) -> dict[str, Any]:
        fn, qualifier = self._config_target(kwargs, not_found="put", shape=_QUALIFIED_SHAPE)
        self._existing_config(fn, qualifier)
        del fn.event_invoke_configs[qualifier]
        return _response(204)

    def list_function_event_invoke_configs(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, {"FunctionName": str, "Marker": str, "MaxItems": int}, required=("FunctionName",))
        max_items = kwargs.get("MaxItems", LIST_MAX_ITEMS[1])
        check_range(max_items, LIST_MAX_ITEMS, "maxItems")
        fn, _ = self._function({"FunctionName": kwargs["FunctionName"]}, not_found="put")
        qualifiers = sorted(fn.event_invoke_configs)
        marker = kwargs.get("Marker")
        start = 0
        if marker is not None:
            if marker not in qualifiers:
                raise InvalidParameterValueException(f"Invalid marker: {marker}")
            start = qualifiers.index(marker)
        page = qualifiers[start:start + max_items]
        body: dict[str, Any] = {"FunctionEventInvokeConfigs": [self._config_body(fn, q) for q in page]}
        if start + max_items < len(qualifiers):
            body["NextMarker"] = qualifiers[start + max_items]
        return _response(200, **body)

    # --- Function configuration, concurrency, versions and aliases -------------------------------
    def update_function_configuration(self, **kwargs: Any) -> dict[str, Any]:
        """Only the settings this simulator models: ``Timeout`` and ``DeadLetterConfig``."""
        params.check(kwargs, {"FunctionName": str, "Timeout": int, "DeadLetterConfig": {"TargetArn": str}},
                     required=("FunctionName",))
        fn = self._unqualified_function(kwargs)
        timeout = kwargs.get("Timeout")
        if timeout is not None:
            self._sim.check_timeout(timeout)
        target = kwargs.get("DeadLetterConfig", {}).get("TargetArn")
        if target:
            self._check_dead_letter_target(target)
        if timeout is not None:
            fn.latest = Code(fn.latest.behavior, timeout)
        if "DeadLetterConfig" in kwargs:
            fn.dead_letter_arn = target or None  # an empty TargetArn removes the DLQ
        return self.get_function_configuration(FunctionName=fn.name)

    def get_function_configuration(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, _QUALIFIED_SHAPE, required=("FunctionName",))
        fn, qualifier = self._function(kwargs, not_found="invoke")
        version, code = fn.resolve(qualifier)
        body: dict[str, Any] = {
            "FunctionName": fn.name,
            "FunctionArn": self._sim.arns.function(fn.name, None if qualifier == LATEST else version),
            "Timeout": code.timeout,
            "Version": version,
        }
        if fn.dead_letter_arn:
            body["DeadLetterConfig"] = {"TargetArn": fn.dead_letter_arn}
        return _response(200, **body)

    def put_function_concurrency(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, {"FunctionName": str, "ReservedConcurrentExecutions": int},
                     required=("FunctionName", "ReservedConcurrentExecutions"))
        fn = self._unqualified_function(kwargs)
        self._sim.set_reserved_concurrency(fn, kwargs["ReservedConcurrentExecutions"])
        return _response(200, ReservedConcurrentExecutions=fn.reserved_concurrency)

    def get_function_concurrency(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, {"FunctionName": str}, required=("FunctionName",))
        fn = self._unqualified_function(kwargs)
        body = {} if fn.reserved_concurrency is None else {"ReservedConcurrentExecutions": fn.reserved_concurrency}
        return _response(200, **body)

    def delete_function_concurrency(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, {"FunctionName": str}, required=("FunctionName",))
        fn = self._unqualified_function(kwargs)
        self._sim._reserved_total -= fn.reserved_concurrency or 0
        fn.reserved_concurrency = None
        return _response(204)

    def publish_version(self, **kwargs: Any) -> dict[str, Any]:
        """Freeze the current behaviour and timeout as the next numbered version."""
        params.check(kwargs, {"FunctionName": str, "Description": str}, required=("FunctionName",))
        fn = self._unqualified_function(kwargs)
        version = str(len(fn.versions) + 1)
        fn.versions[version] = fn.latest
        return _response(201, FunctionName=fn.name, FunctionArn=self._sim.arns.function(fn.name, version),
                         Version=version, Timeout=fn.latest.timeout)

    def create_alias(self, **kwargs: Any) -> dict[str, Any]:
        params.check(kwargs, {"FunctionName": str, "Name": str, "FunctionVersion": str, "Description": str},
                     required=("FunctionName", "Name", "FunctionVersion"))
        fn = self._unqualified_function(kwargs)
        name, version = kwargs["Name"], kwargs["FunctionVersion"]
        alias_pattern = r"(?!^[0-9]+$)([a-zA-Z0-9-_]+)"
        if not full_match(alias_pattern, name) or len(name) > 128:
            raise constraint_error(name, "name", f"Member must satisfy regular expression pattern: {alias_pattern}")
        if version != LATEST and version not in fn.versions:
            raise ResourceNotFoundException(f"Function not found: {self._sim.arns.function(fn.name, version)}")
        alias_arn = self._sim.arns.function(fn.name, name)
        if name in fn.aliases:
            raise ResourceConflictException(f"Alias already exists: {alias_arn}")
        fn.aliases[name] = version
        return _response(201, AliasArn=alias_arn, Name=name, FunctionVersion=version)

    # --- helpers ---------------------------------------------------------------------------------
    def _function(self, kwargs: dict[str, Any], not_found: str) -> tuple[Function, str]:
        """The function and qualifier a request names; 404 when either does not exist."""
        ref = parse_function_name(kwargs["FunctionName"])
        given = kwargs.get("Qualifier")
        if given is not None:
            low, high = QUALIFIER_LENGTH
            if not low <= len(given) <= high:
                raise constraint_error(given, "qualifier", f"Member must have length greater than or equal to {low}"
                                       if len(given) < low else f"Member must have length less than or equal to {high}")
            if not full_match(QUALIFIER_PATTERN, given):
                raise constraint_error(given, "qualifier",
                                       f"Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}")
            if ref.qualifier is not None and ref.qualifier != given:
                raise InvalidParameterValueException(
                    "The derived qualifier from the function name does not match the specified qualifier.")
        qualifier = given or ref.qualifier or LATEST
        fn = self._sim.functions.get(ref.name) if ref.belongs_to(self._sim.region, self._sim.account) else None
        if fn is None or not fn.has_qualifier(qualifier):
            if not_found == "put":
                raise ResourceNotFoundException("The function doesn't exist.")
            raise ResourceNotFoundException(f"Function not found: {self._sim.arns.function(ref.name, qualifier)}")
        return fn, qualifier

    def _unqualified_function(self, kwargs: dict[str, Any]) -> Function:
        ref = parse_function_name(kwargs["FunctionName"])
        if ref.qualifier not in (None, LATEST):
            # [SIM] these settings belong to the function as a whole, so a qualifier is refused.
            raise InvalidParameterValueException(
                f"{kwargs['FunctionName']} names a version or alias; this setting applies to the whole function.")
        fn, _ = self._function({"FunctionName": ref.name}, not_found="invoke")
        return fn

    def _config_target(self, kwargs: dict[str, Any], not_found: str,
                       shape: dict[str, params.Shape] = _EVENT_INVOKE_CONFIG_SHAPE) -> tuple[Function, str]:
        params.check(kwargs, shape, required=("FunctionName",))
        return self._function(kwargs, not_found)

    def _existing_config(self, fn: Function, qualifier: str) -> dict[str, Any]:
        config = fn.event_invoke_configs.get(qualifier)
        if config is None:
            raise ResourceNotFoundException(
                f"The function {self._sim.arns.function(fn.name, qualifier)} doesn't have an EventInvokeConfig")
        return config

    def _validated_settings(self, fn: Function, kwargs: dict[str, Any], require_one: bool) -> dict[str, Any]:
        """The settings of a put or update request, checked in the service's order."""
        settings: dict[str, Any] = {}
        if "MaximumRetryAttempts" in kwargs:
            settings["MaximumRetryAttempts"] = check_range(kwargs["MaximumRetryAttempts"], MAX_RETRY_ATTEMPTS,
                                                            "maximumRetryAttempts")
        if "MaximumEventAgeInSeconds" in kwargs:
            settings["MaximumEventAgeInSeconds"] = check_range(
                kwargs["MaximumEventAgeInSeconds"], MAX_EVENT_AGE_SECONDS, "maximumEventAgeInSeconds")
        destinations = kwargs.get("DestinationConfig")
        if destinations is not None:
            for which in ("OnSuccess", "OnFailure"):
                arn = destinations.get(which, {}).get("Destination")
                if arn is not None and (len(arn) > 350 or not full_match(DESTINATION_ARN_PATTERN, arn)):
                    raise constraint_error(arn, f"destinationConfig.{which[0].lower()}{which[1:]}.destination",
                                           f"Member must satisfy regular expression pattern: {DESTINATION_ARN_PATTERN}")
        if require_one and not settings and destinations is None:
            raise InvalidParameterValueException(
                "You must specify at least one of error handling or destination setting.")
        if destinations is not None:
            self._check_destinations(fn, destinations)
            settings["DestinationConfig"] = {
                which: ({"Destination": destinations[which]["Destination"]}
                        if destinations.get(which, {}).get("Destination") else {})
                for which in ("OnSuccess", "OnFailure")
            }
        return settings

    def _check_destinations(self, fn: Function, destinations: dict[str, Any]) -> None:
        """§5 "Rejected when saving the config": the function itself, a missing function, other services."""
        for which in ("OnSuccess", "OnFailure"):
            arn = destinations.get(which, {}).get("Destination")
            if not arn:
                continue
            parsed = parse_arn(arn)
            service = parsed.service if parsed else ""
            if service == "lambda":
                found = self._sim._find_function(arn)
                if parsed is not None and parsed.name == fn.name:
                    raise InvalidParameterValueException(
                        "You can't specify the function as a destination for itself.")
                if found is None:
                    raise InvalidParameterValueException(f"The destination ARN {arn} is invalid.")
            elif service not in DESTINATION_SERVICES[which]:
                raise InvalidParameterValueException(
                    f"The provided destination config {_destination_config_text(destinations)} is invalid.")

    def _check_dead_letter_target(self, target: str) -> None:
        if not full_match(RESOURCE_ARN_PATTERN, target):
            raise constraint_error(target, "deadLetterConfig.targetArn",
                                   f"Member must satisfy regular expression pattern: {RESOURCE_ARN_PATTERN}")
        parsed = parse_arn(target)
        if parsed is None or parsed.service not in DEAD_LETTER_SERVICES:
            # [SIM] AWS's exact wording for a non-SQS/SNS dead-letter target is not documented.
            raise InvalidParameterValueException(
                f"The provided dead-letter target {target} is invalid: it must be an Amazon SQS queue or an "
                "Amazon SNS topic.")

    def _config_body(self, fn: Function, qualifier: str) -> dict[str, Any]:
        config = fn.event_invoke_configs[qualifier]
        body: dict[str, Any] = {
            "LastModified": self._sim.timestamp(config["LastModified"]),
            "FunctionArn": self._sim.arns.function(fn.name, qualifier),
        }
        for key in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
            if key in config:
                body[key] = config[key]
        body["DestinationConfig"] = config.get("DestinationConfig", {"OnSuccess": {}, "OnFailure": {}})
        return body

    def _config_response(self, fn: Function, qualifier: str) -> dict[str, Any]:
        return _response(200, **self._config_body(fn, qualifier))


def _destination_config_text(destinations: dict[str, Any]) -> str:
    """AWS echoes the config in Java's toString style in this message (§5)."""
    def side(which: str) -> str:
        arn = destinations.get(which, {}).get("Destination")
        return f"{which}(destination={arn})" if arn else "null"

    return f"DestinationConfig(onSuccess={side('OnSuccess')}, onFailure={side('OnFailure')})"


def _payload_bytes(payload: Any) -> bytes:
    if isinstance(payload, str):
        return payload.encode()
    if isinstance(payload, bytes | bytearray):
        return bytes(payload)
    data = payload.read()
    return data.encode() if isinstance(data, str) else bytes(data)


def _parse_payload(raw: bytes) -> tuple[Any, str]:
    """An empty payload reaches the function as ``{}``; anything else must be JSON."""
    if not raw.strip():
        return {}, "{}"
    try:
        text = raw.decode()
        return json.loads(text), text
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidRequestContentException(
            f"Could not parse request body into json: Could not parse payload into json: {error}") from None


def _too_large_message(size: int, invocation_type: str, limit: int) -> str:
    if invocation_type == "Event":
        return f"{size} byte payload is too large for the Event invocation type (limit {limit} bytes)"
    return f"Request must be smaller than {limit} bytes for the InvokeFunction operation"


def _log_tail(request_id: str, version: str, duration: float, error_type: str | None) -> str:
    """The last lines of a run's log, base64-encoded as in ``X-Amz-Log-Result``."""
    billed = max(1, round(duration * 1000))
    status = f"\tStatus: error\tError Type: {error_type}" if error_type else ""
    log = (f"START RequestId: {request_id} Version: {version}\n"
           f"END RequestId: {request_id}\n"
           f"REPORT RequestId: {request_id}\tDuration: {duration * 1000:.2f} ms\tBilled Duration: {billed} ms"
           f"\tMemory Size: 128 MB\tMax Memory Used: 40 MB{status}\n")
    return base64.b64encode(log.encode()[-4096:]).decode()


def _response(status: int, request_id: str = "", **body: Any) -> dict[str, Any]:
    """A boto3-style response: the body's keys plus ResponseMetadata."""
    headers = {"x-amzn-requestid": request_id} if request_id else {}
    return {"ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": status, "HTTPHeaders": headers},
            **body}
