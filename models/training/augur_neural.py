"""Augur's autoregressive-diffusion hybrid forecaster (TimeGrad-style, Rasul et al., ICML 2021), conditioned on the
job's online AR forecast.

Shapes and the contract are documented in MODEL_CARD.md; this module holds what the training, export and benchmark
scripts share: the data preparation (normalisation, features), the network and the DDPM sampler.

Normalisation (identical in Java, dev.augur.models.neural.WindowNormaliser), per row, from the raw context window
y[0..C-1] in float64:
    mu    = sum(y) / C
    sd    = sqrt(sum((y - mu)^2) / C)
    sigma = max(sd, 1e-3 * |mu|, 1e-8)
    context_in[j] = (y[j] - mu) / sigma                         (float32)
    ar_in[h, 0]   = (m_h - mu) / sigma                          (AR candidate mean of step h, float32)
    ar_in[h, 1]   = sqrt(v_h) / sigma                           (AR candidate standard deviation, float32)
    forecast      = mu + sigma * samples                        (float64)
"""
import math

import numpy as np
import torch
import torch.nn as nn

CONTEXT = 216          # C: values passed per row (the encoder span plus the longest seasonal lag)
ENCODER = 48           # steps the GRU runs over before the first target
LAGS = (24, 168)       # seasonal lags fed with every value (daily and weekly for hourly data)
HORIZON = 24           # H
CLIP = 50.0            # normalised inputs are clipped to [-CLIP, CLIP] inside the graph
S_MIN, S_MAX = 0.05, 20.0   # the AR standard deviation (normalised) is clamped to this range as the residual scale
POSTERIOR_VARIANCE = "beta"   # sigma_k^2 of the sampler: "beta" (default, calibrated best) or "beta_tilde"
U_CLIP = 10.0          # training targets u are clipped to [-U_CLIP, U_CLIP]; so is the sampler's estimate of u


def posterior_coefficients(beta, alpha, ab):
    """Per step index i (k = i + 1): the DDPM sampler in its x0 form (Ho et al. 2020, eq. 7 and 15; their released
    code's clip_denoised): x0_hat = clip((x - sqrt(1 - ab_i) eps) / sqrt(ab_i), -U_CLIP, U_CLIP), then
    x <- c_x0[i] x0_hat + c_x[i] x + sig[i] z with the posterior q(x_{k-1} | x_k, x0) of eq. 7:
    c_x0 = sqrt(ab_{i-1}) beta_i / (1 - ab_i), c_x = sqrt(alpha_i) (1 - ab_{i-1}) / (1 - ab_i),
    sig^2 = beta-tilde_i = beta_i (1 - ab_{i-1}) / (1 - ab_i), ab_{-1} = 1 (so step k = 1 returns x0_hat, no noise).
    With POSTERIOR_VARIANCE = "beta", sig^2 = beta_i instead (the other choice of Ho et al., section 3.2); on the
    held-out parts it gave 89 % coverage of 90 % intervals where beta-tilde gave 78 %. Without the clip and with
    beta-tilde this equals Algorithm 2; the clip keeps the noisiest steps, where 1/sqrt(ab) is large (the cosine
    schedule's last beta is 0.999 at K = 16), from amplifying the network's error."""
    ab_prev = np.concatenate([[1.0], ab[:-1]])
    c_x0 = np.sqrt(ab_prev) * beta / (1 - ab)
    c_x = np.sqrt(alpha) * (1 - ab_prev) / (1 - ab)
    sig = np.sqrt(beta * (1 - ab_prev) / (1 - ab))
    if POSTERIOR_VARIANCE == "beta":
        sig = np.sqrt(beta)
        sig[0] = 0.0
    return 1 / np.sqrt(ab), np.sqrt(1 - ab) / np.sqrt(ab), c_x0, c_x, sig


def normalise(windows):
    """windows: float64 [N, C] -> (mu [N], sigma [N]) as documented above."""
    c = windows.shape[1]
    mu = windows.sum(axis=1) / c
    sd = np.sqrt(((windows - mu[:, None]) ** 2).sum(axis=1) / c)
    sigma = np.maximum(np.maximum(sd, 1e-3 * np.abs(mu)), 1e-8)
    return mu, sigma


