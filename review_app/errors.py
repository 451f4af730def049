"""The small exception hierarchy of review_app.

Every error a user can cause is a :class:`ReviewAppError`; the CLI turns it into one line on stderr and a
non-zero exit, the app into an ``st.error`` box. Messages say what is wrong, where (file, line, unit) and
how to fix it.
"""

from __future__ import annotations

from typing import Any


class ReviewAppError(Exception):
    """Base class: an error the user can understand and act on."""

    exit_code = 1


class InputError(ReviewAppError):
    """A file or value the user gave cannot be used (names the file, line/unit and the fix)."""

    exit_code = 2


class EncodingError(InputError):
    """A text file is not in the expected encoding."""


class NotFoundError(ReviewAppError):
    """A project, document or segment does not exist."""


class ConflictError(ReviewAppError):
    """Optimistic-locking failure: somebody else saved the segment first.

    Carries the current state so the UI can show both texts and let the user merge.
    """

    def __init__(
        self,
        message: str,
        *,
        segment_key: str,
        current_text: str | None,
        current_version: int,
        current_status: str | None = None,
        updated_by: str | None = None,
    ) -> None:
        super().__init__(message)
        self.segment_key = segment_key
        self.current_text = current_text
        self.current_version = current_version
        self.current_status = current_status
        self.updated_by = updated_by

    def as_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment_key,
            "current_text": self.current_text,
            "current_version": self.current_version,
            "current_status": self.current_status,
            "updated_by": self.updated_by,
        }


class PermissionDenied(ReviewAppError):
    """The acting user's role does not allow this action."""


class InvalidTransition(ReviewAppError):
    """A status change that the workflow does not allow (e.g. approving an empty target)."""


class StoreError(ReviewAppError):
    """The database cannot be reached or is not usable."""


class EngineError(ReviewAppError):
    """A machine-translation engine failed."""


class QuotaExceeded(EngineError):
    """The engine's character quota is used up (DeepL HTTP 456)."""


class EngineAuthError(EngineError):
    """The engine rejected the credentials (DeepL HTTP 403, OpenAI 401)."""


class EngineUnavailable(EngineError):
    """The engine cannot be reached (network down, connection refused, repeated 429/5xx)."""
