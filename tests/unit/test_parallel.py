"""The parallel path: n_jobs and Dask give the serial results; a killed search resumes."""

import json
import os
import subprocess
import sys
import textwrap
import time

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hpt_helpers.parallel import (
    SCHEDULER_ENV,
    cluster_summary,
    dask_client,
    require_distributed,
    scheduler_address,
)
from hpt_helpers.search import bayesian_search, grid_search, random_search
from hpt_helpers.sklearn_search import BayesSearchCV
from hpt_helpers.space import Real
from hpt_helpers.testfunctions import BRANIN

X, Y = load_iris(return_X_y=True)
SVC_SPACE = {"C": Real(1e-2, 1e2, log=True), "gamma": Real(1e-3, 1e1, log=True)}


def same_result(a, b):
    assert a.params == b.params
    np.testing.assert_array_equal(a.values, b.values)


def same_search(a, b):
    assert a.cv_results_["params"] == b.cv_results_["params"]
    np.testing.assert_array_equal(a.cv_results_["mean_test_score"],
                                  b.cv_results_["mean_test_score"])
    assert a.best_params_ == b.best_params_


def bayes_cv(n_jobs):
    # 2 initial candidates, then one Bayesian round of 2: 4 candidates x 3 folds.
    return BayesSearchCV(SVC(), SVC_SPACE, n_iter=4, n_points=2, n_initial_points=2, cv=3,
                         n_jobs=n_jobs, random_state=0)


# -- n_jobs=2 (loky processes) gives the serial results ------------------------------

def test_grid_search_in_parallel_equals_serial():
    same_result(grid_search(BRANIN.objective, BRANIN.space, 9, n_jobs=2),
                grid_search(BRANIN.objective, BRANIN.space, 9, n_jobs=1))


def test_random_search_in_parallel_equals_serial():
    same_result(random_search(BRANIN.objective, BRANIN.space, 8, random_state=1, n_jobs=2),
                random_search(BRANIN.objective, BRANIN.space, 8, random_state=1, n_jobs=1))


def test_batch_bayesian_search_in_parallel_equals_serial():
    # 3 initial points, then two constant-liar batches of 3
    kw = {"n_initial_points": 3, "batch_size": 3, "random_state": 2}
    parallel = bayesian_search(BRANIN.objective, BRANIN.space, 9, n_jobs=2, **kw)
    serial = bayesian_search(BRANIN.objective, BRANIN.space, 9, n_jobs=1, **kw)
    same_result(parallel, serial)


def test_bayes_search_cv_in_parallel_equals_serial():
    same_search(bayes_cv(n_jobs=2).fit(X, Y), bayes_cv(n_jobs=1).fit(X, Y))


# -- a real two-worker LocalCluster ----------------------------------------------------

def test_searches_run_on_a_two_worker_local_cluster_and_match_serial():
    distributed = pytest.importorskip("distributed")
    serial_random = random_search(BRANIN.objective, BRANIN.space, 6, random_state=0)
    serial_bayes = bayesian_search(BRANIN.objective, BRANIN.space, 6, n_initial_points=4,
                                   batch_size=2, random_state=0)
    serial_cv = bayes_cv(n_jobs=1).fit(X, Y)
    with dask_client(n_workers=2) as client:
        cluster = client.cluster
        assert len(client.scheduler_info()["workers"]) == 2
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        with distributed.get_task_stream(client) as stream, \
                joblib.parallel_config(backend="dask"):
            on_dask_random = random_search(BRANIN.objective, BRANIN.space, 6,
                                           random_state=0, n_jobs=2)
            on_dask_bayes = bayesian_search(BRANIN.objective, BRANIN.space, 6,
                                            n_initial_points=4, batch_size=2, n_jobs=2,
                                            random_state=0)
            on_dask_cv = bayes_cv(n_jobs=2).fit(X, Y)
        workers = set(client.scheduler_info()["workers"])
        assert len(stream.data) > 0  # the evaluations really ran on the cluster's workers
        assert {task["worker"] for task in stream.data} <= workers
    same_result(on_dask_random, serial_random)
    same_result(on_dask_bayes, serial_bayes)
    same_search(on_dask_cv, serial_cv)
    assert client.status == "closed"
    assert cluster.status.name == "closed"


# -- dask_client -------------------------------------------------------------------------

def test_dask_client_connects_to_the_address_in_the_environment(monkeypatch):
    distributed = pytest.importorskip("distributed")
    quiet = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}  # no port 8787
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None,
                                  scheduler_kwargs=quiet) as cluster:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        assert scheduler_address() == cluster.scheduler_address
        with dask_client() as client:
            assert client.scheduler.address == cluster.scheduler_address
            assert client.submit(pow, 3, 2).result() == 9
        assert client.status == "closed"
        # a cluster we only connected to is left running for its owner
        assert cluster.status.name == "running"


def test_an_unreachable_scheduler_is_named_in_the_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:1")  # nothing listens on port 1
    with pytest.raises(OSError, match=r"No Dask scheduler answered at 'tcp://127.0.0.1:1'"), \
            dask_client(timeout=2):
        pass


