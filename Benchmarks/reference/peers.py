#!/usr/bin/env python3
"""The outside peers of the 16-core device check (docs/contracts.md,
"Performance targets"): numpy's own threaded matmul, and the lecture's Python
multiprocessing version (P processes, each multiplying a row block of A by B in
shared memory with 1-thread numpy).

Same protocol as gemmbench: random float64 operands in [-1, 1), the pool started
and one warm-up outside the timings, then at least --repeat timed products;
every product checked with a random-vector residual (|C·x − A·(B·x)| within
16·n·ε·|A||B||x|, HPL's threshold). Prints one CSV row per peer and size:
peer,n,processes,threads,median_s,min_s,gflops,verdict

Thread counts must be fixed before numpy loads OpenBLAS, so each peer runs in a
child of this script with OPENBLAS_NUM_THREADS set for it.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def residual_ok(np, a, b, c):
    x = np.random.default_rng(7).uniform(-1, 1, c.shape[1])
    lhs, rhs = c @ x, a @ (b @ x)
    scale = 16 * a.shape[1] * np.finfo(float).eps * np.abs(a).max() * np.abs(b).max() * np.abs(x).sum()
    return bool(np.abs(lhs - rhs).max() <= scale)


def row_block(args):
    name_a, name_b, name_c, n, lo, hi = args
    import numpy as np
    from multiprocessing import shared_memory
    blocks = [shared_memory.SharedMemory(name=name) for name in (name_a, name_b, name_c)]
    a, b, c = (np.ndarray((n, n), dtype=np.float64, buffer=block.buf) for block in blocks)
    np.matmul(a[lo:hi], b, out=c[lo:hi])
    del a, b, c
    for block in blocks:
        block.close()


def measure(peer, n, count, repeat):
    import numpy as np
    rng = np.random.default_rng(n)
    if peer == "numpy":
        a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
        product = lambda: a @ b
        cleanup = lambda: None
    else:
        from multiprocessing import get_context, shared_memory
        blocks = [shared_memory.SharedMemory(create=True, size=8 * n * n) for _ in range(3)]
        a, b, c = (np.ndarray((n, n), dtype=np.float64, buffer=block.buf) for block in blocks)
        a[:], b[:] = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
        pool = get_context("fork").Pool(count)
        edges = [n * i // count for i in range(count + 1)]
        tasks = [(blocks[0].name, blocks[1].name, blocks[2].name, n, edges[i], edges[i + 1]) for i in range(count)]

        def product():
            pool.map(row_block, tasks, chunksize=1)
            return c

        def cleanup():
            pool.close(); pool.join()
            for block in blocks:
                block.close(); block.unlink()
    result = product()                       # warm-up (and the pool's first tasks)
    ok = residual_ok(np, a, b, result)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        product()
        samples.append(time.perf_counter() - start)
    ok = ok and residual_ok(np, a, b, product())
    cleanup()
    median = statistics.median(samples)
    processes, threads = (1, count) if peer == "numpy" else (count, 1)
    print(f"{peer},{n},{processes},{threads},{median:.6g},{min(samples):.6g},"
          f"{2 * n ** 3 / median / 1e9:.1f},{'PASS' if ok else 'FAIL'}", flush=True)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4096,8192")
    parser.add_argument("--cores", type=int, default=16, help="numpy threads; multiprocessing processes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        peer, n = args.child.split(":")
        sys.exit(0 if measure(peer, int(n), args.cores, args.repeat) else 1)
    print("peer,n,processes,threads,median_s,min_s,gflops,verdict", flush=True)
    status = 0
    for n in args.sizes.split(","):
        for peer, blas_threads in (("numpy", args.cores), ("multiprocessing", 1)):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas_threads), OMP_NUM_THREADS=str(blas_threads))
            status |= subprocess.run([sys.executable, __file__, "--child", f"{peer}:{n}", "--cores", str(args.cores),
                                      "--repeat", str(args.repeat)], env=env).returncode
    sys.exit(status)


if __name__ == "__main__":
    main()
