"""The fields of Cursor (closed source; secondary evidence only): ../shared/spec/DIALECTS.md section 4."""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, make_catalogue
from agent_lsp.core.dialects import Dialect

CURSOR_RULE_FIELDS: tuple[Field, ...] = ()
CURSOR_AGENT_FIELDS: tuple[Field, ...] = ()

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.CURSOR_RULE: make_catalogue(Dialect.CURSOR_RULE, "Cursor rule (.mdc)", CURSOR_RULE_FIELDS),
    Dialect.CURSOR_AGENT: make_catalogue(Dialect.CURSOR_AGENT, "Cursor subagent", CURSOR_AGENT_FIELDS),
}
