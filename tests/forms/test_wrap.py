"""Invariants of wrapping a free-text answer across a form's printed lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spouse_relief.forms.fill import PADDING, text_width, wrap

WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789$,.'()-", min_size=1, max_size=18), min_size=0, max_size=120)


@settings(max_examples=150, deadline=None)
@given(words=WORDS, boxes=st.lists(st.floats(min_value=60, max_value=520), min_size=1, max_size=11), size=st.sampled_from([8.0, 9.0, 10.0]))
def test_wrapping_keeps_every_word_in_order_and_inside_the_boxes(words, boxes, size):
    text = " ".join(words)
    lines, rest = wrap(text, boxes, size)
    assert len(lines) <= len(boxes)
    assert " ".join(" ".join(lines + [rest]).split()) == " ".join(text.split())
    for line, width in zip(lines, boxes):
        if " " in line:  # a single word wider than the box is the only thing allowed to stick out
            assert text_width(line, size) <= width - PADDING


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(st.lists(st.sampled_from(["tax", "return", "income", "I", "knew"]), min_size=1, max_size=8), min_size=1, max_size=4))
def test_paragraph_breaks_start_a_new_line(paragraphs):
    text = "\n".join(" ".join(words) for words in paragraphs)
    lines, rest = wrap(text, [520.0] * 10, 8.0)
    assert rest == ""
    assert lines == [" ".join(words) for words in paragraphs]
