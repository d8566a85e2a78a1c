"""The course's generated parts and conventions: navigation, course map, outputs, env."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hpt_helpers.course.__main__ import main as course_main
from hpt_helpers.course.conventions import notebook_problems, strip_outputs
from hpt_helpers.course.environment import render_environment
from hpt_helpers.course.nav import (
    binder_repo,
    binder_url,
    course_map,
    dead_binder_links,
    stale_files,
    update_course,
)
from hpt_helpers.course.notebooks import lessons, parse_header, read_notebook, write_notebook
from hpt_helpers.course.scaffold import new_lesson

ROOT = Path(__file__).resolve().parents[2]


def test_repository_notebooks_follow_the_conventions():
    problems = [p for nb in sorted((ROOT / "notebooks").glob("*.ipynb"))
                for p in notebook_problems(nb)]
    assert problems == []


def test_navigation_and_course_maps_are_current():
    stale = stale_files(ROOT)
    assert stale == [], f"run `python -m hpt_helpers.course nav`; stale: {stale}"


def test_environment_yml_agrees_with_pyproject():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert text == render_environment(ROOT), "run `python -m hpt_helpers.course env`"


def test_environment_lists_every_runtime_and_lab_dependency():
    try:
        import tomllib
    except ImportError:  # Python 3.10: the test extra installs tomli
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = render_environment(ROOT)
    names = [r.split(">")[0].split("=")[0].split("[")[0].strip().lower()
             for r in project["dependencies"] + project["optional-dependencies"]["lab"]]
    for name in names:
        assert f"  - {name}" in env
    assert "python=3.11" in env


def test_course_starts_with_the_index_and_is_numbered_in_order():
    course = lessons(ROOT)
    assert course[0].filename == "00_index.ipynb"
    numbers = [int(lesson.number) for lesson in course]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@pytest.fixture
def course_copy(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name in ("00_index.ipynb", "01_hyperparameters_and_estimators.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, tmp_path / "notebooks" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "README.md").write_text("# x\n<!-- course-map:start -->\n<!-- course-map:end -->\n")
    return tmp_path


def test_a_new_lesson_appears_in_navigation_and_maps(course_copy):
    update_course(course_copy)
    assert stale_files(course_copy) == []
    new_lesson(course_copy, "02", "new_topic", "New topic")
    assert course_copy / "notebooks" / "02_new_topic.ipynb" in stale_files(course_copy)
    update_course(course_copy)
    assert stale_files(course_copy) == []
    index = json.dumps(read_notebook(course_copy / "notebooks" / "00_index.ipynb"))
    assert "02_new_topic.ipynb" in index
    lesson01 = json.dumps(read_notebook(
        course_copy / "notebooks" / "01_hyperparameters_and_estimators.ipynb"), ensure_ascii=False)
    assert "[02 · New topic →](02_new_topic.ipynb)" in lesson01
    assert "02_new_topic.ipynb" in (course_copy / "README.md").read_text()


def test_editing_a_title_makes_the_map_stale(course_copy):
    update_course(course_copy)
    path = course_copy / "notebooks" / "01_hyperparameters_and_estimators.ipynb"
    nb = read_notebook(path)
    nb["cells"][0]["source"][0] = "# 01 · A renamed lesson\n"
    write_notebook(path, nb)
    assert set(stale_files(course_copy)) >= {course_copy / "notebooks" / "00_index.ipynb",
                                             course_copy / "README.md"}


def test_check_command_fails_on_outputs_and_passes_after_strip(course_copy, capsys):
    update_course(course_copy)
    (course_copy / "environment.yml").write_text(render_environment(course_copy))
    assert course_main(["--root", str(course_copy), "check"]) == 0
    path = course_copy / "notebooks" / "01_hyperparameters_and_estimators.ipynb"
    nb = read_notebook(path)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}]
    code["execution_count"] = 3
    write_notebook(path, nb)
    assert course_main(["--root", str(course_copy), "check"]) == 1
    assert "committed with outputs" in capsys.readouterr().out
    assert course_main(["--root", str(course_copy), "strip"]) == 0
    assert course_main(["--root", str(course_copy), "check"]) == 0


def test_strip_keeps_cells_marked_for_nbval_comparison():
    nb = {"metadata": {"widgets": {}}, "cells": [
        {"cell_type": "code", "source": ["# NBVAL_CHECK_OUTPUT\n", "print(1)"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}],
         "execution_count": 1, "metadata": {}},
        {"cell_type": "code", "source": ["print(2)"], "execution_count": 2, "metadata": {},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["2\n"]}]}]}
    out = strip_outputs(nb)
    assert out["cells"][0]["outputs"] and out["cells"][0]["execution_count"] == 1
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None
    assert "widgets" not in out["metadata"]
    assert out["metadata"]["kernelspec"]["name"] == "python3"


def test_outputs_command_stores_only_marked_outputs_and_keeps_layout(tmp_path):
    path = tmp_path / "notebooks" / "99_tiny.ipynb"
    path.parent.mkdir()
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
              "outputs": [], "source": src}
             for i, src in enumerate([["# NBVAL_CHECK_OUTPUT\n", "print(6 * 7)"],
                                      ["x = 1\n", "print(x)"]])]
    write_notebook(path, {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    assert course_main(["--root", str(tmp_path), "outputs", str(path)]) == 0
    marked, plain = read_notebook(path)["cells"]
    assert marked["outputs"][0]["text"] == ["42\n"]
    assert marked["source"] == ["# NBVAL_CHECK_OUTPUT\n", "print(6 * 7)"]  # still a line list
    assert plain["outputs"] == [] and plain["execution_count"] is None
    assert "execution" not in marked["metadata"]


def test_check_flags_markers_nbval_would_ignore_or_not_compare(tmp_path):
    nb = read_notebook(ROOT / "notebooks" / "07_random_search.ipynb")
    marked = next(c for c in nb["cells"] if "# NBVAL_CHECK_OUTPUT" in "".join(c["source"]))
    path = tmp_path / "07_random_search.ipynb"
    marked["source"][0] = "# NBVAL_CHECK_OUTPUT: with a note\n"
    write_notebook(path, nb)
    assert any("only obeys a comment line" in p for p in notebook_problems(path))
    marked["source"][0] = "# NBVAL_CHECK_OUTPUT\n"
    marked["outputs"] = []
    write_notebook(path, nb)
    assert any("has no stored output" in p for p in notebook_problems(path))


def test_header_problems_are_named(tmp_path):
    path = tmp_path / "03_thing.ipynb"
    write_notebook(path, {"cells": [{"cell_type": "markdown", "metadata": {},
                                     "source": ["# 04 · Thing\n"]}], "metadata": {},
                          "nbformat": 4, "nbformat_minor": 5})
    with pytest.raises(ValueError, match="does not match the file name"):
        parse_header(path)
    assert any("lacks '## Exercises'" in p for p in notebook_problems(path))
    bad = tmp_path / "3_thing.ipynb"
    shutil.copy(path, bad)
    assert notebook_problems(bad) == ["3_thing.ipynb: name must look like "
                                      "NN_snake_case_title.ipynb"]


def test_wrapped_purpose_and_widgets_lines_are_joined(tmp_path):
    path = tmp_path / "03_thing.ipynb"
    header = ("# 03 · Thing\n\n> First half of the purpose,\n> second half.\n\n"
              "<!-- nav:top:start -->\n<!-- nav:top:end -->\n\n"
              "**Widgets:** an explorer (one knob,\nanother knob).\n\n**You will learn**\n- x\n")
    write_notebook(path, {"cells": [{"cell_type": "markdown", "metadata": {},
                                     "source": header.splitlines(keepends=True)}],
                          "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    lesson = parse_header(path)
    assert lesson.purpose == "First half of the purpose, second half."
    assert lesson.widgets == "an explorer (one knob, another knob)"


def test_binder_url_and_course_map_links():
    assert binder_url("a/b", "01_x.ipynb").endswith("/v2/gh/a/b/HEAD?urlpath=lab/tree/"
                                                    "notebooks/01_x.ipynb")
    table = course_map(lessons(ROOT), prefix="notebooks/")
    assert "(notebooks/01_hyperparameters_and_estimators.ipynb)" in table


def _all_text(root):
    files = sorted((root / "notebooks").glob("*.ipynb")) + [root / "README.md"]
    return {p.name: p.read_text(encoding="utf-8") for p in files}


def test_unpublished_course_generates_no_binder_link(course_copy):
    (course_copy / "README.md").write_text(
        "# x\n<!-- binder:start -->\n<!-- binder:end -->\n"
        "<!-- course-map:start -->\n<!-- course-map:end -->\n")
    assert binder_repo(course_copy) is None  # the repository's pyproject has the placeholder
    update_course(course_copy)
    texts = _all_text(course_copy)
    assert not any("mybinder.org" in t for t in texts.values())
    assert "Binder: not published yet" in texts["00_index.ipynb"]
    assert "Binder: not published yet" in texts["README.md"]
    assert dead_binder_links(course_copy) == []


def test_configured_binder_repo_puts_a_badge_everywhere(course_copy):
    (course_copy / "README.md").write_text("# x\n<!-- binder:start -->\n<!-- binder:end -->\n")
    pyproject = course_copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('binder_repo = "OWNER/REPO"',
                                                       'binder_repo = "me/hpt"'))
    assert binder_repo(course_copy) == "me/hpt"
    update_course(course_copy)
    for name, text in _all_text(course_copy).items():
        assert "mybinder.org/v2/gh/me/hpt/HEAD" in text, name
        assert "not published yet" not in text, name


def test_check_fails_on_a_placeholder_binder_link(course_copy, capsys):
    update_course(course_copy)
    readme = course_copy / "README.md"
    readme.write_text(readme.read_text() + "\n[b](https://mybinder.org/v2/gh/OWNER/REPO/HEAD)\n")
    assert course_main(["--root", str(course_copy), "check"]) == 1
    assert "README.md: links to Binder with the OWNER/REPO placeholder" in capsys.readouterr().out


def test_scaffold_rejects_bad_names(tmp_path):
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(ValueError, match="number must be two digits"):
        new_lesson(tmp_path, "7", "x", "X")
    with pytest.raises(ValueError, match="slug must be snake_case"):
        new_lesson(tmp_path, "07", "Bad-Slug", "X")
