"""The `spouse-relief` launcher, kept tiny so the command starts fast (the installed script calls :func:`main`).

``--version`` needs nothing but this package. ``--help`` is rendered once by the real command
line (typer + rich) and kept in the user's cache directory, keyed on the version, the command
modules' sources, the terminal width and the colour settings; any change renders it again.
``case FILE --json [--as-of DATE]`` (the JSON contract, read by scripts) runs the pipeline without
loading the command-line library; anything else, including any error on that path, goes to
:mod:`spouse_relief.cli`, which handles it as it always does (one clear line, exit code 2).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from . import __version__, usercache

HELP_ARGS = (["--help"], ["-h"])


def _cache_file() -> Path | None:
    try:
        package = Path(__file__).resolve().parent
        sources = [package / "cli.py", package / "__init__.py"]
        with os.scandir(package / "commands") as entries:
            sources += sorted(Path(entry.path) for entry in entries if entry.name.endswith(".py"))
        fingerprint = hashlib.sha256()
        for source in sources:
            status = source.stat()
            fingerprint.update(f"{source.name}:{status.st_mtime_ns}:{status.st_size};".encode())
        tty = sys.stdout.isatty()
        columns = os.get_terminal_size(sys.stdout.fileno()).columns if tty else 0
        for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
            fingerprint.update(f"{name}={os.environ.get(name)};".encode())
        fingerprint.update(f"tty={tty};columns={columns};python={sys.version_info[:2]}".encode())
        base = usercache.folder()
        return None if base is None else base / f"help-{__version__}-{fingerprint.hexdigest()[:20]}.txt"
    except (OSError, ValueError):
        return None


class _Tee:
    """Writes to the real stdout and keeps a copy; behaves as the real stream for rich."""

    def __init__(self, stream):
        self._stream = stream
        self.copy: list[str] = []

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # click may write encoded text
            self.copy.append(text.decode(self._stream.encoding or "utf-8", errors="replace"))
            self._stream.flush()
            return self._stream.buffer.write(text)
        self.copy.append(text)
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _help() -> None:
    cache = _cache_file()
    if cache is not None and cache.is_file():
        sys.stdout.write(cache.read_text(encoding="utf-8"))
        return
    from .cli import app

    real, tee = sys.stdout, _Tee(sys.stdout)
    sys.stdout = tee
    try:
        app(args=["--help"], prog_name="spouse-relief", standalone_mode=False)
    finally:
        sys.stdout = real
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text("".join(tee.copy), encoding="utf-8")
            temporary.replace(cache)
        except (OSError, UnicodeError):
            pass  # no cache: the help is simply rendered each time


def _case_json_arguments(arguments: list[str]) -> tuple[str, str | None] | None:
    """(FILE, DATE or None) when the call is exactly ``case FILE --json [--as-of DATE]``, in any order; else None."""
    if arguments[:1] != ["case"]:
        return None
    files: list[str] = []
    as_json = 0
    as_of: list[str] = []
    rest = iter(arguments[1:])
    for argument in rest:
        if argument == "--json":
            as_json += 1
        elif argument == "--as-of":
            as_of.append(next(rest, "-"))
        elif argument.startswith("--as-of="):
            as_of.append(argument[len("--as-of="):])
        elif argument.startswith("-"):
            return None
        else:
            files.append(argument)
    if as_json != 1 or len(files) != 1 or len(as_of) > 1 or any(value.startswith("-") for value in as_of):
        return None
    return files[0], (as_of[0] if as_of else None)


def _case_json(file: str, as_of: str | None) -> bool:
    """Print ``case FILE --json`` as the command does, if it goes through; False sends the call the long way."""
    # pydantic looks for plugins in every installed package's entry points the first time it builds
    # a model; a plugin watches validation and cannot change the outcome, so this path skips the look.
    set_here = "PYDANTIC_DISABLE_PLUGINS" not in os.environ
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from datetime import date

        import json

        from .pipeline import default_as_of, load_case_file, run

        case = load_case_file(Path(file))
        when = default_as_of(case) if as_of is None else date.fromisoformat(as_of.strip())
        text = json.dumps(run(case, when).as_dict(), indent=2)
    except Exception:  # noqa: BLE001 - the full command line reports it in its words
        return False
    finally:
        if set_here:
            os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)  # the long way, if taken, is as it always was
    sys.stdout.write(text + "\n")
    return True


def main() -> None:
    arguments = sys.argv[1:]
    if arguments == ["--version"]:
        sys.stdout.write(f"spouse-relief {__version__}\n")
        return
    if arguments in HELP_ARGS:
        _help()
        return
    case_json = _case_json_arguments(arguments)
    if case_json is not None and _case_json(*case_json):
        return
    from .cli import main as cli_main

    cli_main()
