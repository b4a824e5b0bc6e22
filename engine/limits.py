"""Every number AWS Lambda enforces that the simulator needs, written once, with its source.

Sources are the sections of ../shared/AWS_FACTS.md (§N) and the Lambda API model in botocore
(``data/lambda/2015-03-31/service-2.json``).
"""

from __future__ import annotations

# §3 / §8, model shapes MaximumRetryAttempts and MaximumEventAgeInSeconds.
MAX_RETRY_ATTEMPTS = (0, 2)
DEFAULT_MAX_RETRY_ATTEMPTS = 2
MAX_EVENT_AGE_SECONDS = (60, 21_600)
DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600

# S1: retry delays after a failed attempt ends (AWS: "about 1 minute", then "about 2 minutes").
RETRY_DELAYS_SECONDS = (60.0, 120.0)
# S2: throttle backoff, 1 s doubling, capped at 5 minutes.
THROTTLE_BACKOFF_FIRST_SECONDS = 1.0
THROTTLE_BACKOFF_MAX_SECONDS = 300.0

# S9 / §8: payload limits in bytes; a payload exactly at the limit passes.
SYNC_PAYLOAD_LIMIT_BYTES = 6_291_456
ASYNC_PAYLOAD_LIMIT_BYTES = 1_048_576

# Delivery limits of the target services (§6, S15; BLOG-1MB raised SQS and EventBridge to 1 MB).
SNS_MESSAGE_LIMIT_BYTES = 262_144
SQS_MESSAGE_LIMIT_BYTES = 1_048_576
EVENTBRIDGE_ENTRY_LIMIT_BYTES = 1_048_576
# §7: a DLQ message's ErrorMessage attribute holds the first 1 KB of the error message.
DLQ_ERROR_MESSAGE_LIMIT_BYTES = 1_024

# Function timeout: 1-900 s for standard functions
# (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html; the model's 5,400 s maximum
# applies to Lambda Managed Instances, which this simulator does not model). Default 3 s.
FUNCTION_TIMEOUT_SECONDS = (1, 900)
DEFAULT_FUNCTION_TIMEOUT_SECONDS = 3

# §4: the account keeps at least 100 concurrent executions unreserved; 1,000 is the default quota
# (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
DEFAULT_ACCOUNT_CONCURRENCY = 1_000
MIN_UNRESERVED_CONCURRENCY = 100

# §8: ListFunctionEventInvokeConfigs MaxItems.
LIST_MAX_ITEMS = (1, 50)
# §8 / model NamespacedFunctionName: 256 characters for an ARN, 64 for a bare name.
FUNCTION_NAME_MAX = 64
NAMESPACED_FUNCTION_NAME_MAX = 256
DESTINATION_ARN_MAX = 350
# Model NumericLatestPublishedOrAliasQualifier: a Qualifier has 1-128 characters.
QUALIFIER_LENGTH = (1, 128)

# §10 / S18: recursive loop detection stops a request chain after 16 invocations of one function.
RECURSION_LIMIT = 16
