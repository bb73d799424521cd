"""Links in agent markdown: where each one is written and which file or URL it names, as plain data.

What counts as a link, and what it is relative to:

- URLs (`https://...`), anywhere in the file;
- `${CLAUDE_PLUGIN_ROOT}/...`, `${CLAUDE_SKILL_DIR}/...` and `${CLAUDE_PROJECT_DIR}/...` paths, anywhere
  (frontmatter hooks and fenced shell blocks run exactly these paths): relative to the plugin's root, the
  skill's folder and the project;
- Markdown links `[text](target)` and reference definitions `[id]: target` in the body, outside code:
  relative to the file's folder, as Markdown renders them;
- a command's `@path` file references, outside code: relative to the project (Claude Code reads the file
  into the prompt from the working directory);
- a skill's resource files (`scripts/...`, `references/...`, `templates/...`, `assets/...`, `examples/...`),
  anywhere in the body, code included (skills run `python scripts/x.py` from fenced blocks): relative to
  the skill's folder. A bare `NAME.md` outside code (`reference.md`) is relative to the skill's folder too,
  but it may as well be the project's `CHANGELOG.md`: a link when it exists, never reported missing;
- any other relative path in the body (`docs/guide.md`, `./notes.txt`): relative to the project (`./` and
  `../` to the file's folder). These are guesses, so they are links only when the target exists and are
  never reported missing (`Link.checked` is False).

Code (fenced and indented blocks as markdown-it finds them, in the outline's parse of the body, and inline
code spans) holds code, not prose: a Markdown link or an
`@path` written there is an example of the syntax (`[x](y)` in Python is an index expression), so it is no
link. Paths that code runs (plugin, skill and project variables, skill resources) stay links there.

This module does no I/O: `KnownFiles` is the set of existing paths the caller scanned, and `find_links`
only computes paths. Offsets are code points into the document.
"""

from __future__ import annotations

import bisect
import enum
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import unquote

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import FileModel
from agent_lsp.core.outline import code_blocks
from agent_lsp.core.suggestions import closest


class LinkKind(enum.Enum):
    URL = "url"
    MARKDOWN = "markdown"
    """`[text](target)` or `[id]: target`: relative to the file's folder."""
    FILE_REFERENCE = "file-reference"
    """A command's `@path`: relative to the project."""
    PLUGIN_ROOT = "plugin-root"
    """`${CLAUDE_PLUGIN_ROOT}/path`: relative to the plugin's root folder."""
    SKILL_DIR = "skill-dir"
    """`${CLAUDE_SKILL_DIR}/path`, or a skill's resource file (`scripts/x.py`, `reference.md`)."""
    PROJECT_DIR = "project-dir"
    """`${CLAUDE_PROJECT_DIR}/path`: relative to the project."""
    BARE = "bare"
    """Another relative path in the body: a link only when its target exists."""


BASE_NAMES = {
    LinkKind.MARKDOWN: "this file's folder", LinkKind.FILE_REFERENCE: "the project", LinkKind.PLUGIN_ROOT:
    "the plugin's root", LinkKind.SKILL_DIR: "the skill's folder", LinkKind.PROJECT_DIR: "the project",
    LinkKind.BARE: "the project",
}
"""What each kind of path is relative to, for messages and tooltips."""


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    end: int
    """Where the target is written (the URL, or the path without its `#fragment`)."""
    target: str
    """The URL, or the path as it names a file (percent-decoded, no `#fragment` or `?query`)."""
    kind: LinkKind
    path: str | None
    """The file it names (normalised; absolute when the document's path is); None for a URL or when what the
    path is relative to is unknown (a plugin path outside a known plugin)."""
    checked: bool
    """A missing target deserves a warning (LK001)."""


