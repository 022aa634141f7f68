"""Python client of swarmrec, the recommendation engine for platforms and agent simulations.

Standard library only. Start with :class:`Client`; the OASIS adapter is :mod:`swarmrec.oasis`.
"""

__version__ = "0.1.0"

from .client import Client  # noqa: E402
from .errors import (BadRequestError, ConnectionFailedError, ForbiddenError, MethodNotAllowedError,  # noqa: E402
                     NotFoundError, OverloadedError, PayloadTooLargeError, ProtocolError, ServerError,
                     SwarmrecError, UnauthorizedError, UnavailableError)
from .models import (ErrorInfo, Event, EventType, FeedRules, Follow, IngestResult, ModelInfo, Post,  # noqa: E402
                     Recommendations, Scored, ScoredList, UserProfile)

__all__ = [
    "__version__",
    "Client",
    "SwarmrecError", "BadRequestError", "UnauthorizedError", "ForbiddenError", "NotFoundError",
    "MethodNotAllowedError", "PayloadTooLargeError", "OverloadedError", "UnavailableError", "ServerError",
    "ConnectionFailedError", "ProtocolError",
    "Event", "EventType", "Post", "UserProfile", "Follow", "FeedRules",
    "Scored", "ErrorInfo", "Recommendations", "ScoredList", "ModelInfo", "IngestResult",
]
