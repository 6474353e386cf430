"""The HTTP layer: a ``ThreadingHTTPServer`` in a background thread, speaking the Bot API's URLs.

``POST /bot<token>/<method>`` (form, multipart or JSON body; query parameters too), ``GET
/file/bot<token>/<path>`` and the JSON control API under ``/_sandbox/``. HTTP/1.1 keep-alive is
on, as httpx expects from a real server; on stop every open connection is shut down so handler
threads end promptly instead of waiting for clients that will never speak again.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sys
import threading
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.sandbox.engine import Reply, json_reply
from bot.sandbox.faults import ApiError
from bot.sandbox.params import Upload, normalize

_NOT_FOUND = ApiError(404, "Not Found").body()
# httpx escapes these in multipart names the HTML5 way; undo it to get the real file name.
_FORM_ESCAPE = re.compile(r"%(22|0[0-9A-F]|1[0-9A-F])")


class Backend(Protocol):
    """What the HTTP layer hands requests to."""

    def bot_call(
        self, token: str, method: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> Reply: ...

    def download(self, token: str, file_path: str) -> Reply: ...

    def control(self, http_method: str, route: str, args: dict[str, Any]) -> Reply: ...


class BadBody(ValueError):
    """The request body could not be decoded."""


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """Fields and file parts of a ``multipart/form-data`` body."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(_class=EmailMessage, policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BadBody("multipart body without parts")
    fields: dict[str, str] = {}
    uploads: dict[str, Upload] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise BadBody("multipart part without a name")
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        file_name = part.get_filename()
        if file_name is None:
            fields[name] = content.decode("utf-8")
            continue
        file_name = _FORM_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), file_name)
        file_name = file_name.replace("\\\\", "\\")
        mime_type = part.get_content_type() if "content-type" in part else None
        uploads[name] = Upload(file_name, mime_type, content)
    return fields, uploads


def decode_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters and uploads of a Bot API request body, whatever its encoding."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise BadBody("JSON body is not an object")
            return normalize(data, from_form=False), {}
        if kind == "multipart/form-data":
            fields, uploads = parse_multipart(content_type, body)
            return normalize(fields, from_form=True), uploads
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadBody(str(error)) from error
    return normalize(dict(pairs), from_form=True), {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a forgotten stop() must not keep the test process alive
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], backend: Backend) -> None:
        super().__init__(address, _Handler)
        self.backend = backend
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: dict[socket.socket, threading.Thread] = {}

    def track(self, connection: socket.socket) -> None:
        with self._lock:
            self._open[connection] = threading.current_thread()
            if self.stopping.is_set():
                _shut(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.pop(connection, None)

    def close_all(self, timeout: float) -> None:
        with self._lock:
            for connection in self._open:
                _shut(connection)
            threads = list(self._open.values())
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away (a cancelled long poll, a dropped timeout) is not an error.
        if isinstance(sys.exc_info()[1], OSError) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the client
        connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each answer waits ~40 ms for
    # the client's delayed ACK.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines contain the bot token, which must never reach a log."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        try:
            reply = self._route(self._read_body())
        except BadBody as error:
            reply = json_reply(400, ApiError(400, f"Bad Request: {error}").body())
        if reply.hold is not None:
            self.server.stopping.wait(reply.hold)
            self.close_connection = True  # the client sees the connection drop, no answer
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise BadBody("bad Content-Length") from None
        return self.rfile.read(length) if length > 0 else b""

    def _route(self, body: bytes) -> Reply:
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        backend = self.server.backend
        if path.startswith("/_sandbox/"):
            args: dict[str, Any] = dict(query)
            if body:
                try:
                    decoded = json.loads(body)
                except ValueError:
                    raise BadBody("control API bodies are JSON") from None
                if isinstance(decoded, dict):
                    args |= decoded
            return backend.control(self.command, path.removeprefix("/_sandbox/"), args)
        if path.startswith("/file/bot"):
            token, _, file_path = path.removeprefix("/file/bot").partition("/")
            return backend.download(token, file_path)
        if path.startswith("/bot"):
            token, _, method = path.removeprefix("/bot").partition("/")
            if method and "/" not in method:
                params, uploads = decode_body(self.headers.get("Content-Type", ""), body)
                merged = normalize(query, from_form=True) | params
                return backend.bot_call(token, method, merged, uploads)
        return json_reply(404, _NOT_FOUND)


class HttpServer:
    """Runs the handler in a background thread; ``start`` returns the base URL."""

    def __init__(self, backend: Backend, host: str, port: int) -> None:
        self._backend = backend
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        server = self._server = _Server(self._address, self._backend)
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},  # stop() waits up to this long
            name="duban-sandbox-http",
            daemon=True,
        )
        self._thread.start()
        host, port = server.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.stopping.set()
        server.shutdown()
        server.close_all(timeout=2.0)
        server.server_close()
        thread.join()
        self._server = self._thread = None
