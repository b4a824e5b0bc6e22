"""Amazon Resource Names: building them, and reading function names the way the Lambda API does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import constraint_error
from .limits import FUNCTION_NAME_MAX, NAMESPACED_FUNCTION_NAME_MAX

LATEST = "$LATEST"

# The Lambda API model's patterns (botocore service-2.json), matched in full as the service does.
NAMESPACED_FUNCTION_NAME_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?"
    r"(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?"
)
DESTINATION_ARN_PATTERN = (
    r"$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:"
    r"((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)"
)
RESOURCE_ARN_PATTERN = r"(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()"
#: NumericLatestPublishedOrAliasQualifier, the Qualifier of Invoke, GetFunctionConfiguration and the
#: event invoke config operations (1-128 characters).
QUALIFIER_PATTERN = r"\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+"

_FUNCTION_NAME = re.compile(
    r"(?:arn:aws[a-zA-Z-]*:lambda:)?(?:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):)?(?:(?P<account>\d{12}):)?"
    r"(?:function:)?(?P<name>[a-zA-Z0-9\-_.]+)(?::(?P<qualifier>\$LATEST|[a-zA-Z0-9\-_]+))?"
)


@dataclass(frozen=True, slots=True)
class Arn:
    """The parts of an ARN that decide where a delivery goes."""

    service: str
    region: str
    account: str
    resource: str

    @property
    def name(self) -> str:
        """The resource's name: a queue, topic, bucket, bus or function name."""
        if self.service == "events":
            return self.resource.removeprefix("event-bus/")
        if self.service == "lambda":
            return self.resource.split(":")[1] if ":" in self.resource else self.resource
        return self.resource


@lru_cache(maxsize=1024)
def parse_arn(arn: str) -> Arn | None:
    """Split ``arn:partition:service:region:account:resource``; None when it is not an ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return Arn(service=parts[2], region=parts[3], account=parts[4], resource=parts[5])


def full_match(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


@dataclass(frozen=True, slots=True)
class FunctionRef:
    """A FunctionName parameter read as the Lambda API reads it: a name plus an optional qualifier."""

    name: str
    qualifier: str | None
    region: str | None = None
    account: str | None = None

    def belongs_to(self, region: str, account: str) -> bool:
        """Whether an ARN's region and account (when given) are this simulated account's."""
        return self.region in (None, region) and self.account in (None, account)


@lru_cache(maxsize=1024)
def parse_function_name(value: str, member: str = "functionName") -> FunctionRef:
    """Accept a name, ``name:qualifier``, a full ARN or a partial ARN, as Lambda does.

    Raises ValidationException for a value outside the model's pattern or length, like the service.
    """
    if not NAMESPACED_FUNCTION_NAME_MAX >= len(value) >= 1 or not full_match(
        NAMESPACED_FUNCTION_NAME_PATTERN, value
    ):
        raise constraint_error(
            value,
            member,
            "Member must satisfy regular expression pattern: " + NAMESPACED_FUNCTION_NAME_PATTERN
            if value
            else "Member must have length greater than or equal to 1",
        )
    match = _FUNCTION_NAME.fullmatch(value)
    if match is None:  # the model's pattern is looser than ours in corners such as `$LATEST.PUBLISHED`
        raise constraint_error(value, member, "Member must satisfy regular expression pattern: "
                               + NAMESPACED_FUNCTION_NAME_PATTERN)
    name = match["name"]
    if len(name) > FUNCTION_NAME_MAX:
        raise constraint_error(value, member, f"Member must have length less than or equal to {FUNCTION_NAME_MAX}")
    return FunctionRef(name=name, qualifier=match["qualifier"], region=match["region"], account=match["account"])


class ArnBuilder:
    """Builds the ARNs of one simulated account and region."""

    __slots__ = ("account", "region")

    def __init__(self, region: str, account: str) -> None:
        self.region = region
        self.account = account

    def function(self, name: str, qualifier: str | None = None) -> str:
        base = f"arn:aws:lambda:{self.region}:{self.account}:function:{name}"
        return f"{base}:{qualifier}" if qualifier else base

    def queue(self, name: str) -> str:
        return f"arn:aws:sqs:{self.region}:{self.account}:{name}"

    def topic(self, name: str) -> str:
        return f"arn:aws:sns:{self.region}:{self.account}:{name}"

    def event_bus(self, name: str) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:event-bus/{name}"

    @staticmethod
    def bucket(name: str) -> str:
        return f"arn:aws:s3:::{name}"
