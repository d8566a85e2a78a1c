"""Print which BLAS kernel this process uses; with --differs-from-default, prove that
``OPENBLAS_CORETYPE`` really selected another kernel than the CPU's default.

    python tests/blas_kernel.py                        # what is loaded, and its kernel
    OPENBLAS_CORETYPE=Prescott python tests/blas_kernel.py --differs-from-default

``make test-prescott`` runs the second form before running the tests again, so a CI log
shows the kernel each pass used (threadpoolctl reports OpenBLAS's ``architecture``, the
kernel it dispatched to, e.g. ``Haswell`` by default on a recent x86-64 CPU and
``Katmai`` or ``Prescott`` under ``OPENBLAS_CORETYPE=Prescott``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def blas_libraries() -> list[dict]:
    """threadpoolctl's record of every BLAS library numpy and scipy loaded."""
    import numpy  # noqa: F401 - loads numpy's BLAS
    import scipy.linalg  # noqa: F401 - loads scipy's BLAS
    from threadpoolctl import threadpool_info

    return [{k: info.get(k) for k in ("internal_api", "prefix", "version", "architecture",
                                      "threading_layer", "num_threads")}
            for info in threadpool_info() if info.get("user_api") == "blas"]


def kernels(env_override: dict | None = None) -> list[dict]:
    """The BLAS libraries of a fresh Python started with ``env_override``."""
    env = {**os.environ, **(env_override or {})}
    env = {k: v for k, v in env.items() if v is not None}
    out = subprocess.run([sys.executable, __file__, "--json"], capture_output=True,
                         text=True, check=True, env=env).stdout
    return json.loads(out)


def main(argv: list[str]) -> int:
    libs = blas_libraries()
    if "--json" in argv:
        print(json.dumps(libs))
        return 0
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"OPENBLAS_CORETYPE={coretype or '(unset)'}")
    for lib in libs:
        print(f"  {lib['internal_api']} {lib['version']} ({lib['prefix']}): kernel "
              f"{lib['architecture']}, {lib['num_threads']} threads")
    if "--differs-from-default" in argv:
        def key(lib):
            return f"{lib['prefix']} {lib['version']}"

        default = {key(lib): lib["architecture"] for lib in
                   kernels({"OPENBLAS_CORETYPE": None}) if lib["internal_api"] == "openblas"}
        here = {key(lib): lib["architecture"] for lib in libs
                if lib["internal_api"] == "openblas"}
        print(f"  default kernel on this CPU: {', '.join(sorted(set(default.values())))}")
        if not here:
            print("no OpenBLAS loaded: OPENBLAS_CORETYPE selects nothing here", file=sys.stderr)
            return 1
        same = [p for p in here if default.get(p) == here[p]]
        if same:
            print(f"OPENBLAS_CORETYPE={coretype} selected the default kernel of {same}: this "
                  "pass would test nothing new", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
