"""Launcher for the agent-lsp server bundled in the VS Code extension (bundled/run_server.py in the .vsix).

Run as `python -I run_server.py [--probe | agent-lsp arguments]`. -I (isolated) keeps the user's PYTHONPATH,
user site-packages and the working directory (a workspace) off sys.path; this file then puts the bundled
libraries for the running CPython version first: libs/cp3XX, then libs/common.

--probe prints the interpreter's path and version, one a line, then checks that the bundled server and its
compiled dependencies import, and exits: 0 ok (third line: `agent_lsp <version>`), 3 this Python is not one
the bundle has libraries for (third line: `unsupported <versions>`), anything else: the import failed
(traceback on stderr). Kept importable by old Pythons so that they can say they are too old.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXIT_UNSUPPORTED = 3


def supported_versions():
    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as manifest:
        return json.load(manifest)["pythonVersions"]


def libraries():
    """The sys.path entries for this interpreter, or None when the bundle has none for its version."""
    version = "%d.%d" % sys.version_info[:2]
    if sys.implementation.name != "cpython" or version not in supported_versions():
        return None
    libs = os.path.join(HERE, "libs")
    return [os.path.join(libs, "cp%d%d" % sys.version_info[:2]), os.path.join(libs, "common")]


def main(argv):
    probe = argv[:1] == ["--probe"]
    if probe:
        sys.stdout.write(sys.executable + "\n" + "%d.%d.%d" % sys.version_info[:3] + "\n")
        sys.stdout.flush()
    paths = libraries()
    if paths is None:
        message = "unsupported " + ",".join(supported_versions())
        if probe:
            sys.stdout.write(message + "\n")
        else:
            sys.stderr.write("agent-lsp: the bundled server has no libraries for %s %d.%d (it has: %s)\n"
                             % (sys.implementation.name, sys.version_info[0], sys.version_info[1],
                                ", ".join(supported_versions())))
        return EXIT_UNSUPPORTED
    sys.path[0:0] = paths
    if probe:
        # The compiled dependencies are what can fail on a given machine (an old glibc or macOS).
        import yaml  # noqa: F401
        import pydantic_core._pydantic_core  # noqa: F401
        import agent_lsp
        import agent_lsp.cli  # noqa: F401
        sys.stdout.write("agent_lsp " + agent_lsp.__version__ + "\n")
        return 0
    from agent_lsp.__main__ import main as agent_lsp_main

    return agent_lsp_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
