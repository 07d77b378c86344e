"""A local TCP proxy to the Rasa server that refuses WebSocket upgrades, and can be stopped.

It stands for a network where WebSocket does not get through (a corporate proxy, some mobile
carriers): plain HTTP requests, Socket.IO's long-polling included, are forwarded byte for byte;
any request carrying ``Upgrade: websocket`` gets a 403 and its connection is closed. ``stop()``
closes the port and cuts every open connection (the server becomes unreachable); ``start()`` opens
the same port again. It runs its own asyncio loop in a thread, beside Playwright's sync API.
"""

from __future__ import annotations

import asyncio
import re
import threading
from urllib.parse import urlsplit

from tests.servers import free_port

UPGRADE = re.compile(rb"\r\nupgrade:[ \t]*websocket", re.IGNORECASE)
REFUSAL = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class NoWebSocketProxy:
    def __init__(self, target_url: str) -> None:
        target = urlsplit(target_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 80)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.refused_upgrades = 0
        self.forwarded_requests = 0
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def __enter__(self) -> "NoWebSocketProxy":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self._run(self._start())

    def stop(self) -> None:
        self._run(self._stop())

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self, coroutine) -> None:  # type: ignore[no-untyped-def]
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, reuse_address=True)

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        upstream_writer: asyncio.StreamWriter | None = None
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
            self._writers.add(upstream_writer)
            to_server = asyncio.ensure_future(self._forward_requests(reader, writer, upstream_writer))
            to_client = asyncio.ensure_future(self._pipe(upstream_reader, writer))
            await asyncio.wait({to_server, to_client}, return_when=asyncio.FIRST_COMPLETED)
            for task in (to_server, to_client):
                task.cancel()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            for each in (writer, upstream_writer):
                if each is not None:
                    self._writers.discard(each)
                    each.transport.abort()

    async def _forward_requests(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream: asyncio.StreamWriter
    ) -> None:
        while data := await reader.read(65536):
            if UPGRADE.search(data):
                self.refused_upgrades += 1
                writer.write(REFUSAL)
                await writer.drain()
                return
            if data[:8].split(b" ")[0] in (b"GET", b"POST", b"OPTIONS", b"HEAD"):
                self.forwarded_requests += 1
            upstream.write(data)
            await upstream.drain()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
