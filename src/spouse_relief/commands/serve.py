"""``spouse-relief serve``: the web interview.

FastAPI, uvicorn and SQLAlchemy are imported inside the command, so ``--help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        demo: bool = typer.Option(False, "--demo", help="Seed a demo account and a demo case, and print the login."),
        data: Path | None = typer.Option(None, "--data", help="Data dir for the SQLite file and the key (default: SPOUSE_RELIEF_DATA or ./var)."),
        secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark cookies Secure and send HSTS (behind HTTPS)."),
        closed: bool = typer.Option(False, "--no-registration", help="Do not let visitors create accounts."),
        workers: int = typer.Option(1, "--workers", min=1, max=64, help="How many copies of the server to run side by side (default 1). One per processor core lets more people use the site at once; they share the saved cases safely."),
    ) -> None:
        """Start the web interview (server-rendered pages and a JSON API under /api)."""
        import uvicorn

        from ..storage import StorageError, open_store
        from ..web.app import WebSettings, create_app

        try:
            store = open_store(data)
        except StorageError as exc:
            from ..cli import fail

            fail(str(exc))
        settings = WebSettings(data_dir=str(store.folder), secure_cookies=secure_cookies, registration_open=not closed)
        application = create_app(settings, store=store)
        shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
        typer.echo(f"spouse-relief web interview: http://{shown_host}:{port}/")
        typer.echo(f"data: {store.folder} ({store.engine.url.render_as_string(hide_password=True)})")
        if demo:
            from ..web.demo import seed_demo

            username, password = seed_demo(store)
            typer.echo(f"demo login: username {username!r}, password {password!r}")
        if workers > 1:
            import os

            from ..web.app import worker_environment

            os.environ.update(worker_environment(settings))
            store.close()
            uvicorn.run("spouse_relief.web.app:app_for_worker", factory=True, workers=workers, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
            return
        uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