class KnownFiles:
    """The paths that exist (files, and every folder holding one), from a scan the caller made.

    The server keeps one up to date as files come and go (`add`, `remove`: a few steps per path, never a
    rebuild); analyses only read it.
    """

    def __init__(self, paths: Iterable[str] = (), skipped: Iterable[str] = ()) -> None:
        self.skipped = frozenset(skipped)
        """Names of the folders the scan does not enter (`node_modules`, `.git`): nothing is known below them."""
        self.files: set[str] = set()
        self._children: dict[str, set[str]] = {}
        for path in paths:
            self.add(path)

    def add(self, path: str) -> None:
        path = os.path.normpath(path)
        if path in self.files:
            return
        self.files.add(path)
        child, parent = path, os.path.dirname(path)
        while parent != child:  # up to "/" (or "" for a relative path: the folder it is relative to)
            names = self._children.get(parent)
            if names is not None:
                names.add(os.path.basename(child))
                return  # its parents already list it
            self._children[parent] = {os.path.basename(child)}
            child, parent = parent, os.path.dirname(parent)

    def remove(self, path: str) -> None:
        path = os.path.normpath(path)
        if path not in self.files:
            return
        self.files.discard(path)
        child, parent = path, os.path.dirname(path)
        while parent != child and child not in self.files and child not in self._children:
            names = self._children.get(parent)
            if names is None:
                return
            names.discard(os.path.basename(child))
            if names:
                return
            del self._children[parent]
            child, parent = parent, os.path.dirname(parent)

    def exists(self, path: str) -> bool:
        return path in self.files or path in self._children

    def unknowable(self, path: str) -> bool:
        """Whether `path` goes through a folder the scan did not enter (or up out of it): its absence says nothing."""
        return any(part in self.skipped or part == ".." for part in PurePath(path).parts)

    def is_folder(self, path: str) -> bool:
        return path in self._children

    def names_in(self, folder: str) -> tuple[str, ...]:
        """The names of the files and folders directly in `folder` (for did-you-mean)."""
        return tuple(sorted(self._children.get(folder, ())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownFiles) and (self.files, self._children, self.skipped) == (
            other.files, other._children, other.skipped)

    __hash__ = None  # type: ignore[assignment] - mutable


def known_files(paths: Iterable[str], skipped: Iterable[str] = ()) -> KnownFiles:
    """Index existing file paths (as the caller's scan found them) with the folders that hold them; `skipped`:
    the names of the folders the scan does not enter."""
    return KnownFiles(paths, skipped)


MAX_LINK_TEXT_CHARS = 2_000_000
"""Longer files get no links (as for the outline: real bodies have a few hundred lines)."""
MAX_LINKS = 2_000
"""At most this many links per file."""
_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]{1,2000}")
_VARIABLE = re.compile(r"\$(?:\{(CLAUDE_PLUGIN_ROOT|CLAUDE_SKILL_DIR|CLAUDE_PROJECT_DIR)\}"
                       r"|(CLAUDE_PLUGIN_ROOT|CLAUDE_SKILL_DIR|CLAUDE_PROJECT_DIR)\b)(/[^\s\"'`<>()\[\]{}|;&$*?]{0,1000})?")
_MARKDOWN_LINK = re.compile(r"\]\([ \t]*(<[^>\n]{0,1000}>|[^\s()<>]{1,1000})"
                            r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]{1,1000}\]:[ \t]*(<[^>\n]{0,1000}>|\S{1,1000})", re.MULTILINE)
