"""Property-based tests: the catalog parser never crashes and never loses an entry silently."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.catalog import parse_catalog

ENTRY = """- Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets. [[paper]](https://arxiv.org/abs/2201.02177) [[code]](https://github.com/openai/grok)
  - Alethea Power, Yuri Burda, Harri Edwards, Igor Babuschkin, Vedant Misra. *ICLR 2022 Workshop*
  - Key Word: Grokking; Overfitting.
  - <details><summary>Digest</summary> In this paper we propose to study generalization.
"""
DOCUMENT = "# Awesome\n\n## Others\n\n### Others: 2022\n\n" + ENTRY + "\n" + ENTRY.replace("2201.02177", "2205.10343") + "\n"

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bullet_lines(text: str) -> set[int]:
    """Lines that start a top-level bullet inside a paper section."""
    out, in_section = set(), False
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("## "):
            in_section = True
        elif line.startswith("# "):
            in_section = False
        elif in_section and re.match(r"^- \S", line):
            out.add(number)
    return out


def accounted(text: str) -> None:
    """Every top-level bullet is an entry or a reported problem, never silently dropped."""
    parsed = parse_catalog(text)
    seen = {e.line for e in parsed.entries} | {p.line for p in parsed.problems}
    missing = bullet_lines(text) - seen
    assert not missing, f"bullets at lines {sorted(missing)} were dropped silently"
    for problem in parsed.problems:
        assert problem.line >= 1 and problem.message and "\n" not in problem.message


@SETTINGS
@given(st.data())
def test_mutated_entries(data):
    lines = DOCUMENT.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "truncate", "garble", "swap"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "garble":
            lines[i] = data.draw(st.text(max_size=80))
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            lines = [""]
    accounted("\n".join(lines))


@SETTINGS
@given(st.integers(0, len(DOCUMENT)))
def test_truncated_files(cut):
    accounted(DOCUMENT[:cut])


@SETTINGS
@given(st.binary(max_size=2000))
def test_binary_junk(blob):
    text = blob.decode("utf-8", errors="replace")
    accounted("## Others\n" + text)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=500))
def test_arbitrary_text_in_entry_fields(junk):
    accounted(DOCUMENT.replace("Alethea Power", junk.replace("\n", " ")))
