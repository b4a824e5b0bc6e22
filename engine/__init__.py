"""The simulated AWS Lambda engine: pure Python, virtual time, deterministic for a seed.

Public surface (../shared/DESIGN.md): ``Simulator``, ``Behavior``, ``AwsError``; plus ``Scenario`` and
``Outcome`` for a whole learner configuration.
"""

from .behavior import Behavior
from .errors import AwsError
from .history import AsyncResult, Invocation, Step
from .resources import Delivery, DeliveryFailure
from .simulator import Simulator

__all__ = [
    "AsyncResult",
    "AwsError",
    "Behavior",
    "Delivery",
    "DeliveryFailure",
    "Invocation",
    "Simulator",
    "Step",
]