def model_inputs(windows, ar_mean, ar_var):
    """Raw float64 windows [N, C], AR means and variances [N, H] -> float32 context [N, C], ar [N, H, 2], mu, sigma."""
    mu, sigma = normalise(windows)
    ctx = ((windows - mu[:, None]) / sigma[:, None]).astype(np.float32)
    ar = np.empty(ar_mean.shape + (2,), dtype=np.float32)
    ar[..., 0] = (ar_mean - mu[:, None]) / sigma[:, None]
    ar[..., 1] = np.sqrt(ar_var) / sigma[:, None]
    return ctx, ar, mu, sigma


def cosine_schedule(k_steps):
    """Nichol and Dhariwal (2021) eq. 17: alpha_bar(t) = f(t)/f(0), f(t) = cos^2(((t/T + s)/(1 + s)) pi/2), s = 0.008;
    beta_k = min(1 - alpha_bar_k / alpha_bar_{k-1}, 0.999). Returns float64 arrays beta, alpha, alpha_bar (index 0..K-1
    for k = 1..K)."""
    s = 0.008
    t = np.arange(k_steps + 1, dtype=np.float64) / k_steps
    f = np.cos((t + s) / (1 + s) * math.pi / 2) ** 2
    ab = f / f[0]
    beta = np.minimum(1 - ab[1:] / ab[:-1], 0.999)
    alpha = 1 - beta
    return beta, alpha, np.cumprod(alpha)


