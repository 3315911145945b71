#!/usr/bin/python3
"""PyTorch eager side of bench_speed.sh: sample paths per second of Hybrid.sample (the Python loop the ONNX graph was
exported from) on the same weights, one torch thread, under torch.inference_mode (PyTorch's fastest eager setting: no
autograd bookkeeping, no version counters). Prints wall-clock paths/s and, less sensitive to other processes on a shared
machine, paths per second of this thread's CPU time (time.thread_time). Usage:
bench_torch.py MODEL_DIR [batch] [samples] [seconds]"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import augur_neural as an  # noqa: E402


def main():
    d = sys.argv[1]
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10
    torch.set_num_threads(1)
    with open(os.path.join(d, "train.json")) as f:
        arch = json.load(f)["arch"]
    model = an.Hybrid(**arch)
    model.load_state_dict(torch.load(os.path.join(d, "model.pt")))
    model.eval()
    rng = np.random.default_rng(5)
    j = np.arange(an.CONTEXT)
    win = 10 + np.sin(2 * np.pi * j / 24)[None, :] + 0.3 * rng.standard_normal((batch, an.CONTEXT))
    mean = win[:, -24:][:, :an.HORIZON]
    var = np.tile(0.1 * np.arange(1, an.HORIZON + 1), (batch, 1))
    ctx, ar, _, _ = an.model_inputs(win, mean, var)
    ctx, ar = torch.from_numpy(ctx), torch.from_numpy(ar)
    noise = torch.from_numpy(rng.standard_normal((samples, an.HORIZON, model.k_steps)).astype(np.float32))
    with torch.inference_mode():
        model.sample(ctx, ar, noise)
        calls, t0, c0 = 0, time.time(), time.thread_time()
        best_cpu = 0.0
        while time.time() - t0 < seconds or calls < 2:
            c1 = time.thread_time()
            model.sample(ctx, ar, noise)
            best_cpu = max(best_cpu, batch * samples / (time.thread_time() - c1))
            calls += 1
    rate = calls * batch * samples / (time.time() - t0)
    cpu = calls * batch * samples / (time.thread_time() - c0)
    print(f"PyTorch eager Hybrid.sample: batch {batch} x {samples} samples, 1 thread: {rate:.1f} sample paths/s, "
          f"CPU time {cpu:.1f} (best call {best_cpu:.1f}) paths/cpu-s")


if __name__ == "__main__":
    main()
