"""The workloads of `lsp_latency.py`: the documents it opens and types into, and the measurements it
makes against one server (`Session`), through the benchmarks' client (`lspwire.py`).

The documents are also used by `memory_soak.py`. Nothing here prints: `latency_report.py` renders the
figures a `Session` collects, and `lsp_latency.py` is the command line that runs and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lspwire import REPO_ROOT, LspClient, Timeout, tree_memory_kb  # the folder of this script is on sys.path

BENCH_DIR = Path(__file__).resolve().parent
FALLBACK_SCHEMA = BENCH_DIR / "agent-frontmatter.schema.json"

# Text typed into the description, one character per keystroke.
# It avoids ": ", " #", quotes and backslashes, so it stays a valid YAML scalar
# whether the description is plain, single-quoted or double-quoted.
TYPED_TEXT = (
    " and also reviews pull requests for correctness, style, naming, tests and"
    " security issues before they are merged into the main branch of the project."
)

COLORS = ["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"]
MODELS = ["sonnet", "opus", "haiku", "inherit"]


# --------------------------------------------------------------------------
# Workloads
# --------------------------------------------------------------------------

BODY_SECTIONS = [
    """You are a senior code reviewer who keeps a high bar for code quality, security and
maintainability. You are invoked right after code has been written or modified.

## When invoked

1. Run `git diff` to see the recent changes.
2. Focus on the modified files and the code paths that call them.
3. Begin the review immediately; do not ask for confirmation.
""",
    """## Review checklist

- Code is simple, readable and named for what it does.
- Functions and variables have clear, intention-revealing names.
- There is no duplicated logic that should be shared.
- Errors are handled explicitly and surfaced with useful messages.
- No secrets, API keys or credentials are committed.
- Input is validated at trust boundaries.
- Tests cover the new behaviour, including the failure paths.
- Performance is considered for hot paths and large inputs.
""",
    """## How to report

Organise the feedback by priority:

- **Critical** (must fix before merge)
- **Warnings** (should fix)
- **Suggestions** (consider improving)

Include a specific example of how to fix each issue, for instance:

```python
def load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
```
""",
    """## Things to avoid

Do not rewrite working code for taste alone. Do not reformat files that the change
did not touch. Do not approve a change whose tests you have not read. Prefer a short,
concrete comment over a long, general one, and link to the line you mean.

