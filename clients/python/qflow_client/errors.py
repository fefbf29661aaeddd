"""Typed exceptions for the gRPC status codes a qflow server answers with.

Every failed call raises a `QflowError` subclass named after its status code, carrying the server's `code`
(a `grpc.StatusCode`) and `message`. The same classes are raised for per-request errors on StepStream, whose
`StepError.code` uses google.rpc.Code numbering.
"""
import grpc


class QflowError(Exception):
    """A call the server (or the connection to it) refused. `code` is a grpc.StatusCode, `message` its text."""

    code = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str, code: grpc.StatusCode = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


class CancelledError(QflowError):
    code = grpc.StatusCode.CANCELLED


class UnknownError(QflowError):
    code = grpc.StatusCode.UNKNOWN


class InvalidArgumentError(QflowError, ValueError):
    """Malformed request: unknown env id or task, wrong action shape or dtype, NaN/Inf, bad env index, ..."""
    code = grpc.StatusCode.INVALID_ARGUMENT


class DeadlineExceededError(QflowError, TimeoutError):
    code = grpc.StatusCode.DEADLINE_EXCEEDED


class NotFoundError(QflowError, LookupError):
    """Unknown, closed or expired session (or one from an earlier server run); unknown dataset."""
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExistsError(QflowError):
    code = grpc.StatusCode.ALREADY_EXISTS


class PermissionDeniedError(QflowError):
    code = grpc.StatusCode.PERMISSION_DENIED


class ResourceExhaustedError(QflowError):
    """The server holds its maximum of sessions or env memory, or a message exceeds the size limit."""
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class FailedPreconditionError(QflowError):
    """Stepping an env that was never reset, or whose episode ended with auto-reset off."""
    code = grpc.StatusCode.FAILED_PRECONDITION


class AbortedError(QflowError):
    code = grpc.StatusCode.ABORTED


class OutOfRangeError(QflowError):
    code = grpc.StatusCode.OUT_OF_RANGE


class UnimplementedError(QflowError, NotImplementedError):
    code = grpc.StatusCode.UNIMPLEMENTED


class InternalError(QflowError):
    code = grpc.StatusCode.INTERNAL


class UnavailableError(QflowError, ConnectionError):
    """The server is shutting down, unreachable, or has no env worker free for the moment."""
    code = grpc.StatusCode.UNAVAILABLE


class DataLossError(QflowError):
    """Corrupt data: an unreadable dataset file, or a streamed chunk whose SHA-256 does not match."""
    code = grpc.StatusCode.DATA_LOSS


class UnauthenticatedError(QflowError):
    """Missing or wrong bearer token."""
    code = grpc.StatusCode.UNAUTHENTICATED


class EpisodesLostError(QflowError):
    """A step's answer was lost with its stream after the server had applied it, or the session itself was lost.

    The episodes cannot go on honestly; the env is usable again after `reset()`. `env_indices` names them.
    """

    def __init__(self, message: str, env_indices):
        super().__init__(message, grpc.StatusCode.ABORTED)
        self.env_indices = list(env_indices)


ERROR_CLASSES = {
    cls.code: cls
    for cls in (
        CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError, AlreadyExistsError,
        PermissionDeniedError, ResourceExhaustedError, FailedPreconditionError, AbortedError, OutOfRangeError,
        UnimplementedError, InternalError, UnavailableError, DataLossError, UnauthenticatedError,
    )
}
_BY_NUMBER = {code.value[0]: code for code in grpc.StatusCode}


def error_for_code(code: grpc.StatusCode, message: str) -> QflowError:
    cls = ERROR_CLASSES.get(code, UnknownError)
    return cls(message, code)


def error_for_number(number: int, message: str) -> QflowError:
    """The exception for a google.rpc.Code number (StepStream's StepError.code)."""
    return error_for_code(_BY_NUMBER.get(number, grpc.StatusCode.UNKNOWN), message)


def from_rpc_error(err: grpc.RpcError, context: str = "") -> QflowError:
    """The typed exception for a failed call (grpc.RpcError carries code() and details())."""
    code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
    details = (err.details() if hasattr(err, "details") else None) or str(err)
    return error_for_code(code, f"{context}: {details}" if context else details)
