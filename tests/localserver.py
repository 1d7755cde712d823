"""A reusable local HTTP server for tests: canned replies by path on 127.0.0.1, on a free port.

Nothing here touches the internet. The server is threaded (one thread per connection, HTTP/1.1
keep-alive, chunked bodies), records every request, and can misbehave on purpose: delays,
slow drips, huge chunked bodies, dropped connections, redirects, any status or header.

    from localserver import LocalServer, Reply

    def test_something():
        with LocalServer() as srv:
            srv.route("/a.html", Reply.html("<html><body>hi</body></html>"))
            srv.route("/flaky", Reply(status=503), Reply.html("<html>ok</html>"))  # 503, then 200
            srv.route("/old", Reply.redirect("/a.html"))
            srv.route("/echo", lambda req: Reply.text(req.header("user-agent") or ""))
            srv.route_dir("/pages/", Path("seeds/pages"))  # serve a directory
            fetch(srv.url("/a.html"))
            assert srv.hits("/flaky") == 2
            assert srv.requests[0].header("User-Agent").startswith("dipwatch/")

As a pytest fixture named `local_server`, import it into the test module (pytest registers
it under its declared name, so the test argument does not shadow the import):

    from localserver import local_server_fixture  # noqa: F401

    def test_other(local_server):
        local_server.route("/feed.xml", Reply.xml(RSS))

Routing: `route(path, *replies)` answers successive requests with successive replies and keeps
repeating the last one; a reply may also be a callable `Request -> Reply`. A route path with a
query string matches only that query; one without matches any query. Unrouted paths get
`srv.fallback` (a 404 by default), so /robots.txt is "missing" unless routed.
"""

from __future__ import annotations

import mimetypes
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

HOST = "127.0.0.1"


@dataclass
class Reply:
    """One canned response.

    body: bytes, or str encoded with `charset`; sent `repeat` times (cheap huge bodies).
    content_type: the Content-Type header, None to send none.
    headers: extra headers (they win over the generated ones).
    delay: seconds to wait before the status line (read timeouts, concurrency tests).
    chunked: send with Transfer-Encoding: chunked, `chunk_size` bytes a chunk.
    chunk_delay: seconds between body pieces (a slow drip: total-timeout tests).
    etag / last_modified: sent as validators; a request whose If-None-Match or
        If-Modified-Since matches gets 304 with no body.
    drop: close the connection without any response (after `delay`).
    """

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    charset: str = "utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False
    chunk_size: int = 65536
    chunk_delay: float = 0.0
    repeat: int = 1
    etag: str | None = None
    last_modified: str | None = None
    drop: bool = False

    @classmethod
    def html(cls, text: str, charset: str = "utf-8", declare: bool = True, **kw: object) -> Reply:
        """An HTML page encoded in `charset`; declare=False leaves charset out of Content-Type."""
        content_type = f"text/html; charset={charset}" if declare else "text/html"
        return cls(body=text, charset=charset, content_type=content_type, **kw)  # type: ignore[arg-type]

    @classmethod
    def text(
        cls, text: str, content_type: str = "text/plain; charset=utf-8", **kw: object
    ) -> Reply:
        """A plain-text (or any textual content type) reply."""
        return cls(body=text, content_type=content_type, **kw)  # type: ignore[arg-type]

    @classmethod
    def xml(
        cls, body: bytes | str, content_type: str = "application/rss+xml", **kw: object
    ) -> Reply:
        """A feed or other XML document."""
        return cls(body=body, content_type=content_type, **kw)  # type: ignore[arg-type]

    @classmethod
    def redirect(cls, location: str, status: int = 302, **kw: object) -> Reply:
        """A redirect to `location` (relative or absolute, any scheme)."""
        headers = {"Location": location, **kw.pop("headers", {})}  # type: ignore[dict-item]
        return cls(status=status, content_type=None, headers=headers, **kw)  # type: ignore[arg-type]

    @classmethod
    def file(cls, path: str | Path, content_type: str | None = None, **kw: object) -> Reply:
        """The bytes of a file, Content-Type guessed from its name unless given."""
        path = Path(path)
        guessed = content_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(body=path.read_bytes(), content_type=guessed, **kw)  # type: ignore[arg-type]

    def payload(self) -> bytes:
        """The body once (bytes)."""
        return self.body.encode(self.charset) if isinstance(self.body, str) else self.body


Handler = Callable[["Request"], Reply]


