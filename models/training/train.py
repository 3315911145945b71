#!/usr/bin/python3
"""Trains and exports Augur's neural forecaster (see README.md in this folder and MODEL_CARD.md).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 models/training/train.py --java-cp CP --out DIR \
        [--etth1 ../shared/data/ett/ETTh1.csv] [--exchange ../shared/data/exchange_rate/exchange_rate.txt.gz] [--tiny]

Writes DIR/model.onnx (the sampler, opset 17), DIR/model.pt (the weights, for the PyTorch side of the speed
measurement), DIR/denoiser.onnx (one epsilon-network call, for the speed measurement), DIR/reference.json (inputs,
noise and PyTorch outputs on synthetic series, for the Java parity test) and DIR/train.json (settings, timings, loss).
The AR conditioning of every training series is computed by the job's own code: `java -cp CP
dev.augur.models.neural.ConditioningExport` (models/src/main/java).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import augur_neural as an  # noqa: E402

ETTH1_TRAIN_ROWS = 8640      # 12 months, the usual split (ETT SOURCE.md)
EXCHANGE_TRAIN_ROWS = 6071   # the first 80 % of 7588 rows
MODEL_VERSION = "augur-neural-1"


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


# --- data ----------------------------------------------------------------------------------------------------------
def synthetic(rng, count, length):
    """Synthetic families, each an hourly-like series: seasonal (daily and weekly) with AR(1) noise, random walks with
    drift, stationary AR(2), trend plus seasonality with level shifts, multiplicative seasonality with heteroscedastic
    noise and spikes, geometric random walks with volatility clustering."""
    out = []
    t = np.arange(length, dtype=np.float64)
    for i in range(count):
        fam = i % 6
        level = rng.uniform(-50, 200)
        amp = rng.uniform(0.5, 20)
        e = rng.standard_normal(length)
        if fam == 0:
            phi = rng.uniform(0.2, 0.95)
            n = np.zeros(length)
            for j in range(1, length):
                n[j] = phi * n[j - 1] + e[j]
            y = level + amp * np.sin(2 * np.pi * t / 24 + rng.uniform(0, 6.3)) \
                + rng.uniform(0, 0.5) * amp * np.sin(2 * np.pi * t / 168 + rng.uniform(0, 6.3)) \
                + rng.uniform(0.05, 0.5) * amp * n
        elif fam == 1:
            y = level + np.cumsum(rng.uniform(-0.05, 0.05) + rng.uniform(0.1, 2) * e)
        elif fam == 2:
            a1, a2 = rng.uniform(0.3, 1.2), rng.uniform(-0.5, 0.0)
            if a1 + a2 >= 0.98:
                a2 = 0.98 - a1
            y = np.zeros(length)
            for j in range(2, length):
                y[j] = a1 * y[j - 1] + a2 * y[j - 2] + e[j]
            y = level + rng.uniform(0.5, 5) * y
        elif fam == 3:
            shifts = np.cumsum((rng.uniform(size=length) < 0.003) * rng.normal(0, 3 * amp, length))
            y = level + rng.uniform(-0.02, 0.02) * t + amp * np.sin(2 * np.pi * t / 24) ** 2 + shifts \
                + rng.uniform(0.05, 0.3) * amp * e
        elif fam == 4:
            season = 1 + 0.5 * np.sin(2 * np.pi * t / 24 + rng.uniform(0, 6.3))
            y = abs(level) + 10 + amp * season * (1 + 0.3 * e * season)
            spikes = rng.uniform(size=length) < 0.005
            y[spikes] += rng.normal(0, 5 * amp, spikes.sum())
        else:
            vol = np.zeros(length)
            r = np.zeros(length)
            s2 = 1e-5
            for j in range(1, length):
                s2 = 1e-7 + 0.08 * r[j - 1] ** 2 + 0.9 * s2
                r[j] = math.sqrt(s2) * e[j]
                vol[j] = s2
            y = rng.uniform(0.01, 2.0) * np.exp(np.cumsum(r))
        out.append(("synthetic", y.astype(np.float64)))
    return out


def real_series(etth1, exchange):
    out = []
    if etth1:
        rows = np.genfromtxt(etth1, delimiter=",", skip_header=1, usecols=range(1, 8), max_rows=ETTH1_TRAIN_ROWS)
        if rows.shape[0] != ETTH1_TRAIN_ROWS:
            raise SystemExit(f"expected {ETTH1_TRAIN_ROWS} training rows in {etth1} but found {rows.shape[0]}")
        out += [("etth1", rows[:, j].copy()) for j in range(rows.shape[1])]
    if exchange:
        opener = gzip.open if exchange.endswith(".gz") else open
        with opener(exchange, "rt") as f:
            rows = np.loadtxt(f, delimiter=",", max_rows=EXCHANGE_TRAIN_ROWS)
        if rows.shape[0] != EXCHANGE_TRAIN_ROWS:
            raise SystemExit(f"expected {EXCHANGE_TRAIN_ROWS} training rows in {exchange} but found {rows.shape[0]}")
        out += [("exchange", rows[:, j].copy()) for j in range(rows.shape[1])]
    return out


def write_series(path, series):
    with open(path, "wb") as f:
        f.write(struct.pack("<i", len(series)))
        for y in series:
            f.write(struct.pack("<i", len(y)))
            f.write(np.ascontiguousarray(y, dtype="<f8").tobytes())


def read_conditioning(path):
    data = np.fromfile(path, dtype=np.uint8)
    n, h = struct.unpack_from("<ii", data, 0)
    pos = 8
    out = []
    for _ in range(n):
        (length,) = struct.unpack_from("<i", data, pos)
        pos += 4
        arr = np.frombuffer(data, dtype="<f8", count=length * 2 * h, offset=pos).reshape(length, 2, h)
        pos += 8 * length * 2 * h
        out.append(arr)
    return h, out


def ar_conditioning(java_cp, series, workdir):
    """Runs the job's AR stage (ConditioningExport) over every series; returns per series [len, 2, H] float64."""
    src = os.path.join(workdir, "series.bin")
    dst = os.path.join(workdir, "conditioning.bin")
    write_series(src, series)
    cmd = ["java", "-cp", java_cp, "dev.augur.models.neural.ConditioningExport", src, dst, str(an.HORIZON)]
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"expected ConditioningExport to exit 0 but it exited {r.returncode}:\n{r.stderr}")
    h, cond = read_conditioning(dst)
    if h != an.HORIZON or len(cond) != len(series):
        raise SystemExit(f"expected {len(series)} series of horizon {an.HORIZON} but found {len(cond)}, {h}")
    log(f"AR conditioning of {len(series)} series ({sum(len(y) for y in series)} points) by the job's code "
        f"in {time.time() - t0:.1f} s")
    return cond


