"""End-to-end: the platform .vsix in a real VS Code (code-server), in Chromium, with no interpreter setting.

Asserts what a user sees: diagnostics with rule codes in the Problems panel, hover documentation on a key,
completion offering the model aliases, a document link in the body that opens its file, renaming an agent (F2) updating its use in another file; a skill's "used by" code lens opening the references
view on its use; and that the extension ran the server it carries (bundled) with a
Python it found on the login shell's PATH. Screenshots go to $AGENT_LSP_E2E_ARTIFACTS (default:
editors/vscode/e2e/artifacts/), kept by CI.

Skipped, with the reason, when a prerequisite is missing (see harness.missing()); with
AGENT_LSP_E2E_REQUIRED=1 (set by CI) a missing prerequisite fails instead.

Run: python -m pytest editors/vscode/e2e -v
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import harness
from .conftest import ARTIFACTS


@pytest.fixture(scope="module")
def page_on_agent(prerequisites: None, workspace: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    vsix = harness.default_vsix()
    assert vsix is not None
    home = tmp_path_factory.mktemp("home")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with harness.code_server(vsix, home) as server, harness.browser_page(home) as page:
        harness.open_workspace(page, server, workspace)
        harness.quick_open(page, "reviewer.md")
        page.keyboard.press("Enter")
        page.wait_for_selector(".monaco-editor .view-lines", timeout=30_000)
        try:
            yield server, page
        finally:
            page.screenshot(path=str(ARTIFACTS / "vscode-e2e-final.png"))
            (ARTIFACTS / "agent-lsp-output.log").write_text(server.extension_log(), encoding="utf-8")


def test_diagnostics_with_rule_codes_in_the_problems_panel(page_on_agent) -> None:  # noqa: ANN001
    server, page = page_on_agent
    page.wait_for_selector(harness.SQUIGGLES, timeout=90_000)
    harness.run_command(page, "View: Focus Problems")
    rows = page.locator(".markers-panel .monaco-list-row")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].length >= 4", timeout=30_000)
    text = " ".join(rows.all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-problems.png"))
    for code in ("KY006", "KY002", "TL002"):
        assert code in text, f"{code} not in the Problems panel: {text!r}"
    assert "agent-lsp" in text
    assert re.search(r"`?sonet`? is not a Claude model", text), text

    # The server the extension carries, run by a Python found on the login shell's PATH (no setting).
    log = server.extension_log()
    assert re.search(r"Server command \(bundled, from PATH\): \S*python\S* -I \S+/bundled/run_server\.py serve", log), log
    assert "agentLsp.interpreter" not in log


def test_hover_documents_a_key(page_on_agent) -> None:  # noqa: ANN001
    _, page = page_on_agent
    page.keyboard.press("Escape")
    harness.run_command(page, "View: Focus Active Editor Group")
    harness.go_to(page, 5, 2)  # on `color`
    harness.run_command(page, "Show or Focus Hover")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.monaco-hover')].some(h => h.textContent.includes('Allowed values'))",
        timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-hover.png"))
    text = " ".join(t for t in page.locator(".monaco-hover").all_inner_texts() if "Allowed values" in t)
    # The server's documentation of the `color` key: its title and the values Claude Code accepts.
    assert re.search(r"\bcolor\b", text), text
    for value in ("red", "purple", "cyan"):
        assert value in text, f"{value} not in the hover: {text!r}"


def test_completion_offers_the_model_aliases(page_on_agent) -> None:  # noqa: ANN001
    _, page = page_on_agent
    page.keyboard.press("Escape")
    harness.run_command(page, "View: Focus Active Editor Group")
    harness.go_to(page, 4, 8)  # the start of the model value `sonet`
    page.keyboard.press("Shift+End")
    page.keyboard.press("Delete")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".suggest-widget .monaco-list-row", state="visible", timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.suggest-widget .monaco-list-row')].some(r => r.textContent.includes('sonnet'))",
        timeout=30_000)
    labels = page.locator(".suggest-widget .monaco-list-row .label-name").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-completion.png"))
    for alias in ("sonnet", "opus", "haiku"):
        assert alias in labels, f"{alias} not offered: {labels}"



def test_a_relative_link_in_the_body_opens_its_file(page_on_agent) -> None:  # noqa: ANN001
    _, page = page_on_agent
    page.keyboard.press("Escape")
    harness.run_command(page, "View: Focus Active Editor Group")
    # The server's textDocument/documentLink: VS Code underlines the path as a link (a bare path in prose,
    # relative to the project: VS Code's own Markdown support links only `[text](target)` and URLs).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.monaco-editor .detected-link')]"
        ".some(l => l.textContent.includes('docs/guide.md'))", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-link.png"))
    harness.go_to(page, 8, 27)  # inside `docs/guide.md`
    harness.run_command(page, "Open Link")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.tabs-container .tab')].some(t => t.textContent.includes('guide.md'))",
        timeout=30_000)


def test_rename_an_agent_updates_its_use_in_another_file(page_on_agent) -> None:  # noqa: ANN001
    _, page = page_on_agent
    page.keyboard.press("Escape")
    harness.quick_open(page, "reviewer.md")  # the link test before opened guide.md
    page.keyboard.press("Enter")
    harness.run_command(page, "View: Focus Active Editor Group")
    harness.go_to(page, 2, 9)  # inside `code-reviewer` (`name: code-reviewer`)
    page.keyboard.press("F2")
    box = page.wait_for_selector(".rename-box input, .rename-box textarea", state="visible", timeout=30_000)
    box.fill("critic")
    page.keyboard.press("Enter")
    # (Monaco renders spaces as no-break spaces: look for the name alone.)
    page.wait_for_function(
        "() => document.querySelector('.monaco-editor .view-lines')?.textContent.includes('critic')",
        timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-rename.png"))
    # The use in lead.md (not open before) follows: VS Code applied the server's edit to it.
    harness.quick_open(page, "lead.md")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.monaco-editor .view-lines')].some(v => v.textContent.includes('Agent(critic)'))",
        timeout=30_000)


def test_a_skills_used_by_lens_opens_the_references_view(page_on_agent) -> None:  # noqa: ANN001
    _, page = page_on_agent
    page.keyboard.press("Escape")
    harness.quick_open(page, "SKILL.md")
    page.keyboard.press("Enter")
    # The server's lens on the opening `---`, after "who loads this file".
    page.wait_for_function(
        "() => [...document.querySelectorAll('.codelens-decoration a')].some(a => a.textContent.includes('used by 1 agent'))",
        timeout=60_000)
    page.locator(".codelens-decoration a", has_text="used by 1 agent").click()
    # The extension turns the lens' command into editor.action.showReferences: VS Code's peek view on lead.md.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.peekview-widget')].some(w => w.textContent.includes('lead.md'))",
        timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "vscode-e2e-code-lens.png"))
    text = " ".join(page.locator(".peekview-widget").all_inner_texts())
    assert "skills: checklist" in text.replace("\u00a0", " "), text

    # An agent's roster lens only informs: plain text (no command id), not a link.
    page.keyboard.press("Escape")
    harness.quick_open(page, "reviewer.md")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.codelens-decoration span')]"
        ".some(s => s.textContent.includes('description: 24 chars, ~6 tokens · 2 tools'))", timeout=30_000)
    links = page.locator(".codelens-decoration a").all_inner_texts()
    assert not any(link.startswith("description:") for link in links), links