_FILE_REFERENCE = re.compile(r"@((?:[^\s\\`'\"<>()\[\]{},;]|\\ ){1,1000})")
_RESOURCE = re.compile(r"(?:\./)?(?:scripts|references|reference|templates|assets|examples|resources)/[\w.@+-]")
_BARE = re.compile(r"(?:\.{1,2}/|[A-Za-z_])")
_SLASH = re.compile(r"/")
_MD_NAME = re.compile(r"\.md(?![\w/-])")
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@+-~/")
_PATH_RUN = re.compile(r"[\w.@+~/-]{0,2000}")
_NAME_BEFORE = re.compile(r"[A-Za-z][\w-]{0,200}\Z")
_NOT_BEFORE_PATH = frozenset("$%={}:\\")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_TRAILING = ".,:;!?*_"
_PLACEHOLDER = re.compile(r"[{}$<>*|]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


_LAST: tuple[FileModel, frozenset[str], list[Link]] | None = None
"""The last file's links: the checks (LK001, BD005, BD006) and the server ask for the same model's links."""


def find_links(model: FileModel, plugin_roots: frozenset[str] = frozenset()) -> list[Link]:
    """Every link of the file, in document order; never raises."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is model and last[1] == plugin_roots:
        return list(last[2])
    links = _find_links(model, plugin_roots)
    _LAST = (model, plugin_roots, links)
    return list(links)


def is_skill_resource(text: str, link: Link) -> bool:
    """A skill's resource file as the body names it (`scripts/fill.py`, `reference.md`), not a
    `${CLAUDE_SKILL_DIR}/...` path (whose `/` comes right before it): BD006's, not LK001's."""
    return link.kind is LinkKind.SKILL_DIR and (link.start == 0 or text[link.start - 1] != "/")


def _find_links(model: FileModel, plugin_roots: frozenset[str]) -> list[Link]:
    text = model.text
    if len(text) > MAX_LINK_TEXT_CHARS:
        return []
    path = model.document.path
    bases = _Bases(path, model.dialect, plugin_roots)
    body_start = model.body_start
    code: list[list[tuple[int, int]]] = []

    def in_code(offset: int) -> bool:  # the body is parsed only when a candidate needs it
        if not code:
            code.append(_code_ranges(model))
        return _inside(code[0], offset)

    taken: list[tuple[int, int]] = []
    links: list[Link] = []

    def add(start: int, end: int, target: str, kind: LinkKind, checked: bool) -> None:
        if len(links) >= MAX_LINKS or start >= end:
            return
        at = bisect.bisect_left(taken, (start, end))
        if (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end):
            return  # overlaps a link found before (a URL inside a Markdown link, a path inside a URL)
        taken.insert(at, (start, end))
        resolved = None if kind is LinkKind.URL else bases.resolve(kind, target)
        links.append(Link(start, end, target, kind, resolved, checked and resolved is not None))

    for match in _URL.finditer(text):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_"):
            continue
        start, end = match.start(), _trim(text, match.start(), match.end())
        add(start, end, text[start:end], LinkKind.URL, False)
    for match in _VARIABLE.finditer(text):
        if match.group(3) is None:
            continue
        kind = {"CLAUDE_PLUGIN_ROOT": LinkKind.PLUGIN_ROOT, "CLAUDE_SKILL_DIR": LinkKind.SKILL_DIR,
                "CLAUDE_PROJECT_DIR": LinkKind.PROJECT_DIR}[match.group(1) or match.group(2)]
        start, end = match.start(3) + 1, _trim(text, match.start(3), match.end(3))
        if end > start:
            add(start, end, text[start:end], kind, True)
    for pattern in (_MARKDOWN_LINK, _DEFINITION):
        for match in pattern.finditer(text, body_start):
            if in_code(match.start()):
                continue
            if pattern is _MARKDOWN_LINK and text.rfind("[", text.rfind("\n", 0, match.start()) + 1, match.start()) < 0:
                continue  # `](` with no `[` before it on its line: not a link
            start, end = match.start(1), match.end(1)
            if text[start] == "<":
                start, end = start + 1, end - 1
            written = text[start:end]
            if _SCHEME.match(written) or written.startswith(("#", "/")) or not written:
                continue  # a URL (found above), an anchor in this file, or an absolute path
            cut = min((at for at in (written.find("#"), written.find("?")) if at >= 0), default=len(written))
            target = unquote(written[:cut])
            if not cut or _PLACEHOLDER.search(target):
                continue  # `[{Epic_Key}]({Epic_URL})`, `($URL)`: a template's placeholder, not a path
            # `[docs](link)`, `[x](url)` name no file: a link when something of that name exists, never reported.
            add(start, start + cut, target, LinkKind.MARKDOWN, "." in target or "/" in target)
    if model.dialect is Dialect.COMMAND:
        for match in _FILE_REFERENCE.finditer(text, body_start):
            if match.start() > body_start and not text[match.start() - 1].isspace():
                continue  # `me@example.com`
            start, end = match.start(1), _trim(text, match.start(1), match.end(1))
            written = text[start:end]
            if in_code(match.start()) or written.startswith(("agent-", "/")) or not _looks_like_path(written):
                continue
            add(start, end, written.replace("\\ ", " "), LinkKind.FILE_REFERENCE, True)
    skill = model.dialect is Dialect.SKILL
    for start, end in _paths(text, body_start):
        written = text[start:end]
        if skill and _RESOURCE.match(written):
            add(start, end, written, LinkKind.SKILL_DIR, True)
        elif _BARE.match(written.removeprefix("@")):
            at = start + written.startswith("@")  # an agent's `@src/app.ts`: the path after the `@`
            add(at, end, text[at:end], LinkKind.BARE, False)
    if skill:
        for match in _MD_NAME.finditer(text, body_start):
            # `reference.md` beside SKILL.md, or the project's `CHANGELOG.md`: a link when it exists, never reported.
            name = _NAME_BEFORE.search(text, max(body_start, match.start() - 201), match.start())
            if name is None or in_code(name.start()):
                continue
            start = name.start() - 2 if text.startswith("./", name.start() - 2) else name.start()
            if start > body_start and text[start - 1] in _PATH_CHARS | _NOT_BEFORE_PATH | {"(", "["}:
                continue
            add(start, match.end(), text[start:match.end()], LinkKind.SKILL_DIR, False)
    return sorted(links, key=lambda link: link.start)


def _paths(text: str, start: int):
    """(start, end) of each run of path characters holding a `/` in text[start:], found from its slashes
    (a regex that tries every position of the text is ten times slower), trailing punctuation excluded."""
    position = start
    for slash in _SLASH.finditer(text, start):
        at = slash.start()
        if at < position:
            continue  # inside the run found before
        left = at
        while left > start and at - left < 2000 and text[left - 1] in _PATH_CHARS:
            left -= 1
        run = _PATH_RUN.match(text, at)
        right = run.end() if run else at + 1
        position = right
        if left > start and text[left - 1] in _NOT_BEFORE_PATH:
            continue  # `${VAR}/x`, `key=a/b`, `C:\\x/y`: not a relative path
        right = _trim(text, left, right)
        if "/" in text[left:right] and not text.startswith("//", left):
            yield left, right


def missing_links(links: Iterable[Link], known: KnownFiles) -> list[tuple[Link, str | None]]:
    """The checked links whose target does not exist although its folder does, each with the closest name in
    that folder (or None). A link into a folder that does not exist either is not reported: the workspace
    does not hold that part of the project (a file copied alone, a folder outside the scan)."""
    found: list[tuple[Link, str | None]] = []
    for link in links:
        if not link.checked or link.path is None or known.exists(link.path):
            continue
        folder = os.path.dirname(link.path)
        if not known.is_folder(folder):
            continue
        found.append((link, closest(os.path.basename(link.path), list(known.names_in(folder)))))
    return found


class _Bases:
    """What each kind of path is relative to, for one document (paths only: no file system access)."""

    def __init__(self, path: str | None, dialect: Dialect, plugin_roots: frozenset[str]) -> None:
        self.folder = os.path.dirname(path) if path else None
        self.plugin = next((root for root in plugin_roots if path and path.startswith(root.rstrip(os.sep) + os.sep)),
                           None)
        self.project = project_of(path) if path else None
        self.skill = self.folder if dialect is Dialect.SKILL else None

    def resolve(self, kind: LinkKind, target: str) -> str | None:
        if kind is LinkKind.BARE and target.startswith(("./", "../")):
            base = self.folder
        else:
            base = {LinkKind.MARKDOWN: self.folder, LinkKind.FILE_REFERENCE: self.project,
                    LinkKind.PLUGIN_ROOT: self.plugin, LinkKind.SKILL_DIR: self.skill,
                    LinkKind.PROJECT_DIR: self.project, LinkKind.BARE: self.project}[kind]
        if base is None:
            return None
        return os.path.normpath(os.path.join(base, target)) if base else os.path.normpath(target)


def project_of(path: str) -> str | None:
    """The project a file belongs to: the folder holding its `.claude` folder; None outside one."""
    parts = PurePath(path).parts
    if ".claude" not in parts[:-1]:
        return None
    index = len(parts) - 1 - parts[::-1].index(".claude")
    return str(PurePath(*parts[:index])) if index else ""


_SPAN_CACHE: dict[str, list[tuple[int, int]]] = {}
_SPAN_CACHE_LIMIT = 32


def _code_ranges(model: FileModel) -> list[tuple[int, int]]:
    """Document offsets of the body's code: fenced and indented blocks (markdown-it, through the outline's one
    parse of the body) and inline code spans (cached by the body's text: typing in the frontmatter reuses them)."""
    base = model.body_start
    blocks = list(code_blocks(model))
    body = model.body
    spans = _SPAN_CACHE.get(body)
    if spans is None:
        if len(_SPAN_CACHE) >= _SPAN_CACHE_LIMIT:
            _SPAN_CACHE.clear()
        spans = _SPAN_CACHE[body] = _inline_code(body, [(start - base, end - base) for start, end in blocks])
    return sorted(blocks + [(start + base, end + base) for start, end in spans])


def _inline_code(body: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inline code spans (CommonMark) outside `blocks`: a run of backticks up to the next run of the same
    length, within one paragraph. Paired in one pass (a regex with a back-reference takes minutes on 50,000
    backticks)."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(body)]
    following: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_of_length.get(length)
        last_of_length[length] = index
    blank_lines = [match.start() for match in _BLANK_LINE.finditer(body)]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closer = following[index]
        start = runs[index][0]
        if closer is None or _inside(blocks, start) or _any_between(blank_lines, runs[index][1], runs[closer][0]):
            index += 1
            continue
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


def _any_between(positions: list[int], start: int, end: int) -> bool:
    at = bisect.bisect_left(positions, start)
    return at < len(positions) and positions[at] < end


def _inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is in one of `ranges` (sorted, not overlapping)."""
    at = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return at >= 0 and ranges[at][0] <= offset < ranges[at][1]


def _trim(text: str, start: int, end: int) -> int:
    """The end of a match without the punctuation that ends the sentence around it (and an unmatched `)`)."""
    while end > start and (text[end - 1] in _TRAILING or (text[end - 1] == ")" and
                                                          text.count("(", start, end) < text.count(")", start, end))):
        end -= 1
    return end


def _looks_like_path(written: str) -> bool:
    """`@src/app.ts` or `@README.md`, not `@username` or `@here`."""
    return "/" in written or bool(re.search(r"\.[A-Za-z0-9]{1,10}$", written))
