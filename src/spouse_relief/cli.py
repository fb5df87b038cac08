"""The ``spouse-relief`` command. Thin: parse, call the pipeline, render.

Each group of subcommands lives in ``spouse_relief/commands/<name>.py`` and exposes
``register(app)``. Command modules import heavy libraries inside their functions, so
``spouse-relief --help`` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

import typer

from . import DISCLAIMER, __version__

# Subcommand modules, in the order they appear in --help.
COMMAND_MODULES = ("case", "forms", "screen", "il8857", "federal", "batch", "serve")

EXIT_BAD_INPUT = 2

app = typer.Typer(
    name="spouse-relief",
    help=(
        "Relief from a joint tax return: which relief applies, the numbers line by line, the "
        "deadlines, and the packet to send.\n\n" + DISCLAIMER
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one clear line to stderr and exit (2 for bad input). Never a traceback."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


def reports_bad_input(function: F) -> F:
    """Turn InputError and ParameterError into one line on stderr and exit code 2."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import InputError
        from .parameters import ParameterError

        try:
            return function(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except ParameterError as exc:
            fail(exc.words())
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file that cannot be read or written (a missing folder, a directory, /proc)
            fail(f"{str(exc.filename or 'file')[:200]!r}: cannot be read or written ({exc.strerror or exc})")
        except Exception as exc:  # an internal fault: one line, not a traceback (SPOUSE_RELIEF_DEBUG=1 shows it)
            if os.environ.get("SPOUSE_RELIEF_DEBUG"):
                raise
            fail(f"internal error ({type(exc).__name__}: {exc}); please report it with the input that caused it", code=1)

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spouse-relief {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Relief from a joint tax return."""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.commands.{name}").register(app)


_register_commands()


def main() -> None:
    app()