def test_a_scheduler_without_workers_is_an_error_not_a_hang():
    distributed = pytest.importorskip("distributed")
    quiet = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None,
                                  scheduler_kwargs=quiet) as cluster:
        with pytest.raises(TimeoutError, match="has no worker"), \
                dask_client(cluster.scheduler_address, timeout=1):
            pass


def test_cluster_summary_tells_an_external_cluster_from_a_local_one():
    distributed = pytest.importorskip("distributed")
    quiet = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None, scheduler_kwargs=quiet) as cluster:
        with dask_client(cluster.scheduler_address) as client:
            summary = cluster_summary(client)
    assert summary["scheduler"] == cluster.scheduler_address
    assert len(summary["workers"]) == 1 and summary["threads"] == 2
    assert summary["local"] is False  # connected to, not started: client.cluster is None


def test_an_explicit_address_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://10.0.0.1:8786")
    assert scheduler_address("tcp://127.0.0.1:9999") == "tcp://127.0.0.1:9999"
    monkeypatch.setenv(SCHEDULER_ENV, "")
    assert scheduler_address() is None


def test_dask_client_local_cluster_is_closed_even_after_an_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with pytest.raises(RuntimeError, match="boom"), \
            dask_client(n_workers=1, processes=False) as client:
        cluster = client.cluster
        raise RuntimeError("boom")
    assert client.status == "closed"
    assert cluster.status.name == "closed"


def test_no_dashboard_port_unless_asked(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with dask_client(n_workers=1, processes=False) as client:
        scheduler = client.cluster.scheduler
        # The scheduler keeps a small HTTP endpoint (health checks); it must not take
        # the dashboard's port 8787 and must listen on the loopback interface only.
        addresses = {sock.getsockname()[:2] for sock in scheduler.http_server._sockets.values()}
        assert addresses and all(host == "127.0.0.1" and port != 8787
                                 for host, port in addresses)


def test_missing_dask_gets_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r'pip install -e "\.\[parallel\]"'):
        require_distributed()
    with pytest.raises(ImportError, match="parallel"), dask_client():
        pass


def test_importing_the_module_does_not_import_dask():
    code = "import sys, hpt_helpers.parallel; print('distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("kw, error, match", [
    ({"n_workers": 0}, ValueError, "n_workers"),
    ({"threads_per_worker": 1.5}, TypeError, "threads_per_worker"),
    ({"dashboard": 8787}, TypeError, "dashboard"),
    ({"address": 8786}, TypeError, "address"),
    ({"timeout": -1}, ValueError, "timeout"),
])
def test_dask_client_bad_input(kw, error, match):
    with pytest.raises(error, match=match), dask_client(**kw):
        pass


# -- a search killed in another process resumes here, losing and repeating nothing ---

KILLED_RUN = textwrap.dedent("""
    import json, sys, time
    from hpt_helpers.search import bayesian_search
    from hpt_helpers.testfunctions import BRANIN

    checkpoint, log, stop_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    calls = 0

    def objective(x1, x2):
        global calls
        calls += 1
        if calls > stop_after:  # the test kills this process while it waits here
            time.sleep(600)
        with open(log, "a") as fh:
            fh.write(json.dumps({"x1": x1, "x2": x2}) + "\\n")
        return BRANIN.objective(x1=x1, x2=x2)

    bayesian_search(objective, BRANIN.space, 10, n_initial_points=3, random_state=0,
                    checkpoint=checkpoint)
""")


def _lines(path):
    return path.read_text().splitlines() if path.exists() else []


def test_a_search_killed_mid_run_resumes_in_a_new_process_losing_and_repeating_nothing(
        tmp_path):
    script, checkpoint, log = tmp_path / "run.py", tmp_path / "run.jsonl", tmp_path / "log"
    script.write_text(KILLED_RUN)
    stop_after, n_calls = 6, 10
    proc = subprocess.Popen([sys.executable, str(script), str(checkpoint), str(log),
                             str(stop_after)], env={**os.environ, "PYTHONHASHSEED": "0"})
    try:
        deadline = time.monotonic() + 60
        # header + one line per finished evaluation
        while len(_lines(checkpoint)) < 1 + stop_after:
            assert proc.poll() is None, "the search process ended before it was killed"
            assert time.monotonic() < deadline, "the search process made no progress"
            time.sleep(0.05)
    finally:
        proc.kill()  # SIGKILL: no clean-up, like a crashed or restarted kernel
        proc.wait()
    done_before = [json.loads(line) for line in _lines(log)]
    assert len(done_before) == stop_after

    calls = []

    def objective(x1, x2):
        calls.append({"x1": x1, "x2": x2})
        return BRANIN.objective(x1=x1, x2=x2)

    resumed = bayesian_search(objective, BRANIN.space, n_calls, n_initial_points=3,
                              random_state=0, checkpoint=checkpoint)
    assert len(calls) == n_calls - stop_after  # nothing repeated
    assert resumed.params[:stop_after] == done_before  # nothing lost
    assert resumed.params[stop_after:] == calls
    uninterrupted = bayesian_search(BRANIN.objective, BRANIN.space, n_calls,
                                    n_initial_points=3, random_state=0)
    assert resumed.params == uninterrupted.params  # as if never interrupted
    np.testing.assert_allclose(resumed.values, uninterrupted.values)
    assert len(_lines(checkpoint)) == 1 + n_calls
