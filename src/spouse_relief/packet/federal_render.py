"""Plain lines describing a federal worksheet result (Form 8379, IRC 6015(d)) for the packet."""

from __future__ import annotations

from ..money import format_usd


def federal_lines(computed) -> list[str]:
    wrapped = computed.result
    result = wrapped.result
    lines = [wrapped.headline]
    if wrapped.key == "f8379":
        lines.append("Part III allocation (joint / injured spouse / other spouse):")
        for line, columns in result.allocation.items():
            label = result.line_labels.get(line, "")
            lines.append(f"Line {line} {label}: {format_usd(columns['joint'])} / {format_usd(columns['injured'])} / {format_usd(columns['other'])}")
        lines.append("Separate tax: " + ", ".join(f"{who} {format_usd(value)}" for who, value in result.separate_tax.items()))
        lines.append(f"Joint tax: {format_usd(result.joint_tax)}; joint overpayment: {format_usd(result.joint_overpayment)}")
    else:
        for who, portion in result.portions.items():
            lines.append(f"Portion of the {who} spouse: " + ", ".join(f"{name.replace('_', ' ')} {format_usd(value)}" for name, value in portion.items()))
    lines.extend(f"Note: {note}" for note in result.notes)
    lines.extend(f"Unverified: {item}" for item in result.unverified)
    return lines
