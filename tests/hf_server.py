"""A local stand-in for the Hugging Face Papers API, for the lookup's tests.

It speaks the two routes ``HfApi`` asks (``GET /api/papers/search?q=&limit=`` and
``GET /api/papers/<id>``) in the shapes the real API answers and ``huggingface_hub``'s
``PaperInfo`` parses: a search result nests the paper under ``"paper"`` with the title beside
it, a paper page is the paper itself. It can misbehave on purpose, for the next requests it
gets: answer 429 with ``Retry-After`` or 503, stall past the client's timeout, close the
connection without an answer, answer a page that is not JSON, or go down for good after some
answers. It counts every request it gets.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

SEARCH_PATH = "/api/papers/search"
PAPER_PREFIX = "/api/papers/"


@dataclass(frozen=True, slots=True)
class FakePaper:
    """A paper the stand-in knows, with the facts the real API gives."""

    id: str
    title: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    published: str = "2024-01-15T17:59:59.000Z"
    upvotes: int = 0
    github_repo: str | None = None
    project_page: str | None = None

    def page(self) -> dict:
        """Return the paper as ``/api/papers/<id>`` answers it."""
        data = {
            "id": self.id, "title": self.title, "summary": self.summary, "upvotes": self.upvotes,
            "authors": [{"_id": f"a{index}", "name": name, "hidden": False} for index, name in enumerate(self.authors)],
            "publishedAt": self.published, "discussionId": f"d{self.id}", "ai_keywords": [],
        }
        if self.github_repo:
            data["githubRepo"] = self.github_repo
        if self.project_page:
            data["projectPage"] = self.project_page
        return data

    def search_result(self) -> dict:
        """Return the paper as one item of ``/api/papers/search`` answers it: nested, title beside."""
        return {"paper": self.page(), "title": self.title, "summary": self.summary,
                "publishedAt": "2024-01-16T08:00:00.000Z", "numComments": 1, "thumbnail": "",
                "isAuthorParticipating": False}


class PapersServer:
    """The stand-in: a real HTTP server on 127.0.0.1, in a thread, knowing some papers."""

    def __init__(self, papers: tuple[FakePaper, ...] = ()) -> None:
        self.papers = {paper.id: paper for paper in papers}
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.faults: list[tuple[str, float]] = []
        self.answers_left: int | None = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.running = False

    @property
    def endpoint(self) -> str:
        """Return the address to give ``HF_ENDPOINT``."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> PapersServer:
        """Start serving in the background."""
        self.thread.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stop serving and close the port, so the next connection is refused."""
        if self.running:
            self.running = False
            self.server.shutdown()
        self.server.server_close()

    def rate_limit(self, count: int, retry_after: float, after: int = 0) -> None:
        """Answer ``count`` requests (after ``after`` good ones) 429 Too Many Requests with ``Retry-After``."""
        self.misbehave("429", count, retry_after, after)

    def stall(self, count: int, seconds: float, after: int = 0) -> None:
        """Wait ``seconds`` before answering ``count`` requests (after ``after`` good ones)."""
        self.misbehave("stall", count, seconds, after)

    def drop(self, count: int, after: int = 0) -> None:
        """Close the connection of ``count`` requests (after ``after`` good ones) without an answer."""
        self.misbehave("drop", count, 0.0, after)

    def fail(self, count: int, after: int = 0) -> None:
        """Answer ``count`` requests (after ``after`` good ones) 503 Service Unavailable, no ``Retry-After``."""
        self.misbehave("503", count, 0.0, after)

    def garble(self, count: int, after: int = 0) -> None:
        """Answer ``count`` requests (after ``after`` good ones) 200 with a page that is not JSON."""
        self.misbehave("junk", count, 0.0, after)

    def misbehave(self, kind: str, count: int, value: float, after: int) -> None:
        """Queue a misbehaviour for the requests to come, after ``after`` answered as usual."""
        with self.lock:
            self.faults += [("ok", 0.0)] * after + [(kind, value)] * count

    def go_down_after(self, answers: int) -> None:
        """Answer ``answers`` more requests, then drop every connection: the network is gone."""
        self.answers_left = answers

    def count(self, prefix: str = "") -> int:
        """Count the requests whose path starts with ``prefix``."""
        with self.lock:
            return sum(1 for path in self.requests if path.startswith(prefix))

    def search(self, query: str, limit: int) -> list[dict]:
        """Find papers whose title holds the query or is held by it, in id order."""
        wanted = query.casefold()
        found = [paper for _, paper in sorted(self.papers.items())
                 if wanted in paper.title.casefold() or paper.title.casefold() in wanted]
        return [paper.search_result() for paper in found[:limit]]

    def next_fault(self) -> tuple[str, float] | None:
        """Take the misbehaviour due for the request being answered, if any."""
        with self.lock:
            if self.answers_left is not None:
                if self.answers_left <= 0:
                    return ("drop", 0.0)
                self.answers_left -= 1
            return self.faults.pop(0) if self.faults else None


def make_handler(hub: PapersServer) -> type[BaseHTTPRequestHandler]:
    """Return a request handler class bound to the stand-in's state."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with hub.lock:
                hub.requests.append(self.path)
            fault = hub.next_fault()
            if fault and fault[0] == "drop":
                self.close_connection = True
                return
            if fault and fault[0] == "stall":
                time.sleep(fault[1])
            if fault and fault[0] == "429":
                self.send_json(429, {"error": "Too Many Requests"}, {"Retry-After": f"{fault[1]:g}"})
                return
            if fault and fault[0] == "503":
                self.send_json(503, {"error": "Service Unavailable"})
                return
            if fault and fault[0] == "junk":
                self.send_json(200, None, raw=b"<html><body>Sorry, we are down for a moment.</body></html>")
                return
            url = urlsplit(self.path)
            if url.path == SEARCH_PATH:
                params = parse_qs(url.query)
                limit = int(params.get("limit", ["50"])[0])
                self.send_json(200, hub.search(params.get("q", [""])[0], limit))
            elif url.path.startswith(PAPER_PREFIX) and unquote(url.path[len(PAPER_PREFIX):]) in hub.papers:
                self.send_json(200, hub.papers[unquote(url.path[len(PAPER_PREFIX):])].page())
            else:
                self.send_json(404, {"error": "Paper not found"})

        def send_json(self, status: int, data: object, headers: dict[str, str] | None = None,
                      raw: bytes | None = None) -> None:
            body = raw if raw is not None else json.dumps(data).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a stall past its timeout): nobody to answer

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output to the tests' own

    return Handler