class Hybrid(nn.Module):
    """GRU encoder over [z_t, z_{t-24}, z_{t-168}]; epsilon-network on (noisy residual, diffusion step, GRU state,
    target features [AR mean, log AR std, z_{tau-24}, z_{tau-168}, h/H]). The diffused quantity is the AR-standardised
    residual u = (z - a_h) / clamp(s_h, S_MIN, S_MAX), so an untrained network falls back to the AR's own forecast."""

    def __init__(self, hidden=64, layers=2, width=64, k_steps=16):
        super().__init__()
        self.hidden, self.layers, self.width, self.k_steps = hidden, layers, width, k_steps
        self.gru = nn.GRU(1 + len(LAGS), hidden, num_layers=layers, batch_first=True)
        self.cond_h = nn.Linear(hidden, width)
        self.cond_f = nn.Linear(5, width, bias=False)
        self.step = nn.Embedding(k_steps, width)
        self.x_in = nn.Linear(1, width, bias=False)
        self.l2 = nn.Linear(width, width)
        self.l3 = nn.Linear(width, width)
        self.out = nn.Linear(width, 1)
        beta, alpha, ab = cosine_schedule(k_steps)
        self.register_buffer("ab", torch.tensor(ab, dtype=torch.float32))
        self.beta, self.alpha, self.alpha_bar = beta, alpha, ab

    # --- pieces shared by training and sampling -------------------------------------------------------------------
    def target_features(self, ctx, ar):
        """ctx [B, C] (clipped), ar [B, H, 2] -> (a [B, H], scale [B, H], feats [B, H, 5])."""
        a = torch.clamp(ar[..., 0], -CLIP, CLIP)
        s = torch.clamp(ar[..., 1], 1e-4, 1e4)
        scale = torch.clamp(s, S_MIN, S_MAX)
        c = ctx.shape[1]
        lag_feats = [ctx[:, c - 1 - lag + 1: c - 1 - lag + 1 + HORIZON] for lag in LAGS]   # z_{tau-lag}, tau=C-1+h
        hpos = torch.arange(1, HORIZON + 1, dtype=ctx.dtype).unsqueeze(0).expand_as(a) / HORIZON
        feats = torch.stack([a, torch.log(s)] + lag_feats + [hpos], dim=-1)
        return a, scale, feats

    def denoise(self, x, k_index, cproj):
        """x [...] noisy residual, k_index int (python) or LongTensor [...], cproj [..., width] -> eps [...]."""
        emb = self.step.weight[k_index]
        e = cproj + emb + x.unsqueeze(-1) * self.x_in.weight[:, 0]
        h1 = torch.nn.functional.silu(e)
        h2 = torch.nn.functional.silu(self.l2(h1)) + h1
        h3 = torch.nn.functional.silu(self.l3(h2)) + h2
        return self.out(h3).squeeze(-1)

    def enc_inputs(self, z, start, stop):
        """z [B, L] -> [B, stop-start, 3] with [z_t, z_{t-24}, z_{t-168}] for t in [start, stop)."""
        return torch.stack([z[:, start:stop]] + [z[:, start - lag:stop - lag] for lag in LAGS], dim=-1)

    # --- training -------------------------------------------------------------------------------------------------
    def loss(self, ctx, ar, future, gen):
        """ctx [B, C], ar [B, H, 2], future [B, H] (normalised true values). DDPM simple loss (Ho et al. 2020 eq. 14)
        at a random step per target position."""
        ctx = torch.clamp(ctx, -CLIP, CLIP)
        future = torch.clamp(future, -CLIP, CLIP)
        z = torch.cat([ctx, future], dim=1)
        c = ctx.shape[1]
        seq = self.enc_inputs(z, c - ENCODER, c + HORIZON - 1)              # inputs up to tau-1 for the last target
        out, _ = self.gru(seq)
        hstate = out[:, ENCODER - 1:, :]                                      # state after tau-1, tau = C..C+H-1
        a, scale, feats = self.target_features(ctx, ar)
        u = torch.clamp((future - a) / scale, -U_CLIP, U_CLIP)
        b = ctx.shape[0]
        k = torch.randint(0, self.k_steps, (b, HORIZON), generator=gen)
        eps = torch.randn(b, HORIZON, generator=gen)
        abk = self.ab[k]
        xk = torch.sqrt(abk) * u + torch.sqrt(1 - abk) * eps
        cproj = self.cond_h(hstate) + self.cond_f(feats)
        pred = self.denoise(xk, k, cproj)
        return ((pred - eps) ** 2).mean()

    # --- sampling -------------------------------------------------------------------------------------------------
    def gru_cell(self, x, hs):
        """One step of the stacked GRU with nn.GRU's weights and equations (PyTorch docs, torch.nn.GRU); x [..., in],
        hs list of [..., hidden] per layer; broadcasts over leading dimensions."""
        new = []
        inp = x
        for layer in range(self.layers):
            w_ih = getattr(self.gru, f"weight_ih_l{layer}")
            w_hh = getattr(self.gru, f"weight_hh_l{layer}")
            b_ih = getattr(self.gru, f"bias_ih_l{layer}")
            b_hh = getattr(self.gru, f"bias_hh_l{layer}")
            gi = inp @ w_ih.t() + b_ih
            gh = hs[layer] @ w_hh.t() + b_hh
            i_r, i_z, i_n = gi.chunk(3, dim=-1)
            h_r, h_z, h_n = gh.chunk(3, dim=-1)
            r = torch.sigmoid(i_r + h_r)
            zg = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            h = (1 - zg) * n + zg * hs[layer]
            new.append(h)
            inp = h
        return new

    def sample(self, ctx, ar, noise):
        """DDPM ancestral sampling (Ho et al. 2020, sigma_k^2 = beta-tilde_k, x0 form with clipping: see
        posterior_coefficients), autoregressive over the
        horizon as TimeGrad: ctx [B, C], ar [B, H, 2], noise [S, H, K] (noise[:, h, 0] is x_K, noise[:, h, K-k+1] is
        the noise added at step k > 1) -> normalised samples [B, S, H]."""
        ctx = torch.clamp(ctx, -CLIP, CLIP)
        c = ctx.shape[1]
        _, hn = self.gru(self.enc_inputs(ctx, c - ENCODER, c))
        hs = [hn[layer].unsqueeze(1) for layer in range(self.layers)]          # [B, 1, hidden]
        a, scale, feats = self.target_features(ctx, ar)
        inv_sab, c_e, c_x0, c_x, sig = posterior_coefficients(self.beta, self.alpha, self.alpha_bar)
        outs = []
        for h in range(HORIZON):
            cproj = self.cond_h(hs[-1]) + self.cond_f(feats[:, h:h + 1, :])       # [B, 1 or S, W]
            x = noise[:, h, 0].unsqueeze(0)                                    # [1, S] broadcasts to [B, S]
            for k in range(self.k_steps, 0, -1):
                i = k - 1
                eps = self.denoise(x, i, cproj)
                x0 = torch.clamp(float(inv_sab[i]) * x - float(c_e[i]) * eps, -U_CLIP, U_CLIP)
                mean = float(c_x0[i]) * x0 + float(c_x[i]) * x
                if k > 1:
                    x = mean + float(sig[i]) * noise[:, h, self.k_steps - k + 1].unsqueeze(0)
                else:
                    x = mean
            zt = a[:, h:h + 1] + scale[:, h:h + 1] * x                          # [B, S]
            zt = torch.clamp(zt, -CLIP, CLIP)
            outs.append(zt)
            tau = c + h
            lag_vals = [ctx[:, tau - lag:tau - lag + 1].expand_as(zt) for lag in LAGS]
            hs = self.gru_cell(torch.stack([zt] + lag_vals, dim=-1), hs)
        return torch.stack(outs, dim=-1)


