"""Command line: ``python -m hpt_helpers.course {nav,check,env,strip,outputs,new}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hpt_helpers.course.conventions import notebook_problems, strip_outputs
from hpt_helpers.course.environment import render_environment
from hpt_helpers.course.nav import dead_binder_links, stale_files, update_course
from hpt_helpers.course.notebooks import (
    find_root,
    is_checked,
    read_notebook,
    write_notebook,
)
from hpt_helpers.course.scaffold import new_lesson


def _notebooks(root: Path, names: list[str]) -> list[Path]:
    if names:
        return [Path(n) if Path(n).exists() else root / "notebooks" / n for n in names]
    return sorted((root / "notebooks").glob("*.ipynb"))


def cmd_nav(root: Path, args) -> int:
    for path in update_course(root):
        print(f"updated {path.relative_to(root)}")
    return 0


def cmd_env(root: Path, args) -> int:
    (root / "environment.yml").write_text(render_environment(root), encoding="utf-8")
    print("wrote environment.yml")
    return 0


def cmd_strip(root: Path, args) -> int:
    for path in _notebooks(root, args.notebooks):
        write_notebook(path, strip_outputs(read_notebook(path)))
    return 0


def cmd_outputs(root: Path, args) -> int:
    """Execute notebooks; keep only the outputs of # NBVAL_CHECK_OUTPUT cells.

    The notebook is executed as a copy; only the marked cells' outputs are copied back
    into the file as it was read, so sources and metadata keep their committed layout.
    """
    import json

    import nbformat
    from nbclient import NotebookClient

    for path in _notebooks(root, args.notebooks):
        original = read_notebook(path)
        nb = nbformat.reads(json.dumps(original), as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        for kept, ran in zip(original["cells"], nb.cells, strict=True):
            if is_checked(kept):
                kept["outputs"] = [_as_lines(dict(out)) for out in ran.get("outputs", [])]
                kept["execution_count"] = ran.get("execution_count")
        write_notebook(path, strip_outputs(original))
        print(f"stored checked outputs of {path.name}")
    return 0


def _as_lines(output: dict) -> dict:
    """Store an output's text the way Jupyter saves it: a list of lines."""
    output = {k: (dict(v) if k == "data" else v) for k, v in output.items()}
    if isinstance(output.get("text"), str):
        output["text"] = output["text"].splitlines(keepends=True)
    for mime, value in output.get("data", {}).items():
        if isinstance(value, str) and mime.startswith("text/"):
            output["data"][mime] = value.splitlines(keepends=True)
    return output


def cmd_check(root: Path, args) -> int:
    problems = []
    for path in _notebooks(root, []):
        problems += notebook_problems(path)
    problems += [f"{p.relative_to(root)}: generated navigation or course map is stale "
                 "(run `python -m hpt_helpers.course nav`)" for p in stale_files(root)]
    problems += dead_binder_links(root)
    env = root / "environment.yml"
    if not env.exists() or env.read_text(encoding="utf-8") != render_environment(root):
        problems.append("environment.yml disagrees with pyproject.toml "
                        "(run `python -m hpt_helpers.course env`)")
    for p in problems:
        print(p)
    print("course check: " + ("OK" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


def cmd_new(root: Path, args) -> int:
    path = new_lesson(root, args.number, args.slug, args.title)
    update_course(root)
    print(f"created {path.relative_to(root)}; edit its header, then run "
          "`python -m hpt_helpers.course nav`")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hpt_helpers.course",
                                     description="Course tooling for hpt.")
    parser.add_argument("--root", type=Path, default=None, help="repository root")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("nav", help="regenerate navigation and course maps")
    sub.add_parser("check", help="fail when generated parts are stale or conventions broken")
    sub.add_parser("env", help="regenerate environment.yml from pyproject.toml")
    p = sub.add_parser("strip", help="remove outputs except # NBVAL_CHECK_OUTPUT cells")
    p.add_argument("notebooks", nargs="*")
    p = sub.add_parser("outputs", help="execute and store # NBVAL_CHECK_OUTPUT outputs")
    p.add_argument("notebooks", nargs="*")
    p = sub.add_parser("new", help="create a lesson from the template")
    p.add_argument("number")
    p.add_argument("slug")
    p.add_argument("title")
    args = parser.parse_args(argv)
    root = find_root(args.root)
    handler = {"nav": cmd_nav, "check": cmd_check, "env": cmd_env, "strip": cmd_strip,
               "outputs": cmd_outputs, "new": cmd_new}[args.command]
    return handler(root, args)


if __name__ == "__main__":
    sys.exit(main())
