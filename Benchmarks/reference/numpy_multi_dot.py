#!/usr/bin/env python3
"""Times numpy.linalg.multi_dot on gemmbench's chain presets: the outside
reference the chain planners are judged against (docs/contracts.md,
"Performance targets").

Same protocol as gemmbench: random float64 factors in [-1, 1), one warm-up,
then at least --repeat runs; prints median and min seconds per preset.
Set the thread count with OPENBLAS_NUM_THREADS (or --threads, which needs
threadpoolctl); the kernel numpy's OpenBLAS runs is printed when threadpoolctl
is installed, since it decides the speed.

The dims are read from `gemmbench plan --preset NAME`, so the presets have
one source of truth.
"""
import argparse
import statistics
import subprocess
import sys
import time

PRESETS = ("square", "mixed", "skinny")


def preset_dims(binary, name):
    # `gemmbench plan` starts with "chain d0xd1x...xdk (k factors), ...".
    first = subprocess.run([binary, "plan", "--preset", name], check=True,
                           capture_output=True, text=True).stdout.splitlines()[0]
    return [int(d) for d in first.split()[1].split("x")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/gemmbench")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    import numpy as np
    limiter = None
    try:
        import threadpoolctl
        if args.threads:
            limiter = threadpoolctl.threadpool_limits(args.threads)
        for info in threadpoolctl.threadpool_info():
            if info.get("internal_api") == "openblas":
                print(f"# numpy OpenBLAS {info.get('version')} core {info.get('architecture')} "
                      f"threads {info.get('num_threads')}", file=sys.stderr)
    except ImportError:
        if args.threads:
            sys.exit("--threads needs threadpoolctl; set OPENBLAS_NUM_THREADS instead")

    rng = np.random.default_rng(42)
    print("preset,median_s,min_s,reps")
    for name in PRESETS:
        dims = preset_dims(args.binary, name)
        factors = [rng.uniform(-1, 1, size=(dims[i], dims[i + 1])) for i in range(len(dims) - 1)]
        np.linalg.multi_dot(factors)  # warm-up
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            np.linalg.multi_dot(factors)
            times.append(time.perf_counter() - start)
        print(f"{name},{statistics.median(times):.6f},{min(times):.6f},{len(times)}")
    del limiter


if __name__ == "__main__":
    main()
