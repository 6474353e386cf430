"""The one shape of a service's refusal: a ``code`` that keys the message catalog, and the
``params`` its sentence needs. Services raise it (or a subclass naming their area); the
handler or the CLI turns it into words in the user's language."""

from __future__ import annotations

from typing import Any


class CodedError(Exception):
    """A request that cannot be done; ``code`` says why, ``params`` fill the sentence."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")
