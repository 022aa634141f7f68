"""Exceptions raised by the swarmrec client.

Every failure is a :class:`SwarmrecError`. An error answered by the server carries the server's stable
``code`` (for example ``invalid_k``, ``unknown_algo``, ``overloaded``), its one-line ``message`` and the HTTP
``status``; the subclass follows the status, so callers can catch a family (``except NotFoundError``) or
look at ``code`` for the exact reason. Failures of the connection itself carry ``status = None``.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "SwarmrecError",
    "BadRequestError",
    "UnauthorizedError",
    "ForbiddenError",
    "NotFoundError",
    "MethodNotAllowedError",
    "PayloadTooLargeError",
    "OverloadedError",
    "UnavailableError",
    "ServerError",
    "ConnectionFailedError",
    "ProtocolError",
    "error_for_status",
]


class SwarmrecError(Exception):
    """Base of every client error.

    Attributes:
        status: the HTTP status of the answer, or ``None`` when no answer came (connection failures).
        code: the server's machine-readable error code (``{"error": {"code": ...}}``), or a client-side
            code such as ``connection_failed`` / ``invalid_response``.
        message: the server's one-line message (or the client's description).
        method, path: the request that failed.
        retry_after: the Retry-After the server sent, in seconds, when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: Optional[int] = None,
        method: str = "",
        path: str = "",
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.method = method
        self.path = path
        self.retry_after = retry_after

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method else ""
        status = f"{self.status} " if self.status is not None else ""
        return f"{status}{self.code}: {self.message}{where}"

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
                f"message={self.message!r})")


class BadRequestError(SwarmrecError):
    """400: the request is invalid (``invalid_json``, ``invalid_event``, ``invalid_k``, ``unknown_algo``...)."""


class UnauthorizedError(SwarmrecError):
    """401: an admin endpoint was called without ``Authorization: Bearer <token>``."""


class ForbiddenError(SwarmrecError):
    """403: the admin token is wrong."""


class NotFoundError(SwarmrecError):
    """404: no such route (``not_found``), item (``unknown_item``) or user (``unknown_user``)."""


class MethodNotAllowedError(SwarmrecError):
    """405: the path exists but not with this method (often: the server is older than the client)."""


class PayloadTooLargeError(SwarmrecError):
    """413: body over ``max-body-bytes`` (``body_too_large``) or batch over its limit (``batch_too_large``)."""


class OverloadedError(SwarmrecError):
    """429: too many requests in flight (``overloaded``); raised once the client's retries are used up."""


class UnavailableError(SwarmrecError):
    """503: not ready yet (``not_ready``) or a dependency is down; raised once retries are used up."""


class ServerError(SwarmrecError):
    """Any other 5xx answer (``internal``)."""


class ConnectionFailedError(SwarmrecError):
    """No answer: the connection was refused, reset or timed out (after the bounded retries)."""


class ProtocolError(SwarmrecError):
    """The server answered something the client cannot read (not JSON where JSON was expected)."""


_BY_STATUS: Dict[int, Type[SwarmrecError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    413: PayloadTooLargeError,
    429: OverloadedError,
    503: UnavailableError,
}


def error_for_status(status: int) -> Type[SwarmrecError]:
    """The exception class for an HTTP error status."""
    cls = _BY_STATUS.get(status)
    if cls is not None:
        return cls
    return ServerError if status >= 500 else SwarmrecError
