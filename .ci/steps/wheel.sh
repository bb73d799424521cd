#!/usr/bin/env bash
# The package as users get it: build the sdist and, from it, the wheel (what `python -m build` does);
# install the wheel (not editable) into a fresh venv; run the whole suite against the installed wheel,
# from a copy of the repository without agent_lsp/ so that nothing can import the checkout
# (tests/packaging/test_distribution.py proves it: AGENT_LSP_WHEEL makes it compare the imported
# package with the wheel, file for file). Then the README's quick start on that install.
set -euo pipefail
echo "== the wheel (built from the sdist, installed in a fresh venv) passes the suite"
cd "$(dirname "$0")/../.."
# shellcheck source=.ci/lib.sh
. .ci/lib.sh
checkout=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/agent-lsp-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build the sdist and the wheel from it"
python3 -m venv "$work/build-venv"
"$work/build-venv/bin/python" -m pip install -q build
"$work/build-venv/bin/python" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ls -l "$work/dist"
wheels=("$work"/dist/*.whl)
wheel=${wheels[0]}
sdists=("$work"/dist/*.tar.gz)
tar -tzf "${sdists[0]}" > "$work/sdist.txt"
for name in README.md CHANGELOG.md LICENSE pyproject.toml; do
  grep -qx "[^/]*/$name" "$work/sdist.txt" || { echo "the sdist lacks $name"; exit 1; }
done

echo "== install the wheel into a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel[test]"
"$work/venv/bin/agent-lsp" --version

echo "== the suite against the installed wheel"
mkdir "$work/tests-root"
git ls-files -z | tar -cf - --null -T - | tar -xf - -C "$work/tests-root"
rm -rf "$work/tests-root/agent_lsp"
(
  cd "$work/tests-root"
  # shellcheck disable=SC1091
  . "$work/venv/bin/activate"
  AGENT_LSP_WHEEL="$wheel" AGENT_LSP_CHECKOUT="$checkout" python -m pytest -q -p no:cacheprovider
)

echo "== README quick start on the wheel install (status 1 expected: one example is refused on purpose)"
wheel_examples() { cd "$work/tests-root" && "$work/venv/bin/agent-lsp" check examples; }
expect_examples_refused "$work/examples.txt" wheel_examples

echo "== the README's first quick-start command, as written there, in a fresh venv on a clean copy"
command=$(awk '/^## Quick start/ {q = 1} q && /^```bash/ {getline; print; exit}' README.md)
echo "\$ $command"
mkdir "$work/readme-root"
git ls-files -z | tar -cf - --null -T - | tar -xf - -C "$work/readme-root"
python3 -m venv "$work/readme-venv"
readme_quick_start() {
  cd "$work/readme-root"
  # shellcheck disable=SC1091
  . "$work/readme-venv/bin/activate"
  eval "$command"
}
expect_examples_refused "$work/readme.txt" readme_quick_start
"$work/readme-venv/bin/python" -m pip show agent-markdown-lsp | grep -E '^(Name|Version|Location):'
"$work/readme-venv/bin/agent-lsp" --version | grep -q 'agent-markdown-lsp'