| Area | What to look for |
| --- | --- |
| Security | injection, path traversal, unsafe deserialisation |
| Concurrency | shared mutable state, missing locks, races |
| Resources | unclosed files, sockets, subprocesses |
""",
]


def agent_frontmatter(name: str, index: int = 0) -> list[str]:
    """About fifteen lines of frontmatter (with the delimiters) for a typical agent."""
    return [
        "---",
        f"name: {name}",
        "description: Expert code review specialist. Use proactively right after writing or"
        " modifying code to review quality, security and maintainability",
        "tools: Read, Grep, Glob, Bash",
        "disallowedTools: Write, Edit",
        f"model: {MODELS[index % len(MODELS)]}",
        "permissionMode: default",
        f"maxTurns: {10 + index % 30}",
        "memory: project",
        "effort: high",
        f"color: {COLORS[index % len(COLORS)]}",
        "skills:",
        "  - code-review",
        "  - security-checklist",
        "background: false",
        "---",
    ]


def agent_body(target_bytes: int, title: str) -> str:
    parts = [f"# {title}\n"]
    size = len(parts[0])
    section = 0
    while size < target_bytes:
        chunk = BODY_SECTIONS[section % len(BODY_SECTIONS)]
        if section >= len(BODY_SECTIONS):
            chunk = f"<!-- part {section} -->\n" + chunk
        parts.append("\n" + chunk)
        size += len(parts[-1])
        section += 1
    return "".join(parts)


def generate_agent(name: str, body_bytes: int, index: int = 0) -> str:
    return "\n".join(agent_frontmatter(name, index)) + "\n\n" + agent_body(body_bytes, name)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Workload:
    """The agent document, the positions used by the benchmark, and its YAML-only view."""

    def __init__(self, text: str, label: str) -> None:
        text = text.replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        self.text = text
        self.label = label
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            raise SystemExit(f"{label}: the agent file must start with a '---' frontmatter line")
        try:
            self.fm_end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
        except StopIteration:
            raise SystemExit(f"{label}: no closing '---' frontmatter line") from None
        self.fm_start = 1
        fm = lines[self.fm_start:self.fm_end]
        self.fm_lines = fm

        def find(key: str) -> int | None:
            for i, line in enumerate(fm):
                if re.match(rf"{re.escape(key)}\s*:", line):
                    return i + self.fm_start
            return None

        # Where to type: the end of the description value.
        self.type_prefix = ""
        desc = find("description")
        if desc is None:
            desc = find("name") or self.fm_start
        line = lines[desc]
        value = line.split(":", 1)[1].strip() if ":" in line else ""
        col = utf16_len(line.rstrip())
        if value[:1] in ("|", ">") and desc + 1 < self.fm_end:
            desc += 1  # block scalar: type into its first content line
            col = utf16_len(lines[desc].rstrip())
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            col -= 1  # quoted: type before the closing quote
        elif value == "":
            self.type_prefix = " "
        self.type_pos = (desc, col)

        name_line = find("name")
        self.hover_pos = (name_line if name_line is not None else self.fm_start, 1)
        model_line = find("model")
        if model_line is not None:
            self.completion_pos = (model_line, utf16_len("model: "))
            self.completion_what = "value of `model:`"
        else:
            self.completion_pos = (self.hover_pos[0], 0)
            self.completion_what = "key at the start of the `name:` line"
        self.color_line = find("color")

    def yaml_text(self) -> str:
        return "\n".join(self.fm_lines) + "\n"

    def view(self, kind: str) -> tuple[str, int]:
        """(document text, line offset to subtract from Markdown positions)."""
        if kind == "yaml":
            return self.yaml_text(), self.fm_start
        return self.text, 0


def sanity_document(kind: str) -> tuple[str, int]:
    """A small agent with an invalid ``color`` value; returns (text, color line)."""
    lines = agent_frontmatter("sanity-check")
    color = next(i for i, l in enumerate(lines) if l.startswith("color:"))
    lines[color] = "color: not-a-color"
    if kind == "yaml":
        return "\n".join(lines[1:-1]) + "\n", color - 1
    return "\n".join(lines) + "\n\nSanity check body.\n", color


# --------------------------------------------------------------------------
# Schema for yaml-language-server
# --------------------------------------------------------------------------

def obtain_schema(args: argparse.Namespace, ours_cmd: list[str] | None,
                  env: dict[str, str]) -> tuple[dict, str]:
    """Return (schema, how it was obtained)."""
    if args.schema:
        return json.loads(Path(args.schema).read_text(encoding="utf-8")), f"--schema {args.schema}"
    attempts: list[list[str]] = []
    if shutil.which("agent-lsp"):
        attempts.append(["agent-lsp", "schema", "agent"])
    if ours_cmd and "agent_lsp" in " ".join(ours_cmd):
        # Same interpreter as the server under test: <python> -m agent_lsp schema agent
        prefix = ours_cmd[: ours_cmd.index("-m") + 2] if "-m" in ours_cmd else None
        if prefix:
            attempts.append(prefix + ["schema", "agent"])
    attempts.append([sys.executable, "-m", "agent_lsp", "schema", "agent"])
    problems = []
    unique = []
    for cmd in attempts:
        if cmd not in unique:
            unique.append(cmd)
    for cmd in unique:
        try:
            out = subprocess.run(cmd, capture_output=True, timeout=args.timeout, cwd=str(REPO_ROOT),
                                 env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"`{shlex.join(cmd)}`: {exc}")
            continue
        if out.returncode == 0:
            try:
                schema = json.loads(out.stdout)
                if isinstance(schema, dict):
                    return schema, f"`{shlex.join(cmd)}`"
                problems.append(f"`{shlex.join(cmd)}`: output is not a JSON object")
            except ValueError as exc:
                problems.append(f"`{shlex.join(cmd)}`: output is not JSON ({exc})")
        else:
            tail = (out.stderr or b"").decode(errors="replace").strip().splitlines()[-1:]
            problems.append(f"`{shlex.join(cmd)}` exited {out.returncode}: {' '.join(tail)}")
    schema = json.loads(FALLBACK_SCHEMA.read_text(encoding="utf-8"))
    return schema, ("FALLBACK: bundled benchmarks/agent-frontmatter.schema.json, because "
                    + "; ".join(problems))


# --------------------------------------------------------------------------
# One server session
# --------------------------------------------------------------------------

def lsp_range(line: int, col: int) -> dict:
    return {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}


def initialize_params(workspace: Path, pull: bool = False) -> dict:
    params = {
        "processId": os.getpid(),
        "clientInfo": {"name": "agent-lsp-benchmark", "version": "1"},
        "locale": "en",
        "rootPath": str(workspace),
        "rootUri": workspace.as_uri(),
        "workspaceFolders": [{"uri": workspace.as_uri(), "name": workspace.name}],
        "initializationOptions": None,
        "trace": "off",
        # No textDocument.diagnostic capability (unless `pull`): servers must push diagnostics.
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "workspace": {
                "configuration": True,
                "workspaceFolders": True,
                "didChangeConfiguration": {"dynamicRegistration": True},
                "applyEdit": False,
            },
            "textDocument": {
                "synchronization": {"dynamicRegistration": False, "didSave": True,
                                    "willSave": False, "willSaveWaitUntil": False},
                "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                       "codeDescriptionSupport": True, "dataSupport": True},
                "completion": {"dynamicRegistration": False,
                               "completionItem": {"snippetSupport": False,
                                                  "documentationFormat": ["markdown", "plaintext"]},
                               "contextSupport": True},
                "hover": {"dynamicRegistration": False, "contentFormat": ["markdown", "plaintext"]},
                "documentSymbol": {"dynamicRegistration": False,
                                   "hierarchicalDocumentSymbolSupport": True},
            },
            "window": {"workDoneProgress": True},
        },
    }
    if pull:  # a pull client: it asks for diagnostics (textDocument/diagnostic); the server pushes none
        params["capabilities"]["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
    return params


class ServerSpec:
    def __init__(self, name: str, argv: list[str], kind: str, version: str = "") -> None:
        self.name, self.argv, self.kind, self.version = name, argv, kind, version
        self.pull = name.endswith("-pull")
        """A pull client (a server named `...-pull`): diagnostics are requested after each change."""


def timed_initialize(spec, workspace, settings, args, env, stderr_path):
    """Start a server, initialize it, and return the client with the startup time."""
    t0 = time.perf_counter()
    client = LspClient(spec.argv, cwd=Path(args.cwd), env=env, stderr_path=stderr_path,
                       settings=settings, workspace=workspace)
    client.t_start = t0
    try:
        result, _ = client.request("initialize", initialize_params(workspace, spec.pull), args.init_timeout)
    except Timeout:
        client.close(1.0)
        raise
    init_s = time.perf_counter() - t0
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": settings})
    return client, result or {}, init_s


def sync_kind(capabilities: dict) -> int:
    sync = capabilities.get("textDocumentSync")
    if isinstance(sync, dict):
        return int(sync.get("change", 0) or 0)
    return int(sync or 0)


class Session:
    """Runs the measurements against one server and collects the figures."""

    def __init__(self, spec: ServerSpec, workload: Workload, args, env, schema_path: Path,
                 workdir: Path) -> None:
        self.spec = spec
        self.workload = workload
        self.args = args
        self.env = env
        self.kind = spec.kind
        self.workspace = workdir / spec.name / "workspace"
        self.agents_dir = self.workspace / ".claude" / "agents"
        self.agents_dir.mkdir(parents=True, exist_ok=True)
        self.logs = workdir / spec.name
        self.ext = ".yaml" if self.kind == "yaml" else ".md"
        self.language_id = "yaml" if self.kind == "yaml" else "markdown"
        self.settings = self._settings(schema_path)
        self.result: dict[str, Any] = {
            "name": spec.name, "command": shlex.join(spec.argv), "kind": spec.kind,
            "version": spec.version, "metrics": {}, "failures": {}, "notes": [], "sanity": {},
        }
        self.workspace_files: list[Path] = []
        self.storm_files: list[Path] = []
        if self.kind == "yaml":
            self.note("yaml-language-server sees the frontmatter as a YAML file: it cannot parse Markdown, "
                      "so it gets the lines between the '---' delimiters as a .yaml document with the same "
                      "keystrokes, and the agent JSON Schema applied through yaml.schemas")
            delay = yaml_ls_validation_delay(spec.argv)
            if delay is not None:
                self.note(f"yaml-language-server waits {delay} ms after a change before it validates "
                          "(validationDelayMs, fixed in its source, not a setting): its keystroke and open "
                          "latencies include that delay")

    def _settings(self, schema_path: Path) -> dict:
        if self.kind != "yaml":
            return {}
        pattern = str(self.agents_dir / "*.yaml")
        return {
            "yaml": {
                "schemas": {schema_path.as_uri(): [pattern]},
                "validate": True,
                "completion": True,
                "hover": True,
                "format": {"enable": False},
                "schemaStore": {"enable": False},
                "kubernetesCRDStore": {"enable": False},
            },
            "http": {"proxy": "", "proxyStrictSSL": False},
            "[yaml]": {},
            "editor": {"detectIndentation": True},
        }

    # -- helpers ------------------------------------------------------------
    def fail(self, metric: str, reason: str) -> None:
        entry = self.result["failures"].setdefault(metric, {"count": 0, "first": reason})
        entry["count"] += 1

    def add(self, metric: str, seconds: float) -> None:
        self.result["metrics"].setdefault(metric, []).append(seconds * 1000.0)

    def note(self, text: str) -> None:
        self.result["notes"].append(text)

    def open_doc(self, client: LspClient, path: Path, text: str,
                 version: int = 1) -> tuple[str, int, float]:
        """didOpen; returns (uri, diagnostics-log mark, send time)."""
        uri = path.as_uri()
        mark = client.diag_mark()
        t_open = client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": self.language_id, "version": version, "text": text}})
        return uri, mark, t_open

    def diagnostics(self, client: LspClient, uri: str, version: int | None, mark: int,
                    timeout: float) -> tuple[float, int | None, list]:
        """The diagnostics of `uri` after a change: the next publish (push client), or the answer to a
        `textDocument/diagnostic` request sent now (pull client). Returns (time received, version, items)."""
        if not self.spec.pull:
            return client.wait_diagnostics(uri, version, mark, timeout)
        result, _ = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout)
        return time.perf_counter(), version, (result or {}).get("items", [])

    def first_diagnostics(self, client: LspClient, workspace: Path) -> None:
        """Cold start as an editor does it: open the agent right after `initialized`, and time process
        start -> its first publishDiagnostics (what the user waits for when the editor starts the server)."""
        text, _ = self.workload.view(self.kind)
        path = workspace / ".claude" / "agents" / f"benchmark-target{self.ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        uri, mark, _ = self.open_doc(client, path, text)
        try:
            t_recv, _, _ = self.diagnostics(client, uri, None, mark, self.args.open_timeout)
            self.add("start_to_first_diagnostics_ms", t_recv - client.t_start)
        except Timeout as exc:
            self.fail("start_to_first_diagnostics_ms", str(exc))

    def make_workspace_files(self) -> None:
        count = self.args.workspace_agents
        if not count:
            return
        body = 6 * 1024
        for i in range(count):
            name = f"bench-agent-{i:04d}"
            wl_text = generate_agent(name, body, i)
            if self.kind == "yaml":
                wl_text = Workload(wl_text, name).yaml_text()
            path = self.agents_dir / f"{name}{self.ext}"
            path.write_text(wl_text, encoding="utf-8")
            self.workspace_files.append(path)

    def make_storm_files(self) -> None:
        """The files a storm rewrites (`--storm N`): in the workspace from the start, so the scan indexes them."""
        folder = self.workspace / ".claude" / "skills"
        for i in range(self.args.storm):
            path = folder / f"storm-{i:04d}" / "SKILL.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\nname: storm-{i:04d}\ndescription: Storm skill {i}, round 0\n---\nBody\n",
                            encoding="utf-8")
            self.storm_files.append(path)

    # -- phases -------------------------------------------------------------
    def run(self) -> dict:
        args = self.args
        self.make_workspace_files()
        self.make_storm_files()
        try:
            client, init_result, init_s = timed_initialize(
                self.spec, self.workspace, self.settings, args, self.env, self.logs / "stderr-main.log")
        except Timeout as exc:
            self.fail("initialize_ms", str(exc))
            self.result["error"] = f"initialize failed: {exc}"
            self.result["stderr_tail"] = tail_file(self.logs / "stderr-main.log")
            return self.result
        self.add("initialize_ms", init_s)
        caps = (init_result or {}).get("capabilities", {})
        self.result["server_info"] = (init_result or {}).get("serverInfo")
        self.result["sync_kind"] = sync_kind(caps)
        try:
            self.sanity(client)
            self.typing_and_requests(client, caps)
            self.result["memory_after_requests"] = tree_memory_kb(client.proc.pid)
            if self.workspace_files:
                self.workspace_session(client)
            self.result["memory"] = tree_memory_kb(client.proc.pid)
        except Timeout as exc:
            self.result["error"] = str(exc)
        finally:
            if client.proc.poll() is None and "memory" not in self.result:
                self.result["memory"] = tree_memory_kb(client.proc.pid)
            self.result["server_requests"] = dict(client.server_requests)
            self.result["notifications"] = dict(client.notifications)
            exited = client.proc.poll()
            client.close()
            if exited is not None:
                self.result["error"] = self.result.get("error") or f"server exited with {exited}"
                self.result["stderr_tail"] = tail_file(self.logs / "stderr-main.log")
        return self.result

    def sanity(self, client: LspClient) -> None:
        """An invalid ``color`` must produce a diagnostic on the color line."""
        text, color_line = sanity_document(self.kind)
        path = self.workspace / ".claude" / "agents" / f"zz-sanity{self.ext}"
        path.write_text(text, encoding="utf-8")
        uri, mark, _ = self.open_doc(client, path, text)
        deadline = time.perf_counter() + self.args.sanity_timeout
        version, found, last_diags, error = 1, False, None, None
        while time.perf_counter() < deadline and not found:
            try:
                _, _, diags = self.diagnostics(client,
                    uri, None, mark, max(0.05, min(self.args.diag_timeout, deadline - time.perf_counter())))
                last_diags = diags
                found = any(d.get("range", {}).get("start", {}).get("line") == color_line for d in diags)
            except Timeout as exc:
                error = str(exc)
            if not found:
                # The schema may not be configured yet (yaml-language-server reads
                # its settings asynchronously): nudge a revalidation and look again.
                time.sleep(0.2)
                version += 1
                mark = client.diag_mark()
                client.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": lsp_range(0, 0), "text": ""}]})
        message = ""
        if found:
            hit = next(d for d in last_diags if d.get("range", {}).get("start", {}).get("line") == color_line)
            message = str(hit.get("message", "")).splitlines()[0][:120]
        self.result["sanity"]["invalid_color"] = {
            "ok": found, "message": message,
            "diagnostics": None if last_diags is None else len(last_diags), "error": error}
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def typing_and_requests(self, client: LspClient, caps: dict) -> None:
        args, wl = self.args, self.workload
        text, offset = wl.view(self.kind)
        path = self.agents_dir / f"benchmark-target{self.ext}"
        path.write_text(text, encoding="utf-8")
        self.result["document_bytes"] = len(text.encode("utf-8"))
        uri, mark, t_open = self.open_doc(client, path, text)
        try:
            t_recv, version, diags = self.diagnostics(client, uri, None, mark, args.open_timeout)
            self.add("open_to_diagnostics_ms", t_recv - t_open)
            versioned = version is not None or self.spec.pull
        except Timeout as exc:
            self.fail("open_to_diagnostics_ms", str(exc))
            versioned = False
        if args.match == "version":
            versioned = True
        elif args.match == "first":
            versioned = False
        self.result["diagnostic_matching"] = ("pulled (textDocument/diagnostic after each change)" if self.spec.pull
                                              else "by version" if versioned else
                                              "first publishDiagnostics for the URI after the change")
        if not versioned:
            self.note("publishDiagnostics carries no version: each keystroke is matched with the "
                      "first publishDiagnostics for the URI after its didChange")

        full_sync = sync_kind(caps) == 1
        if full_sync:
            self.note("server asked for full document sync: every keystroke sends the whole text")
        line, col = wl.type_pos[0] - offset, wl.type_pos[1]
        doc_lines = text.split("\n")
        state = {"version": 1, "col": col}

        def keystroke(ch: str) -> tuple[int, int]:
            state["version"] += 1
            if full_sync:
                current = doc_lines[line]
                cut = len(current.encode("utf-16-le")[: state["col"] * 2].decode("utf-16-le"))
                doc_lines[line] = current[:cut] + ch + current[cut:]
                change = {"text": "\n".join(doc_lines)}
            else:
                change = {"range": lsp_range(line, state["col"]), "text": ch}
            mark = client.diag_mark()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": state["version"]},
                "contentChanges": [change]})
            state["col"] += utf16_len(ch)
            return state["version"], mark

        typed = (wl.type_prefix + TYPED_TEXT * (args.keystrokes // len(TYPED_TEXT) + 2))[: args.keystrokes]

        if args.mode in ("sequential", "both"):
            consecutive = 0
            for ch in typed:
                t_mark = time.perf_counter()
                version, mark = keystroke(ch)
                try:
                    t_recv, _, diags = self.diagnostics(client,
                        uri, version if versioned else None, mark, args.diag_timeout)
                    self.add("keystroke_to_diagnostics_ms", t_recv - t_mark)
                    consecutive = 0
                    self.result["last_diagnostic_count"] = len(diags)
                except Timeout as exc:
                    self.fail("keystroke_to_diagnostics_ms", str(exc))
                    consecutive += 1
                    if consecutive >= args.max_consecutive_failures:
                        self.note(f"keystroke phase stopped after {consecutive} consecutive failures")
                        break

        if args.mode in ("burst", "both"):
            for _ in range(args.burst_rounds):
                mark = client.diag_mark()
                t_first = time.perf_counter()
                t_last = t_first
                version = state["version"]
                for ch in typed:
                    t_last = time.perf_counter()
                    version, _ = keystroke(ch)
                try:
                    if versioned:
                        t_recv, _, _ = self.diagnostics(client, uri, version, mark, args.burst_timeout)
                    else:
                        t_recv, _ = client.wait_settled(uri, mark, args.settle, args.burst_timeout + args.settle)
                    self.add("burst_first_key_to_final_diagnostics_ms", t_recv - t_first)
                    self.add("burst_last_key_to_final_diagnostics_ms", t_recv - t_last)
                except Timeout as exc:
                    self.fail("burst_first_key_to_final_diagnostics_ms", str(exc))
                time.sleep(0.05)
            if not versioned:
                self.note(f"burst mode without versions: final diagnostics = the last publish before "
                          f"{args.settle:g} s without one")

        # Requests.
        td = {"uri": uri}
        requests = [
            ("completion_ms", "textDocument/completion",
             {"textDocument": td, "position": {"line": wl.completion_pos[0] - offset,
                                               "character": wl.completion_pos[1]},
              "context": {"triggerKind": 1}}),
            ("hover_ms", "textDocument/hover",
             {"textDocument": td, "position": {"line": wl.hover_pos[0] - offset,
                                               "character": wl.hover_pos[1]}}),
            ("document_symbol_ms", "textDocument/documentSymbol", {"textDocument": td}),
        ]
        for metric, method, params in requests:
            consecutive = 0
            for i in range(args.requests):
                try:
                    result, latency = client.request(method, params, args.timeout)
                    self.add(metric, latency)
                    consecutive = 0
                    if i == 0:
                        self.result["sanity"][metric.replace("_ms", "")] = describe_result(method, result)
                except Timeout as exc:
                    self.fail(metric, str(exc))
                    consecutive += 1
                    if consecutive >= args.max_consecutive_failures:
                        break
        if self.storm_files:
            self.storm(client, requests[0][2], requests[1][2])
        client.notify("textDocument/didClose", {"textDocument": td})

    def storm(self, client: LspClient, completion: dict, hover: dict) -> None:
        """A storm of file changes (a branch switch, a formatter run over the tree): every storm file is
        rewritten, then each is reported in its own didChangeWatchedFiles, all sent at once, and completion
        and hover are timed, one after the other, right after the last (`--storm-rounds` storms, 25 of each
        request per storm, a second's pause between storms)."""
        for round_number in range(1, self.args.storm_rounds + 1):
            for i, path in enumerate(self.storm_files):
                path.write_text(f"---\nname: storm-{i:04d}\ndescription: Storm skill {i}, round "
                                f"{round_number}\n---\nBody\n", encoding="utf-8")
            for path in self.storm_files:
                client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": path.as_uri(), "type": 2}]})
            for _ in range(25):
                for metric, method, params in (("storm_completion_ms", "textDocument/completion", completion),
                                               ("storm_hover_ms", "textDocument/hover", hover)):
                    try:
                        _, latency = client.request(method, params, self.args.timeout)
                        self.add(metric, latency)
                    except Timeout as exc:
                        self.fail(metric, str(exc))
            time.sleep(1.0)
        self.note(f"storm: {self.args.storm_rounds} x {len(self.storm_files)} file change events, "
                  "one per didChangeWatchedFiles, sent at once")

    def workspace_session(self, client: LspClient) -> None:
        """Open and close every generated workspace agent, a batch at a time."""
        batch = max(1, self.args.workspace_batch)
        files = self.workspace_files
        t0 = time.perf_counter()
        for start in range(0, len(files), batch):
            chunk = files[start:start + batch]
            opened = []
            for path in chunk:
                opened.append(self.open_doc(client, path, path.read_text(encoding="utf-8")))
            for uri, mark, t_open in opened:
                try:
                    t_recv, _, _ = self.diagnostics(client, uri, None, mark, self.args.diag_timeout)
                    self.add("workspace_open_to_diagnostics_ms", t_recv - t_open)
                except Timeout as exc:
                    self.fail("workspace_open_to_diagnostics_ms", str(exc))
            for uri, _, _ in opened:
                client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.result["workspace_session_s"] = time.perf_counter() - t0
        # Let the server finish processing the closes before memory is read.
        try:
            client.request("textDocument/documentSymbol", {"textDocument": {"uri": files[-1].as_uri()}}, 1.0)
        except Timeout:
            pass
        time.sleep(0.5)


def describe_result(method: str, result: Any) -> str:
    if result is None:
        return "null"
    if method == "textDocument/completion":
        items = result.get("items", []) if isinstance(result, dict) else result
        labels = [str(i.get("label")) for i in items[:5]]
        return f"{len(items)} items ({', '.join(labels)}{', ...' if len(items) > 5 else ''})"
    if method == "textDocument/hover":
        contents = result.get("contents")
        if isinstance(contents, dict):
            contents = contents.get("value", "")
        elif isinstance(contents, list):
            contents = " ".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        first = next((l for l in str(contents).splitlines() if l.strip()), "")
        return f"{len(str(contents))} chars: {first[:80]!r}"
    if method == "textDocument/documentSymbol":
        return f"{len(result)} top-level symbols"
    return type(result).__name__


def yaml_ls_validation_delay(argv: list[str]) -> int | None:
    """The validation debounce compiled into the yaml-language-server being run, if found."""
    for arg in argv:
        bin_path = Path(arg)
        if bin_path.name != "yaml-language-server":
            continue
        settings = bin_path.resolve().parent.parent / "out" / "server" / "src" / "yamlSettings.js"
        try:
            match = re.search(r"validationDelayMs\s*=\s*(\d+)", settings.read_text(encoding="utf-8"))
        except OSError:
            return None
        return int(match.group(1)) if match else None
    return None


def tail_file(path: Path, lines: int = 8) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
