"""setup_notebook caps the thread pools that the course's small models only lose time on."""

import ast
import os
import subprocess
import sys
import textwrap

import pytest


def test_setup_notebook_caps_blas_and_openmp_threads_to_one():
    # In a fresh interpreter: the caps are process-wide and must not leak into other tests.
    code = textwrap.dedent("""
        import sklearn.neighbors  # loads scikit-learn's OpenMP runtime
        import numpy  # loads the BLAS
        from threadpoolctl import threadpool_info
        from hpt_helpers.notebook import setup_notebook
        setup_notebook(show_versions=False)
        pools = {(p["user_api"], p["num_threads"]) for p in threadpool_info()}
        print(sorted(pools))
    """)
    env_free = {k: v for k, v in os.environ.items()
                if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env_free).stdout
    pools = ast.literal_eval(out)  # the (api, threads) pairs the child printed
    apis = {api for api, _ in pools}
    assert {"blas", "openmp"} <= apis, pools
    assert all(threads == 1 for _, threads in pools), pools


def test_setup_notebook_can_leave_the_defaults():
    code = textwrap.dedent("""
        import os
        import sklearn.neighbors
        from threadpoolctl import threadpool_info
        from hpt_helpers.notebook import setup_notebook
        setup_notebook(show_versions=False, blas_threads=None, openmp_threads=None)
        print(max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp"),
              len(os.sched_getaffinity(0)))
    """)
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    threads, cores = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True,
                                             text=True, check=True, env=env).stdout.split())
    assert threads == cores


@pytest.mark.parametrize("name, value, error", [
    ("blas_threads", 0, ValueError), ("openmp_threads", -2, ValueError),
    ("blas_threads", 1.5, TypeError), ("openmp_threads", "4", TypeError),
])
def test_setup_notebook_names_a_bad_thread_count(name, value, error):
    from hpt_helpers.notebook import setup_notebook

    with pytest.raises(error, match=name):
        setup_notebook(show_versions=False, **{name: value})
