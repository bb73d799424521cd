"""Shared by the VS Code end-to-end tests: prerequisites (skip, or fail under AGENT_LSP_E2E_REQUIRED=1),
the workspace with a broken agent (and the file its body links to), and where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import harness

ARTIFACTS = Path(os.environ.get("AGENT_LSP_E2E_ARTIFACTS", harness.HERE / "artifacts"))

BROKEN_AGENT = """\
---
name: code-reviewer
description: Reviews code for quality
model: sonet
color: purpel
tools: Read, Grep, Frobnicate
---
You review code. Read docs/guide.md first.
"""

LEAD_AGENT = """\
---
name: lead
description: Delegates reviews
tools: Read, Agent(code-reviewer)
skills: checklist
---
You delegate reviews to code-reviewer.
"""


@pytest.fixture(scope="module")
def prerequisites() -> None:
    reasons = harness.missing()
    if reasons:
        message = "VS Code end-to-end test prerequisites missing: " + "; ".join(reasons)
        if os.environ.get("AGENT_LSP_E2E_REQUIRED") == "1":
            pytest.fail(message + " (AGENT_LSP_E2E_REQUIRED=1)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workspace")
    agent = folder / ".claude" / "agents" / "reviewer.md"
    agent.parent.mkdir(parents=True)
    agent.write_text(BROKEN_AGENT, encoding="utf-8")
    guide = folder / "docs" / "guide.md"  # the target of the agent's link
    guide.parent.mkdir()
    guide.write_text("# Review guide\n", encoding="utf-8")
    (agent.parent / "lead.md").write_text(LEAD_AGENT, encoding="utf-8")
    skill = folder / ".claude" / "skills" / "checklist" / "SKILL.md"  # used by lead.md: its code lens says so
    skill.parent.mkdir(parents=True)
    skill.write_text("---\nname: checklist\ndescription: A review checklist\n---\nCheck each item.\n", encoding="utf-8")
    return folder
