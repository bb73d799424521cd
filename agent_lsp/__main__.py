"""`agent-lsp` and `python -m agent_lsp`: the CLI, its modules imported the way startup.py makes cheaper."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from agent_lsp.startup import cached_compilation, default_path, imports_without_full_collections

    # The core's dataclasses write their methods' source at import: see startup.py.
    with imports_without_full_collections(), cached_compilation(default_path("cli")):
        from agent_lsp.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
