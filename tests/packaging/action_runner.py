"""Run the shell steps of the composite GitHub Action (`action.yml`) the way a runner does, on this machine.

GitHub itself is out of reach, so this plays the runner's part for what the action's own scripts see:
inputs with their defaults, `${{ inputs.* }}`, `${{ github.action_path }}`, `${{ runner.temp }}` and
`${{ steps.<id>.outputs.* }}` in `env:`, `with:` and `if:`, `$GITHUB_OUTPUT` and `$GITHUB_PATH`, and
`bash --noprofile --norc -eo pipefail` for each `run:`. Steps that `uses:` another action are not run:
they are reported with the inputs they would get, so a test can check them.

`python -m tests.packaging.action_runner WORKSPACE [name=value ...]` runs every step (the install too)
in WORKSPACE and exits with the status of the first failing step (.ci/steps/action.sh uses it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ACTION = Path(__file__).resolve().parents[2] / "action.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COMPARISON = re.compile(r"^([\w.-]+)\s*==\s*'([^']*)'$")


@dataclass
class StepResult:
    id: str | None
    ran: bool
    status: int = 0
    stdout: str = ""
    stderr: str = ""
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    steps: list[StepResult]
    outputs: dict[str, str]
    path_additions: list[str]

    @property
    def status(self) -> int:
        return next((step.status for step in self.steps if step.status), 0)

    def step(self, step_id: str) -> StepResult:
        return next(step for step in self.steps if step.id == step_id)


def load_action(path: Path = ACTION) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Context:
    def __init__(self, inputs: dict[str, str], action_path: Path, temp: Path) -> None:
        self.values = {f"inputs.{name}": value for name, value in inputs.items()}
        self.values["github.action_path"] = str(action_path)
        self.values["runner.temp"] = str(temp)

    def lookup(self, name: str) -> str:
        if name not in self.values and not name.startswith("steps."):
            raise KeyError(f"the action uses `{name}`, which this runner does not provide")
        return self.values.get(name, "")

    def evaluate(self, expression: str) -> str | bool:
        comparison = _COMPARISON.match(expression)
        if comparison:
            return self.lookup(comparison.group(1)) == comparison.group(2)
        if re.fullmatch(r"[\w.-]+", expression):
            return self.lookup(expression)
        raise ValueError(f"expression not understood by the test runner: {expression!r}")

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: str(self.evaluate(match.group(1))), str(text))

    def condition(self, text: str | None) -> bool:
        if text is None:
            return True
        match = _EXPRESSION.fullmatch(text.strip())
        value = self.evaluate(match.group(1) if match else text.strip())
        return value is True or value == "true"


def run_action(workspace: Path, inputs: dict[str, str] | None = None, *, temp: Path | None = None,
               skip: frozenset[str] = frozenset(), action_path: Path | None = None) -> ActionRun:
    """Run the action's steps in `workspace`; steps whose id is in `skip` are not run (as if they had
    succeeded and written nothing)."""
    action = load_action((action_path or ACTION.parent) / "action.yml")
    declared = action.get("inputs", {})
    unknown = set(inputs or {}) - set(declared)
    if unknown:
        raise ValueError(f"not inputs of the action: {sorted(unknown)}")
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs or {})
    temp = temp or Path(tempfile.mkdtemp(prefix="runner-temp-"))
    context = _Context(values, action_path or ACTION.parent, temp)
    path_additions: list[str] = []
    results: list[StepResult] = []
    for step in action["runs"]["steps"]:
        step_id = step.get("id")
        if results and results[-1].status:
            break  # a failed step ends the job
        if not context.condition(step.get("if")):
            results.append(StepResult(step_id, ran=False, uses=step.get("uses")))
            continue
        if "uses" in step:
            with_ = {key: context.substitute(value) for key, value in step.get("with", {}).items()}
            results.append(StepResult(step_id, ran=False, uses=step["uses"], with_=with_))
            continue
        if step_id in skip:
            results.append(StepResult(step_id, ran=False))
            continue
        assert step.get("shell") == "bash", "every run step names its shell"
        output_file = temp / f"output-{len(results)}"
        path_file = temp / f"path-{len(results)}"
        output_file.write_text("")
        path_file.write_text("")
        env = {**os.environ, **{key: context.substitute(value) for key, value in step.get("env", {}).items()},
               "GITHUB_OUTPUT": str(output_file), "GITHUB_PATH": str(path_file), "RUNNER_TEMP": str(temp),
               "GITHUB_ACTION_PATH": str(action_path or ACTION.parent), "GITHUB_WORKSPACE": str(workspace)}
        env["PATH"] = os.pathsep.join([*reversed(path_additions), env.get("PATH", "")])
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=workspace, env=env, capture_output=True, text=True, timeout=1200)
        results.append(StepResult(step_id, ran=True, status=done.returncode, stdout=done.stdout,
                                  stderr=done.stderr))
        for line in output_file.read_text().splitlines():
            name, _, value = line.partition("=")
            context.values[f"steps.{step_id}.outputs.{name}"] = value
        path_additions += [line for line in path_file.read_text().splitlines() if line]
    outputs = {name: context.substitute(spec["value"]) for name, spec in action.get("outputs", {}).items()}
    return ActionRun(results, outputs, path_additions)


def main(argv: list[str]) -> int:
    workspace = Path(argv[0])
    inputs = dict(argument.split("=", 1) for argument in argv[1:])
    run = run_action(workspace, inputs)
    for step in run.steps:
        label = step.id or step.uses
        state = f"exit {step.status}" if step.ran else ("would use " + step.uses if step.uses else "skipped")
        print(f"--- step {label}: {state}")
        sys.stdout.write(step.stdout)
        sys.stderr.write(step.stderr)
        if step.uses and step.with_:
            print(f"    with {step.with_}")
    print(f"--- outputs {run.outputs}")
    return run.status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
