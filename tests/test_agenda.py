"""`contactcheck agenda`: a list of what to bring up in the next session."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactcheck.output.pages import agenda_markdown
from contactcheck.personal import agenda
from tests.helpers import person_lines


def listed(run_cli) -> list[dict[str, object]]:
    result = run_cli("agenda", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_add_list_done_clear(run_cli, private_dirs):
    assert listed(run_cli) == []
    first = run_cli("agenda", "add", "The", "weekend", "with", "my", "sister")
    assert first.exit_code == 0
    assert "number 1: The weekend with my sister" in first.stdout
    assert str(private_dirs["data"]) in first.stdout  # says where it is kept, the first time
    second = run_cli("agenda", "add", "Sleep is worse")
    assert str(private_dirs["data"]) not in second.stdout
    items = listed(run_cli)
    assert [(item["id"], item["text"], item["done"]) for item in items] == [
        (1, "The weekend with my sister", False), (2, "Sleep is worse", False)]
    assert set(items[0]) == {"id", "text", "added", "done"}

    assert run_cli("agenda", "done", "1").exit_code == 0
    assert [item["done"] for item in listed(run_cli)] == [True, False]
    text = run_cli("agenda", "list").stdout
    assert text.index("Sleep is worse") < text.index("Already talked about")

    assert run_cli("agenda", "clear", "--done").exit_code == 0
    assert [item["id"] for item in listed(run_cli)] == [2]
    assert run_cli("agenda", "add", "third").stdout.startswith(
        "Added to your agenda as number 3")  # numbers are not reused

    cleared = run_cli("agenda", "clear", "--yes")
    assert cleared.exit_code == 0
    assert listed(run_cli) == []
    assert not (private_dirs["data"] / "agenda.json").exists()


@pytest.mark.parametrize(("answer", "kept", "code"), [
    ("y\n", False, 0), ("n\n", True, 0), ("\n", True, 0), ("", True, 2)])
def test_clear_asks_first_and_defaults_to_no(run_cli, answer, kept, code):
    run_cli("agenda", "add", "something")
    result = run_cli("agenda", "clear", input=answer)
    assert result.exit_code == code
    assert (len(listed(run_cli)) == 1) is kept


def test_done_with_an_unknown_number_changes_nothing(run_cli):
    run_cli("agenda", "add", "one")
    result = run_cli("agenda", "done", "1", "5")
    assert result.exit_code == 2
    assert "no agenda item numbered 5 (the numbers are: 1)" in result.stderr
    assert [item["done"] for item in listed(run_cli)] == [False]


@pytest.mark.parametrize(("args", "input", "message"), [
    (("   ",), None, "the note is empty"),
    (("-",), "", "the note is empty"),
    (("x" * 2001,), None, "the limit is 2,000"),
    (("bell\x07",), None, "control character U+0007"),
    (("\x1b[31mred",), None, "control character U+001B"),
    ((), None, "no text given"),
])
def test_unusable_notes_are_refused_with_exit_2(run_cli, private_dirs, args, input, message):
    result = run_cli("agenda", "add", *args, input=input)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not private_dirs["data"].exists()


def test_a_note_from_standard_input_stays_out_of_the_shell_history(run_cli):
    result = run_cli("agenda", "add", "-", input="Talk about\nthe letter from work\n")
    assert result.exit_code == 0
    assert [item["text"] for item in listed(run_cli)] == ["Talk about the letter from work"]


def test_markdown_is_a_page_to_bring_to_the_session(run_cli):
    for note in ("# not a heading", "Work *stress*", "1. a list?"):
        run_cli("agenda", "add", note)
    run_cli("agenda", "done", "2")
    page = run_cli("agenda", "list", "--format", "markdown").stdout
    assert page.startswith("# For my next session\n")
    assert "2 things I want to bring up:" in page
    assert "1. \\# not a heading\n2. 1\\. a list?\n" in page
    assert "## Already talked about\n\n- Work \\*stress\\*\n" in page


def test_an_agenda_with_nothing_open_says_so(run_cli):
    run_cli("agenda", "add", "one")
    run_cli("agenda", "done", "1")
    assert "Nothing new to bring up" in run_cli("agenda", "list", "--format", "markdown").stdout
    assert "Everything on your agenda has been talked about" in run_cli("agenda", "list").stdout


notes = person_lines(max_size=60)


@settings(max_examples=50, deadline=None)
@given(st.lists(notes, max_size=5))
def test_the_file_round_trips(texts):
    current = agenda.Agenda()
    for text in texts:
        current, _ = current.add(agenda.check_text(text), "2025-05-03T10:00:00+02:00")
    assert agenda.decode(agenda.encode(current)) == current


def _list_items(page: str) -> list[str]:
    """The text of each list item of a Markdown page, as a reader sees it."""
    from markdown_it import MarkdownIt  # installed with rich

    tokens = MarkdownIt("commonmark").parse(page)
    items, inside = [], False
    for token in tokens:
        if token.type == "list_item_open":
            inside = True
        elif token.type == "inline" and inside:
            items.append("".join(child.content for child in token.children or ()
                                 if child.type in ("text", "code_inline")))
            inside = False
    return items


@settings(max_examples=100, deadline=None)
@given(st.lists(notes, min_size=1, max_size=3))
def test_markdown_shows_every_note_exactly_as_written(texts):
    current = agenda.Agenda()
    for text in texts:
        current, _ = current.add(agenda.check_text(text), "2025-05-03T10:00:00+02:00")
    page = agenda_markdown(current, today="3 May 2025")
    assert _list_items(page) == [item.text for item in current.items]
