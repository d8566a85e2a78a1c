"""Course tooling: navigation, the course map, notebook conventions and environment.yml.

Run ``python -m hpt_helpers.course --help``. The commands:

``nav``
    Rewrite the generated parts of every notebook (Binder badge and prev/index/next
    links between ``<!-- nav:... -->`` markers) and the course map in the index
    notebook and in ``README.md``.
``check``
    Exit non-zero, listing the problems, when anything generated is stale or a notebook
    breaks the conventions (header, exercises, committed outputs).
``env``
    Regenerate ``environment.yml`` from ``pyproject.toml``.
``strip``
    Remove outputs from notebooks (keeping cells marked ``# NBVAL_CHECK_OUTPUT``).
``outputs``
    Execute notebooks and store the outputs of the ``# NBVAL_CHECK_OUTPUT`` cells only,
    so nbval compares them.
``new NN slug "Title"``
    Create a lesson notebook with the standard header, sections and exercises.
"""
