"""Hugging Face Papers, asked politely: the lookup's only way to the network.

``PapersClient`` asks through ``huggingface_hub``'s ``HfApi`` (``paper_info`` and
``list_papers``), which honours ``HF_ENDPOINT``. Requests go at a steady pace (``rate`` per
second), each with a timeout, and are retried with exponential backoff on connection errors,
timeouts and 5xx answers; an answer with ``Retry-After`` (a 429, a 503) waits as long as it
says. A 404 is an answer (the paper is unknown); other refusals, and failures that outlast the
tries, raise ``SourceFailure``, whose text names the endpoint and the reason in one line.
"""

from __future__ import annotations

import http
import importlib
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import huggingface_hub
from huggingface_hub import HfApi, constants, set_client_factory
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.hf_api import PaperInfo
# The library's own client factory, so a client with a timeout keeps its hooks (offline mode, request ids).
from huggingface_hub.utils._http import default_client_factory

from . import __version__

# huggingface_hub 1.x sends its requests through httpx, 2.x through httpx2: one API, two names.
httpx = importlib.import_module("httpx2" if int(huggingface_hub.__version__.split(".")[0]) >= 2 else "httpx")

SEARCH_LIMIT = 10
MAX_RETRY_AFTER = 120.0  # seconds; a source that asks for longer is asked again on another run
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ERRNO_RE = re.compile(r"^\[Errno -?\d+\]\s*")
Answer = TypeVar("Answer")


@dataclass(frozen=True, slots=True)
class Pace:
    """How politely to ask: requests per second, tries per request, seconds to wait for an
    answer, and the first wait before a retry (doubled at each further one)."""

    rate: float = 2.0
    tries: int = 4
    timeout: float = 10.0
    backoff: float = 1.0


class SourceFailure(Exception):
    """The source cannot be asked any more in this run (``str()`` says why, naming it)."""


class PaperNotFound(Exception):
    """The source does not know the paper asked for (it answered 404)."""


class BadAnswer(Exception):
    """The source answered something that is not what its API promises."""


class PapersClient:
    """Hugging Face Papers through ``HfApi``, asked at a steady pace and retried when the network fails."""

    def __init__(self, endpoint: str, pace: Pace) -> None:
        self.endpoint = endpoint
        self.pace = pace
        # No token: the papers API is public, and a stored token has no business being sent.
        self.api = HfApi(endpoint=endpoint, token=False, library_name="paper-catalog", library_version=__version__)
        self.next_request = 0.0

    def paper(self, arxiv_id: str) -> PaperInfo | None:
        """Return the paper with this arXiv id, or None when the source does not know it."""
        try:
            return self.request(lambda: self.api.paper_info(arxiv_id))
        except PaperNotFound:
            return None

    def search(self, title: str) -> list[PaperInfo]:
        """Return the source's search results for a title, best first."""
        try:
            return self.request(lambda: list(self.api.list_papers(query=title, limit=SEARCH_LIMIT, token=False)))
        except PaperNotFound:
            return []

    def request(self, call: Callable[[], Answer]) -> Answer:
        """Make one call, at the pace, retrying what a retry may cure; a 404 is ``PaperNotFound``."""
        failure = ""
        for attempt in range(1, self.pace.tries + 1):
            self.wait_turn()
            wait = None
            try:
                return call()
            except HfHubHTTPError as error:
                status = error.response.status_code
                if status == 404:
                    raise PaperNotFound(status) from None
                if status not in RETRIED_STATUSES:
                    raise SourceFailure(f"{self.endpoint} refused the request: {status_text(status)}") from None
                wait = retry_after(error.response.headers)
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise SourceFailure(f"{self.endpoint} answered {status_text(status)} and asks to wait "
                                        f"{wait:g} s") from None
                failure = f"{self.endpoint} answered {status_text(status)} {attempt} times"
            except OfflineModeIsEnabled:
                raise SourceFailure(f"cannot reach {self.endpoint}: offline mode is on (HF_HUB_OFFLINE)") from None
            except httpx.TransportError as error:
                failure = f"cannot reach {self.endpoint}: {self.describe(error)}"
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                # Raised while huggingface_hub reads the answer: not JSON, or not shaped like a paper.
                raise BadAnswer(f"{type(error).__name__}: {error}") from None
            if attempt < self.pace.tries:
                time.sleep(wait if wait is not None else self.pace.backoff * 2 ** (attempt - 1))
        raise SourceFailure(failure)

    def wait_turn(self) -> None:
        """Sleep until the pace allows the next request."""
        now = time.monotonic()
        if now < self.next_request:
            time.sleep(self.next_request - now)
        self.next_request = max(now, self.next_request) + 1 / self.pace.rate

    def describe(self, error: Exception) -> str:
        """Say in a few words why a request got no answer."""
        if isinstance(error, httpx.TimeoutException):
            return f"no answer within {self.pace.timeout:g} s"
        return ERRNO_RE.sub("", str(error)).rstrip(".") or type(error).__name__


def status_text(status: int) -> str:
    """Return ``503 Service Unavailable`` for 503."""
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Return the seconds a ``Retry-After`` header asks to wait, when it gives seconds."""
    value = str(headers.get("retry-after", "")).strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the usual backoff does instead


@contextmanager
def quiet_session(seconds: float) -> Iterator[None]:
    """Ask through huggingface_hub with a timeout (by default its client waits forever) and without
    its telemetry, which would fetch a registry of AI agents from the endpoint, off our pace, and
    cache it in the user's home: the run asks only what it needs and writes only the lookup file."""

    def make_client():
        client = default_client_factory()
        client.timeout = httpx.Timeout(seconds)
        return client

    telemetry_off = constants.HF_HUB_DISABLE_TELEMETRY
    constants.HF_HUB_DISABLE_TELEMETRY = True
    set_client_factory(make_client)
    try:
        yield
    finally:
        set_client_factory(default_client_factory)
        constants.HF_HUB_DISABLE_TELEMETRY = telemetry_off
