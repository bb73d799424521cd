"""The shape of the catalogue: a field, its allowed values, and one dialect's set of fields.

The data itself lives in `catalogue.py` (Claude Code) and `catalogues/<tool>.py` (every other tool); this
module only defines the types, so that each tool's catalogue can be written without importing the others.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from agent_lsp.core.dialects import Dialect


class Kind(enum.Enum):
    """The shape a field's value must have."""

    STRING = "string"
    BOOL = "boolean"
    POSITIVE_INT = "positive integer"
    ENUM = "one of a fixed set of values"
    TOOL_LIST = "tool list"
    NAME_LIST = "list of names"
    STRING_LIST = "list of strings"
    MAP = "map"
    HOOKS = "hooks map"
    MCP_SERVERS = "list of MCP servers"
    EFFORT = "effort level"
    MODEL = "model"
    MCP_SERVER_MAP = "map of MCP servers"
    """Copilot's `mcp-servers`: `{name: {command, args, tools} | {type: http, url, tools}}`."""
    MAP_LIST = "list of maps"


@dataclass(frozen=True, slots=True)
class Value:
    """An allowed value and what it means."""

    value: str
    doc: str
    colour: str | None = None
    """For `color`: the hex colour to show in editors."""


@dataclass(frozen=True, slots=True)
class Field:
    """One frontmatter key of one dialect."""

    key: str
    kind: Kind
    doc: str
    required: bool = False
    values: tuple[Value, ...] = ()
    default: str | None = None
    since: str | None = None
    """The Claude Code version that introduced the key (None: since the dialect existed)."""
    documented: bool = True
    """False for keys seen only in the 2.1.330 binary (experimental, may change)."""
    invalid: str = "ignored"
    """What Claude Code does with a value of the wrong shape."""
    snippet: str | None = None
    """Completion snippet for the value (LSP snippet syntax), when a plain key is not enough."""
    case_insensitive: bool = False
    non_empty: bool = False
    """For text: an empty value is ignored (Claude Code only uses a non-empty string)."""
    minimum: int = 1
    """For a positive integer: the least value Claude Code accepts."""
    recommended: bool = True
    """False for keys a tool accepts but leaves out of its own list of supported keys (VS Code's `infer`)."""

    @property
    def is_colour(self) -> bool:
        """A colour field (`color`): its values carry the colours editors show."""
        return any(value.colour for value in self.values)

    def allowed(self) -> tuple[str, ...]:
        return tuple(value.value for value in self.values)

    def value_doc(self, value: str) -> Value | None:
        for candidate in self.values:
            if candidate.value == value or (self.case_insensitive and candidate.value.lower() == value.lower()):
                return candidate
        return None


@dataclass(frozen=True)
class DialectCatalogue:
    """Everything the catalogue knows about one dialect."""

    dialect: Dialect
    title: str
    fields: tuple[Field, ...]
    by_key: dict[str, Field] = field(default_factory=dict)

    def get(self, key: str) -> Field | None:
        return self.by_key.get(key)


def make_catalogue(dialect: Dialect, title: str, fields: tuple[Field, ...]) -> DialectCatalogue:
    return DialectCatalogue(dialect, title, fields, {f.key: f for f in fields})