@torch.jit.script
def reverse_diffusion(x: torch.Tensor, noise_h: torch.Tensor, cproj: torch.Tensor, emb: torch.Tensor,
                      wx: torch.Tensor, w2: torch.Tensor, b2: torch.Tensor, w3: torch.Tensor, b3: torch.Tensor,
                      wo: torch.Tensor, bo: torch.Tensor, inv_sab: torch.Tensor, c_e: torch.Tensor,
                      c_x0: torch.Tensor, c_x: torch.Tensor, sig: torch.Tensor) -> torch.Tensor:
    """The K reverse steps of Hybrid.sample for one horizon step, written once so that ONNX gets a Loop (a traced
    Python loop would be unrolled K times): x [B, S] is x_K, noise_h [S, K]; per step index i = k - 1:
    x0 = clip(inv_sab[i] x - c_e[i] eps), x = c_x0[i] x0 + c_x[i] x + sig[i] noise_h[:, K-k+1] (sig[0] = 0: no noise
    at k = 1); see posterior_coefficients."""
    k_steps = emb.shape[0]
    for j in range(k_steps):
        i = k_steps - 1 - j
        e = cproj + emb[i] + x.unsqueeze(-1) * wx
        h1 = e * torch.sigmoid(e)
        a2 = torch.matmul(h1, w2) + b2
        h2 = a2 * torch.sigmoid(a2) + h1
        a3 = torch.matmul(h2, w3) + b3
        h3 = a3 * torch.sigmoid(a3) + h2
        eps = (torch.matmul(h3, wo) + bo).squeeze(-1)
        x0 = torch.clamp(inv_sab[i] * x - c_e[i] * eps, -10.0, 10.0)
        x = c_x0[i] * x0 + c_x[i] * x + sig[i] * noise_h[:, min(j + 1, k_steps - 1)].unsqueeze(0)
    return x


class Sampler(nn.Module):
    """The exported graph: (context, ar, noise) -> samples. Computes what Hybrid.sample computes, with the reverse
    diffusion of each horizon step as one ONNX Loop."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        for name, v in zip(["inv_sab", "c_e", "c_x0", "c_x", "sig"],
                           posterior_coefficients(model.beta, model.alpha, model.alpha_bar)):
            self.register_buffer(name, torch.tensor(v, dtype=torch.float32))

    def forward(self, context, ar, noise):
        m = self.model
        ctx = torch.clamp(context, -CLIP, CLIP)
        c = ctx.shape[1]
        _, hn = m.gru(m.enc_inputs(ctx, c - ENCODER, c))
        hs = [hn[layer].unsqueeze(1) for layer in range(m.layers)]
        a, scale, feats = m.target_features(ctx, ar)
        outs = []
        for h in range(HORIZON):
            cproj = m.cond_h(hs[-1]) + m.cond_f(feats[:, h:h + 1, :])
            x = noise[:, h, 0].unsqueeze(0) + 0 * a[:, h:h + 1]                 # [B, S]
            x = reverse_diffusion(x, noise[:, h, :], cproj, m.step.weight, m.x_in.weight[:, 0], m.l2.weight.t(),
                                  m.l2.bias, m.l3.weight.t(), m.l3.bias, m.out.weight.t(), m.out.bias, self.inv_sab,
                                  self.c_e, self.c_x0, self.c_x, self.sig)
            zt = torch.clamp(a[:, h:h + 1] + scale[:, h:h + 1] * x, -CLIP, CLIP)
            outs.append(zt)
            tau = c + h
            lag_vals = [ctx[:, tau - lag:tau - lag + 1].expand_as(zt) for lag in LAGS]
            hs = m.gru_cell(torch.stack([zt] + lag_vals, dim=-1), hs)
        return torch.stack(outs, dim=-1)


class Denoiser(nn.Module):
    """One epsilon-network call on precomputed conditioning (for the speed measurement): x [N], cproj [N, W]."""

    def __init__(self, model, k_index):
        super().__init__()
        self.model, self.k_index = model, k_index

    def forward(self, x, cproj):
        return self.model.denoise(x, self.k_index, cproj)


def denoiser_flops(model):
    """Multiply-adds x 2 of one epsilon-network call per row (the cond projection is once per horizon step)."""
    w = model.width
    return 2 * (w + 2 * w * w + w)
