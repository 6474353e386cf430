"""Read a notice in a child process with a time limit and a memory limit.

The readers are bounded by ``bot.importer.guard``, but a file is hostile by what it does to
libraries we do not control, so the whole read runs in a fresh ``python -m bot.importer.worker``:
the child caps its own address space (``RLIMIT_AS``) and CPU time before it touches the file,
and the parent kills it when ``TIME_LIMIT_S`` passes. Whatever the file does, the caller's
memory and event loop are safe, and the caller gets a ``ParsedPlan`` or a ``NoticeError``:

- ``read_timeout`` (seconds): the child was still reading when the time was up;
- ``read_out_of_memory`` (mb): the child ran out of its memory allowance;
- ``read_failed``: the child died some other way.

The request (file bytes, name, aliases, groups) goes to the child's stdin and the answer comes
back on its stdout, both pickled: ``ParsedPlan`` is plain dataclasses. The CLI calls
``read_isolated`` directly; the bot runs it in a thread (``asyncio.to_thread``), so waiting for
the child never blocks the event loop.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from bot.importer.guard import check_directory
from bot.importer.model import NoticeError, ParsedPlan

TIME_LIMIT_S = 15.0  # wall clock, child start-up included
MEMORY_LIMIT_MB = 400  # address space the child may add to what the interpreter starts with
_MB = 1024 * 1024
_OUT_OF_MEMORY = pickle.dumps(("memory", None))  # made before the limit, sent when nothing fits


def read_isolated(
    data: bytes,
    name: str,
    *,
    aliases: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
    first_unit_leads: bool = True,
    time_limit: float = TIME_LIMIT_S,
    memory_mb: int = MEMORY_LIMIT_MB,
) -> ParsedPlan:
    """``parse_bytes`` in a child process; raises ``NoticeError`` only.

    A zip bomb is refused from its central directory before any child is started.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in (".docx", ".xlsx"):
        check_directory(data, PurePath(name).name or name, suffix[1:])
    seconds = max(1, round(time_limit))
    request = pickle.dumps(
        {
            "data": data,
            "name": name,
            "aliases": dict(aliases or {}),
            "groups": list(groups),
            "first_unit_leads": first_unit_leads,
            "memory_mb": memory_mb,
            "cpu_s": int(time_limit) + 1,
        }
    )
    try:
        done = subprocess.run(
            [sys.executable, "-P", "-m", "bot.importer.worker"],  # -P: not the cwd's modules
            input=request,
            capture_output=True,
            timeout=time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        raise NoticeError("read_timeout", "", name=name, seconds=seconds) from None
    try:
        kind, payload = pickle.loads(done.stdout)
    except Exception:  # no answer: out of memory even for that, killed, or a crash in C
        if b"MemoryError" in done.stderr[-4096:]:
            raise NoticeError("read_out_of_memory", "", name=name, mb=memory_mb) from None
        if done.returncode == -24:  # SIGXCPU: the CPU time limit
            raise NoticeError("read_timeout", "", name=name, seconds=seconds) from None
        raise NoticeError("read_failed", "", name=name) from None
    if kind == "plan":
        assert isinstance(payload, ParsedPlan)
        return payload
    if kind == "error":
        code, where, params = payload
        raise NoticeError(code, where, **params)
    if kind == "memory":
        raise NoticeError("read_out_of_memory", "", name=name, mb=memory_mb)
    raise NoticeError("read_failed", "", name=name)


def _limit(memory_mb: int, cpu_s: int) -> None:
    """Cap this process: its address space at what it uses now plus ``memory_mb``; CPU time."""
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    cap = used + memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))


def _answer(request: dict[str, Any]) -> tuple[str, Any]:
    from bot.importer import parse_bytes

    try:
        plan = parse_bytes(
            request["data"],
            request["name"],
            aliases=request["aliases"],
            groups=request["groups"],
            first_unit_leads=request["first_unit_leads"],
        )
    except NoticeError as exc:
        return "error", (exc.code, exc.where, exc.params)
    except MemoryError:
        return "memory", None
    return "plan", plan


def main() -> int:
    """The child: read the request on stdin, answer on stdout; nothing else goes to stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    for module in ("bot.importer.parser", "bot.importer.readers"):
        importlib.import_module(module)  # the libraries count as start-up, not as the file

    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a library that prints must not corrupt the answer
    _limit(request["memory_mb"], request["cpu_s"])
    try:
        answer = _answer(request)
        del request
        blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        blob = _OUT_OF_MEMORY
    out.write(blob)
    out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
