"""Plain lines describing a federal worksheet result (Form 8379, IRC 6015(d)) for the packet."""

from __future__ import annotations

from ..money import format_usd


def federal_lines(computed) -> list[str]:
    result = computed.result
    lines = [computed.headline] if computed.headline else []
    if computed.key == "f8379":
        lines.append("Part III allocation (joint / injured spouse / other spouse):")
        for line, columns in result.allocation.items():
            label = result.line_labels.get(line, "")
            values = " / ".join(format_usd(value) for value in columns.values())
            lines.append(f"Line {line} {label}: {values}")
        lines.append("Separate tax: " + ", ".join(format_usd(value) for value in result.separate_tax.values()))
        lines.append(f"Joint tax: {format_usd(result.joint_tax)}; joint overpayment: {format_usd(result.joint_overpayment)}")
    else:
        for portion, names in zip(result.portions.values(), ("your", "your spouse's")):
            lines.append(f"Portion, {names}: " + ", ".join(f"{name.replace('_', ' ')} {format_usd(value)}" for name, value in portion.items()))
    lines.extend(f"Note: {note}" for note in list(computed.notes) + list(result.notes))
    lines.extend(f"Unverified: {item}" for item in result.unverified)
    return lines
