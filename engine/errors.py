"""AWS-shaped errors: the code, HTTP status and message a boto3 caller would see.

Each subclass is named exactly as the AWS error code on the wire, so ``lam.exceptions.TooManyRequestsException``
works like boto3's generated exception classes. Where the SDK's name differs from the wire code (the 413 is
``RequestEntityTooLargeException`` on the wire and ``RequestTooLargeException`` in boto3, AWS_FACTS §8), both
names work.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .limits import MIN_UNRESERVED_CONCURRENCY


class AwsError(Exception):
    """An error response from the simulated AWS API (the analogue of botocore's ClientError)."""

    code: ClassVar[str] = "ServiceException"
    status: ClassVar[int] = 500

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        #: Extra fields AWS puts in the error body, e.g. ``Reason`` and ``Type`` on a 429.
        self.extra = extra

    @property
    def response(self) -> dict[str, Any]:
        """The error in botocore's ``ClientError.response`` shape."""
        return {
            "Error": {"Code": self.code, "Message": self.message},
            "ResponseMetadata": {"HTTPStatusCode": self.status},
            **self.extra,
        }

    def __str__(self) -> str:
        return f"An error occurred ({self.code}): {self.message}"


class ServiceException(AwsError):
    code, status = "ServiceException", 500


class InvalidParameterValueException(AwsError):
    code, status = "InvalidParameterValueException", 400


class ValidationException(AwsError):
    code, status = "ValidationException", 400


class ParamValidationError(AwsError):
    """A request boto3 itself refuses before sending it (wrong type, unknown or missing parameter).

    botocore raises ``ParamValidationError`` on the client; the simulator keeps one error family so the
    UI can show every refusal the same way.
    """

    code, status = "ParamValidationError", 400


class ResourceNotFoundException(AwsError):
    code, status = "ResourceNotFoundException", 404


class ResourceConflictException(AwsError):
    code, status = "ResourceConflictException", 409


class RequestEntityTooLargeException(AwsError):
    code, status = "RequestEntityTooLargeException", 413


class UnsupportedMediaTypeException(AwsError):
    code, status = "UnsupportedMediaTypeException", 415


class InvalidRequestContentException(AwsError):
    code, status = "InvalidRequestContentException", 400


class TooManyRequestsException(AwsError):
    code, status = "TooManyRequestsException", 429


class RecursiveInvocationException(AwsError):
    code, status = "RecursiveInvocationException", 400


ERROR_CLASSES: dict[str, type[AwsError]] = {
    cls.code: cls
    for cls in (
        ServiceException,
        InvalidParameterValueException,
        ValidationException,
        ParamValidationError,
        ResourceNotFoundException,
        ResourceConflictException,
        RequestEntityTooLargeException,
        UnsupportedMediaTypeException,
        InvalidRequestContentException,
        TooManyRequestsException,
        RecursiveInvocationException,
    )
}


#: boto3's names for errors whose SDK class is not named as the wire code.
SDK_NAMES: dict[str, type[AwsError]] = {"RequestTooLargeException": RequestEntityTooLargeException}


class Exceptions:
    """``lam.exceptions.<Code>`` like boto3's client.exceptions."""

    def __getattr__(self, code: str) -> type[AwsError]:
        try:
            return ERROR_CLASSES.get(code) or SDK_NAMES[code]
        except KeyError:
            raise AttributeError(code) from None

    ClientError = AwsError


def constraint_error(value: Any, member: str, constraint: str) -> ValidationException:
    """AWS's wording for a value that breaks the API model (S10)."""
    return ValidationException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
    )


def check_range(value: int, bounds: tuple[int, int], member: str) -> int:
    """A setting the API model bounds: AWS's constraint message when it is outside (S10)."""
    low, high = bounds
    if value < low:
        raise constraint_error(value, member, f"Member must have value greater than or equal to {low}")
    if value > high:
        raise constraint_error(value, member, f"Member must have value less than or equal to {high}")
    return value


def check_reserved_concurrency(value: int, unreserved_without_it: int) -> int:
    """PutFunctionConcurrency's checks (§4): 0 or more, and 100 concurrent executions left unreserved."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise constraint_error(value, "reservedConcurrentExecutions",
                               "Member must have value greater than or equal to 0")
    check_unreserved(unreserved_without_it - value)
    return value


def check_unreserved(unreserved_after: int) -> None:
    """§4: reserving concurrency must leave the account at least MIN_UNRESERVED_CONCURRENCY unreserved."""
    if unreserved_after < MIN_UNRESERVED_CONCURRENCY:
        raise InvalidParameterValueException(
            "Specified ReservedConcurrentExecutions for function decreases account's "
            f"UnreservedConcurrentExecution below its minimum value of [{MIN_UNRESERVED_CONCURRENCY}].")