@dataclass
class Request:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes
    started: float  # time.monotonic() when the request was read
    responded: float | None = None  # when the reply started (after its delay)
    finished: float | None = None  # when the reply was fully sent or the client went away
    aborted: bool = False  # the client closed the connection before the reply was sent
    status: int | None = None
    bytes_sent: int = 0  # body bytes written

    def header(self, name: str) -> str | None:
        """A request header, case-insensitively."""
        return self.headers.get(name.lower())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up (timeouts, size caps, closed keep-alives) are normal here."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections give up after this
    server: _Server

    def do_GET(self) -> None:
        self.server.owner._handle(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests assert on `LocalServer.requests` instead."""


class LocalServer:
    """Threaded HTTP server on 127.0.0.1:<free port>; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply | Handler]] = {}
        self.dirs: dict[str, Path] = {}
        self.fallback: Reply | Handler = Reply.text("not found", status=404)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---

    def start(self) -> LocalServer:
        """Bind a free port and serve in a daemon thread."""
        self._httpd = _Server((HOST, 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"localserver-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; pending delays and drips are cut short."""
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- configuration ---

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of a path on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, *replies: Reply | Handler) -> str:
        """Answer `path` with these replies in turn (the last one repeats); returns its URL."""
        if not replies:
            raise ValueError("route() needs at least one reply")
        with self._lock:
            self.routes[path] = list(replies)
        return self.url(path)

    def route_dir(self, prefix: str, directory: str | Path) -> str:
        """Serve the files of `directory` under URL `prefix` (e.g. "/pages/"); returns its URL."""
        self.dirs[prefix if prefix.endswith("/") else prefix + "/"] = Path(directory).resolve()
        return self.url(prefix)

    # --- inspection ---

    def requests_to(self, path: str) -> list[Request]:
        """Requests whose path (query ignored unless `path` has one) equals `path`."""
        with self._lock:
            return [r for r in self.requests if _matches(path, r.path)]

    def hits(self, path: str) -> int:
        """How many requests `path` received."""
        return len(self.requests_to(path))

    def peak_concurrency(self, prefix: str = "/") -> int:
        """Most requests under `prefix` in progress at once (from arrival to reply start)."""
        with self._lock:
            spans = [
                (r.started, r.responded or r.finished or time.monotonic())
                for r in self.requests
                if r.path.startswith(prefix)
            ]
        events = sorted([(end, -1) for _, end in spans] + [(start, 1) for start, _ in spans])
        peak = current = 0
        for _, delta in events:
            current += delta
            peak = max(peak, current)
        return peak

    def wait_finished(self, path: str, timeout: float = 5.0) -> list[Request]:
        """Wait until every request to `path` is finished (the reply sent or abandoned)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reqs = self.requests_to(path)
            if reqs and all(r.finished is not None for r in reqs):
                return reqs
            time.sleep(0.01)
        raise TimeoutError(f"requests to {path} still running after {timeout} s")

    # --- serving ---

    def _reply_for(self, req: Request) -> Reply:
        with self._lock:
            queue = self.routes.get(req.path) or self.routes.get(urlsplit(req.path).path)
            reply = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
        if reply is None:
            reply = self._dir_reply(urlsplit(req.path).path) or self.fallback
        return reply(req) if callable(reply) else reply

    def _dir_reply(self, path: str) -> Reply | None:
        for prefix, directory in self.dirs.items():
            if path.startswith(prefix):
                target = (directory / unquote(path[len(prefix) :])).resolve()
                if target.is_relative_to(directory) and target.is_file():
                    return Reply.file(target)
        return None

    def _handle(self, h: _Handler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        req = Request(
            h.command,
            h.path,
            {k.lower(): v for k, v in h.headers.items()},
            h.rfile.read(length) if length else b"",
            time.monotonic(),
        )
        with self._lock:
            self.requests.append(req)
        try:
            reply = self._reply_for(req)
            if reply.delay:
                self._stop.wait(reply.delay)
            req.responded = time.monotonic()
            if reply.drop or self._stop.is_set():
                req.aborted = h.close_connection = True
                return
            self._send(h, req, reply)
        except OSError:  # the client went away (broken pipe, reset, timeout)
            req.aborted = h.close_connection = True
        finally:
            req.finished = time.monotonic()

    def _send(self, h: _Handler, req: Request, reply: Reply) -> None:
        if _not_modified(req, reply):
            req.status = 304
            h.send_response(304)
            _validators(h, reply)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        body = reply.payload()
        req.status = reply.status
        h.send_response(reply.status)
        if reply.content_type is not None:
            h.send_header("Content-Type", reply.content_type)
        _validators(h, reply)
        if reply.chunked:
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Content-Length", str(len(body) * reply.repeat))
        for name, value in reply.headers.items():
            h.send_header(name, value)
        h.end_headers()
        if req.method != "HEAD":
            self._write_body(h, req, reply, body)

    def _write_body(self, h: _Handler, req: Request, reply: Reply, body: bytes) -> None:
        for piece in _pieces(body, reply.repeat, reply.chunk_size):
            if self._stop.is_set():
                raise ConnectionAbortedError("server stopping")
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if reply.chunked else piece)
            req.bytes_sent += len(piece)
            if reply.chunk_delay:
                self._stop.wait(reply.chunk_delay)
        if reply.chunked:
            h.wfile.write(b"0\r\n\r\n")


def _matches(route: str, path: str) -> bool:
    return path == route or ("?" not in route and urlsplit(path).path == route)


def _not_modified(req: Request, reply: Reply) -> bool:
    inm = req.header("if-none-match")
    if reply.etag and inm:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return reply.etag.removeprefix("W/") in tags or "*" in tags
    ims = req.header("if-modified-since")
    return bool(reply.last_modified and ims and ims.strip() == reply.last_modified)


def _validators(h: _Handler, reply: Reply) -> None:
    if reply.etag:
        h.send_header("ETag", reply.etag)
    if reply.last_modified:
        h.send_header("Last-Modified", reply.last_modified)


def _pieces(body: bytes, repeat: int, size: int) -> Iterator[bytes]:
    """`body` repeated `repeat` times, in pieces of at most `size` bytes (nothing built whole)."""
    size = max(1, size)
    for _ in range(repeat):
        for i in range(0, len(body), size):
            yield body[i : i + size]


def refused_url(path: str = "/") -> str:
    """A 127.0.0.1 URL on a port nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    return f"http://{HOST}:{port}{path}"


@pytest.fixture(name="local_server")
def local_server_fixture() -> Iterator[LocalServer]:
    """A started LocalServer, stopped after the test."""
    with LocalServer() as srv:
        yield srv