class Windows:
    """All (series, origin) training windows: origin o is the last context index, o in [C-1, len-H-1]."""

    def __init__(self, items, cond, weights):
        self.values, self.cond, self.origins, self.p = [], [], [], []
        for (src, y), c in zip(items, cond):
            o = np.arange(an.CONTEXT - 1, len(y) - an.HORIZON)
            if len(o) == 0:
                continue
            self.values.append(y)
            self.cond.append(c)
            self.origins.append(o)
            self.p.append(np.full(len(o), weights[src] / sum(len(yy) for s2, yy in items if s2 == src)))
        self.sid = np.concatenate([np.full(len(o), i) for i, o in enumerate(self.origins)])
        self.org = np.concatenate(self.origins)
        p = np.concatenate(self.p)
        self.p = p / p.sum()

    def batch(self, rng, size):
        idx = rng.choice(len(self.org), size=size, p=self.p)
        win = np.empty((size, an.CONTEXT))
        fut = np.empty((size, an.HORIZON))
        mean = np.empty((size, an.HORIZON))
        var = np.empty((size, an.HORIZON))
        for r, i in enumerate(idx):
            s, o = self.sid[i], self.org[i]
            y = self.values[s]
            win[r] = y[o - an.CONTEXT + 1:o + 1]
            fut[r] = y[o + 1:o + 1 + an.HORIZON]
            mean[r] = self.cond[s][o, 0]
            var[r] = self.cond[s][o, 1]
        ctx, ar, mu, sigma = an.model_inputs(win, mean, var)
        futn = ((fut - mu[:, None]) / sigma[:, None]).astype(np.float32)
        return torch.from_numpy(ctx), torch.from_numpy(ar), torch.from_numpy(futn)


