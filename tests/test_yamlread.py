"""The strict YAML reader on its own: located strings out, every trap refused with a place.

Every other YAML input (policy profiles, answers files, scenarios) goes through `decode` and
`parse` too, so these tests hold for all of them, not only for trees.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactcheck.errors import InvalidFile
from contactcheck.tree.yamlread import MAX_DEPTH, Source, YMap, YScalar, YSeq, decode, parse
from tests.helpers import FAST


def read(text: str | bytes, what: str = "policy profile") -> YMap:
    data = text.encode("utf-8") if isinstance(text, str) else text
    source = decode(data, "file.yaml", what)
    return parse(source, what)


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(InvalidFile) as raised:
        read(text)
    return [problem.format().splitlines()[0] for problem in raised.value.problems]


def scalar(node: object) -> str:
    assert isinstance(node, YScalar)
    return node.value


def test_yaml_1_1_keys_do_not_collapse() -> None:
    root = read("{yes: a, true: b, on: c, y: d, 12:30: e, 010: f, null: g, ~: h}")
    assert list(root.entries) == ["yes", "true", "on", "y", "12:30", "010", "null", "~"]
    assert [scalar(value) for _, value in root.entries.values()] == list("abcdefgh")


def test_every_scalar_is_the_text_written() -> None:
    root = read(textwrap.dedent("""\
        a: yes
        b: 12:30
        c: 010
        d: 2024-02-30
        e: 1.0
        f: .nan
        g: 0x1F
        h:
        i: ""
        j: 'it''s'
        k: "tab\\there"
    """))
    values = {key: scalar(value) for key, (_, value) in root.entries.items()}
    assert values == {"a": "yes", "b": "12:30", "c": "010", "d": "2024-02-30", "e": "1.0",
                      "f": ".nan", "g": "0x1F", "h": "", "i": "", "j": "it's", "k": "tab\there"}


def test_plain_and_quoted_empty_values_differ() -> None:
    root = read('a:\nb: ""\n')
    a, b = root.entries["a"][1], root.entries["b"][1]
    assert isinstance(a, YScalar)
    assert isinstance(b, YScalar)
    assert (a.plain, b.plain) == (True, False)


def test_nodes_keep_one_based_locations() -> None:
    root = read("top:\n  list:\n    - first\n    - {k: v}\n")
    key, top = root.entries["top"]
    assert (key.line, key.col) == (1, 1)
    assert isinstance(top, YMap)
    _, items = top.entries["list"]
    assert isinstance(items, YSeq)
    assert (items.items[0].line, items.items[0].col) == (3, 7)
    assert isinstance(items.items[1], YMap)
    assert (items.items[1].line, items.items[1].col) == (4, 7)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("a: 1\na: 2\n", "file.yaml:2:1: duplicate key 'a' (first on line 1)", id="dup"),
    pytest.param("x:\n  - {a: 1, b: 2, a: 3}\n",
                 "file.yaml:2:18: duplicate key 'a' (first on line 2)", id="dup-in-list"),
    pytest.param("a: &x 1\n", "file.yaml:1:4: anchors (&x) are not allowed", id="anchor"),
    pytest.param("a: &x [1]\n", "file.yaml:1:4: anchors (&x) are not allowed", id="anchor-list"),
    pytest.param("<<: {a: 1}\n", "file.yaml:1:1: merge keys (<<) are not allowed", id="merge"),
    pytest.param("a: !!python/object/apply:os.system [ls]\n",
                 "file.yaml:1:4: tags (tag:yaml.org,2002:python/object/apply:os.system) "
                 "are not allowed", id="python-tag"),
    pytest.param("a: 1\n---\nb: 2\n", "file.yaml:2:1: the file holds more than one YAML document",
                 id="two-documents"),
    pytest.param("[a]\n", "file.yaml:1:1: the top level must be a mapping of keys to values",
                 id="list"),
    pytest.param("", "file.yaml: the file is empty", id="empty"),
    pytest.param("# nothing\n", "file.yaml: the file is empty", id="comment-only"),
    pytest.param("a:\n\tb: 1\n", "file.yaml:2:1: YAML syntax error: while scanning for the next "
                 "token found character that cannot start any token", id="tab"),
    pytest.param("a: é\nb: \x07\n", "file.yaml:2:4: the file contains the character U+0007, "
                 "which YAML does not allow", id="control-after-multibyte"),
    # a line separator is a line break to YAML, so the DEL is on line 3
    pytest.param("a: 'x\u2028y'\nb: \x7f\n", "file.yaml:3:4: the file contains the character "
                 "U+007F, which YAML does not allow", id="control-after-line-separator"),
    pytest.param("[" * (MAX_DEPTH + 1), f"file.yaml:1:{MAX_DEPTH + 1}: the file is nested too "
                 f"deeply (more than {MAX_DEPTH} levels)", id="too-deep"),
])
def test_refused_with_a_location(text: str, expected: str) -> None:
    assert expected in problems(text)


def test_alias_is_refused_and_reading_goes_on() -> None:
    found = problems("a: &x 1\nb: *x\nc: *x\n")
    assert found == ["file.yaml:1:4: anchors (&x) are not allowed",
                     "file.yaml:2:4: aliases (*x) are not allowed",
                     "file.yaml:3:4: aliases (*x) are not allowed"]


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    found = problems("\n".join(lines) + "\n")
    assert len(found) == 10 + 9 * 9  # every anchor and every alias, each once


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    assert list(read('"<<": x\n').entries) == ["<<"]


def test_a_key_that_is_a_list_is_refused_and_its_value_skipped() -> None:
    assert problems("? [a, b]\n: {deep: [1, 2]}\nok: 1\n") == [
        "file.yaml:1:3: keys must be plain text, not a list or mapping"]


@pytest.mark.parametrize(("data", "expected"), [
    pytest.param(b"\xef\xbb\xbfa: 1\n", None, id="utf-8-bom-is-fine"),
    pytest.param("a: 1\n".encode("utf-16"), "file.yaml:1:1: the file is saved as UTF-16",
                 id="utf-16"),
    pytest.param(b"\xfe\xff\x00a", "file.yaml:1:1: the file is saved as UTF-16", id="utf-16-be"),
    pytest.param("a: 1\n".encode("utf-32"), "file.yaml:1:1: the file is saved as UTF-32",
                 id="utf-32"),
    pytest.param("a: 1\nb: café\n".encode("latin-1"),
                 "file.yaml:2:7: the file is not valid UTF-8 (byte 0xe9)", id="latin-1"),
    pytest.param(b"a: 1\nb: x\x00y\n",
                 "file.yaml:2:5: the file contains a NUL character (byte 0x00)", id="nul"),
])
def test_encodings(data: bytes, expected: str | None) -> None:
    if expected is None:
        assert scalar(read(data).entries["a"][1]) == "1"
    else:
        assert problems(data) == [expected]


def test_problem_shows_the_right_line_even_after_a_form_feed_or_line_separator() -> None:
    # YAML counts \r\n, \r, \n, NEL, LS and PS as line breaks, but not a form feed.
    source = Source("f", "a\r\nb\rc\x85d\u2028e\u2029f\ng\x0ch\n")
    assert [source.line(n) for n in range(1, 8)] == ["a", "b", "c", "d", "e", "f", "g\x0ch"]
    assert source.position(source.text.index("h")) == (7, 3)
    assert source.position(0) == (1, 1)


@pytest.mark.parametrize("data", [
    pytest.param("[" * 100_000 + "]" * 100_000, id="flow"),
    pytest.param("[" * 100_000, id="flow-unclosed"),
    pytest.param("{a: " * 100_000, id="flow-mappings"),
    pytest.param("- " * 100_000 + "x\n", id="block"),
])
def test_deep_nesting_is_refused_on_its_line_before_it_gets_slow(data: str) -> None:
    # 100,000 levels: libyaml would take quadratic time; we stop at MAX_DEPTH. Since libyaml
    # 0.2.6 its scanner refuses flow nesting past 1,000 levels before our check sees an event,
    # in its own words: either way the file is refused once, on line 1, in a moment.
    found = problems(data)
    assert len(found) == 1
    assert found[0].startswith("file.yaml:1:")


def test_what_names_the_kind_of_file() -> None:
    with pytest.raises(InvalidFile) as raised:
        read("- a\n", what="answers file")
    assert raised.value.what == "answers file"
    assert raised.value.message == "file.yaml: invalid answers file (1 problem)"


@FAST
@given(st.binary(max_size=3_000))
def test_any_bytes_give_a_mapping_or_invalid_file(data: bytes) -> None:
    try:
        root = read(data)
    except InvalidFile as error:
        assert error.problems
    else:
        assert isinstance(root, YMap)


@FAST
@given(st.recursive(
    # JSON escapes characters beyond the BMP as surrogate pairs, which YAML does not read
    st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10, alphabet=st.characters(max_codepoint=0xFFFF,
                                                                  exclude_categories=["Cs"])),
                      children, max_size=4),
    max_leaves=30,
))
def test_flow_documents_read_back_as_strings(value: object) -> None:
    """Any JSON-like document (JSON is YAML) reads back with every scalar as its text."""
    import json

    document = {"root": value}
    root = read(json.dumps(document))

    def plain(node: object) -> object:
        if isinstance(node, YScalar):
            return node.value
        if isinstance(node, YSeq):
            return [plain(item) for item in node.items]
        assert isinstance(node, YMap)
        return {key: plain(item) for key, (_, item) in node.entries.items()}

    assert plain(root) == document


@pytest.mark.parametrize(("what", "hint"), [
    ("tree", "start the file with `id: ...` on the first line"),
    ("translation", "start the file with `translation: ...` on the first line"),
    ("answers file", "write each setting as `key: value` on a line of its own"),
    ("policy profile", "write each setting as `key: value` on a line of its own"),
    ("resources file", "write each setting as `key: value` on a line of its own"),
])
def test_a_file_that_is_not_a_mapping_is_told_how_its_own_kind_starts(what: str,
                                                                       hint: str) -> None:
    with pytest.raises(InvalidFile) as raised:
        parse(Source("file.yaml", "- one\n- two\n"), what)
    [problem] = raised.value.problems
    assert problem.hint == hint
