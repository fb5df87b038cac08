"""kill -9 during a stream of saves loses no acknowledged save, on SQLite and PostgreSQL (bounded:
a few kills each; bench/crash_saves.py runs many and docs/security.md has its figures)."""

from __future__ import annotations

from crash_support import crash_run


def test_kill_9_loses_no_acknowledged_save(database):
    folder, url = database
    report = crash_run(folder, url, kills=3, max_seconds=90)
    assert report.kills >= 1, report.as_dict()
    assert report.acknowledged > 0, report.as_dict()
    assert report.lost == 0, report.as_dict()