# --- export --------------------------------------------------------------------------------------------------------
def export(model, out_dir, settings, ref_items, ref_cond, rng):
    import onnx

    model.eval()
    sampler = an.Sampler(model)
    b, s = 2, 4
    dummy = (torch.zeros(b, an.CONTEXT), torch.ones(b, an.HORIZON, 2), torch.zeros(s, an.HORIZON, model.k_steps))
    path = os.path.join(out_dir, "model.onnx")
    t0 = time.time()
    with torch.no_grad():
        torch.onnx.export(sampler, dummy, path, opset_version=17, input_names=["context", "ar", "noise"],
                          output_names=["samples"],
                          dynamic_axes={"context": {0: "batch"}, "ar": {0: "batch"}, "noise": {0: "samples"},
                                        "samples": {0: "batch", 1: "samples"}})
    m = onnx.load(path)
    meta = {"version": MODEL_VERSION, "context": str(an.CONTEXT), "horizon": str(an.HORIZON),
            "diffusion_steps": str(model.k_steps), "lags": ",".join(str(x) for x in an.LAGS),
            "normalisation": "mu=mean(context), sigma=max(std(context), 1e-3|mu|, 1e-8); inputs (x-mu)/sigma, "
                             "ar=[(m_h-mu)/sigma, sqrt(v_h)/sigma]; forecast=mu+sigma*samples",
            "sampler": f"DDPM ancestral (x0 form, u clipped to +-{an.U_CLIP}), sigma_k^2={an.POSTERIOR_VARIANCE}, "
                       f"cosine schedule, K={model.k_steps}",
            "training": json.dumps(settings, sort_keys=True)}
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    m.doc_string = "Augur autoregressive-diffusion hybrid forecaster; contract in models/training/MODEL_CARD.md"
    onnx.checker.check_model(m)
    onnx.save(m, path)
    log(f"exported {path} ({os.path.getsize(path)} bytes, {len(m.graph.node)} nodes) in {time.time() - t0:.1f} s")

    den = an.Denoiser(model, model.k_steps // 2)
    with torch.no_grad():
        torch.onnx.export(den, (torch.zeros(4), torch.zeros(4, model.width)), os.path.join(out_dir, "denoiser.onnx"),
                          opset_version=17, input_names=["x", "cproj"], output_names=["eps"],
                          dynamic_axes={"x": {0: "rows"}, "cproj": {0: "rows"}, "eps": {0: "rows"}})
    torch.save(model.state_dict(), os.path.join(out_dir, "model.pt"))

    # reference for the Java parity test: synthetic windows only (never ETT- or exchange-derived values)
    rb, rs = 3, 8
    win, mean, var = [], [], []
    for (src, y), c in zip(ref_items, ref_cond):
        o = len(y) - an.HORIZON - 1
        win.append(y[o - an.CONTEXT + 1:o + 1])
        mean.append(c[o, 0])
        var.append(c[o, 1])
        if len(win) == rb:
            break
    win, mean, var = np.array(win), np.array(mean), np.array(var)
    ctx, ar, mu, sigma = an.model_inputs(win, mean, var)
    noise = rng.standard_normal((rs, an.HORIZON, model.k_steps)).astype(np.float32)
    with torch.no_grad():
        samples = sampler(torch.from_numpy(ctx), torch.from_numpy(ar), torch.from_numpy(noise)).numpy()
        eager = model.sample(torch.from_numpy(ctx), torch.from_numpy(ar), torch.from_numpy(noise)).numpy()
    eager_diff = float(np.abs(eager - samples).max())
    log(f"exported sampler vs eager Hybrid.sample: max abs difference {eager_diff:.3g} (normalised units)")
    ref = {"batch": rb, "samples_per_row": rs, "context": an.CONTEXT, "horizon": an.HORIZON,
           "diffusion_steps": model.k_steps,
           "raw_window": win.ravel().tolist(), "ar_mean": mean.ravel().tolist(), "ar_var": var.ravel().tolist(),
           "context_in": ctx.ravel().astype(float).tolist(), "ar_in": ar.ravel().astype(float).tolist(),
           "mu": mu.tolist(), "sigma": sigma.tolist(),
           "eager_vs_sampler_max_abs_diff": eager_diff,
           "noise": noise.ravel().astype(float).tolist(), "samples": samples.ravel().astype(float).tolist()}
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(ref, f)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(out_dir, "model.onnx.sha256"), "w") as f:
        f.write(f"{digest}  model.onnx\n")
    return digest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--java-cp", required=True, help="classpath with augur-models classes and their dependencies")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--etth1", help="path of ETTh1.csv (rows [0, 8640) are used)")
    ap.add_argument("--exchange", help="path of exchange_rate.txt(.gz) (rows [0, 6071) are used)")
    ap.add_argument("--tiny", action="store_true", help="the CI configuration: tiny network, synthetic data, seconds")
    ap.add_argument("--steps", type=int, help="training steps (default 2400, tiny 40)")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--diffusion-steps", type=int, help="K (default 16, tiny 2)")
    ap.add_argument("--posterior-variance", choices=["beta", "beta_tilde"], default="beta",
                    help="sigma_k^2 of the exported DDPM sampler (default beta)")
    ap.add_argument("--weights", help="skip training: export the weights of an earlier run (its model.pt, with its "
                                      "train.json next to it), same other options as that run")
    args = ap.parse_args()

    an.POSTERIOR_VARIANCE = args.posterior_variance
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t_start = time.time()

    tiny = args.tiny
    steps = args.steps or (40 if tiny else 2400)
    k_steps = args.diffusion_steps or (2 if tiny else 16)
    arch = dict(hidden=8, layers=1, width=8, k_steps=k_steps) if tiny else dict(hidden=64, layers=2, width=64,
                                                                                   k_steps=k_steps)
    items = synthetic(rng, 6 if tiny else 120, 600 if tiny else 2000) + real_series(args.etth1, args.exchange)
    weights = {"synthetic": 0.4, "etth1": 0.3, "exchange": 0.3}
    with tempfile.TemporaryDirectory() as tmp:
        cond = ar_conditioning(args.java_cp, [y for _, y in items], tmp)
    windows = Windows(items, cond, weights)
    log(f"{len(windows.org)} training windows from {len(items)} series "
        f"({', '.join(f'{k}: {sum(1 for s, _ in items if s == k)}' for k in weights)})")

    model = an.Hybrid(**arch)
    params = sum(p.numel() for p in model.parameters())
    log(f"model {arch}, {params} parameters; {steps} steps at batch {args.batch}, {args.threads} torch thread(s)")
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.05)
    ema, t0 = None, time.time()
    history = []
    model.train()
    earlier = None
    if args.weights:
        model.load_state_dict(torch.load(args.weights))
        with open(os.path.join(os.path.dirname(os.path.abspath(args.weights)), "train.json")) as f:
            earlier = json.load(f)
        log(f"loaded the weights of {args.weights} (trained in {earlier['train_seconds']} s); not training")
    for step in range(1, 0 if earlier else steps + 1):
        ctx, ar, fut = windows.batch(rng, args.batch)
        loss = model.loss(ctx, ar, fut, gen)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % max(1, steps // 40) == 0 or step == steps:
            rate = step / (time.time() - t0)
            history.append([step, round(ema, 5)])
            log(f"step {step}/{steps} loss(ema) {ema:.4f}  {rate:.1f} steps/s  eta {(steps - step) / rate:.0f} s")
    train_s = time.time() - t0

    settings = {"posterior_variance": args.posterior_variance, "seed": args.seed, "steps": steps, "batch": args.batch, "lr": args.lr, "threads": args.threads,
                "arch": arch, "tiny": tiny, "sources": sorted({s for s, _ in items}), "weights": weights}
    ref_items = [it for it in items if it[0] == "synthetic"]
    ref_cond = [c for it, c in zip(items, cond) if it[0] == "synthetic"]
    digest = export(model, args.out, settings, ref_items, ref_cond, np.random.default_rng(args.seed + 1))
    report = dict(settings, parameters=params, train_seconds=round(train_s, 1),
                  total_seconds=round(time.time() - t_start, 1), final_loss_ema=ema, loss_history=history,
                  sha256=digest, windows=int(len(windows.org)))
    if earlier:
        report = dict(earlier, sha256=digest, reexported_from=args.weights,
                      export_seconds=round(time.time() - t_start, 1))
    with open(os.path.join(args.out, "train.json"), "w") as f:
        json.dump(report, f, indent=1)
    log(f"done in {time.time() - t_start:.0f} s (training {train_s:.0f} s); sha256 {digest}")


if __name__ == "__main__":
    main()
