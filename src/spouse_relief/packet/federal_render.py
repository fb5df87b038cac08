"""Plain lines describing a federal worksheet result (Form 8379, IRC 6015(d)) for the packet."""

from __future__ import annotations

from typing import Any


def federal_lines(computed) -> list[str]:
    result = computed.result
    sentence = getattr(result, "result_sentence", None)
    lines = [sentence] if isinstance(sentence, str) else []
    to_json = getattr(result, "to_json", None)
    if callable(to_json):
        document: dict[str, Any] = to_json()
        for key, value in document.items():
            if key in ("trace", "disclaimer") or isinstance(value, (dict, list)):
                continue
            lines.append(f"{key.replace('_', ' ')}: {value}")
    return lines
