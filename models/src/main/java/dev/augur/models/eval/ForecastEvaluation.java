package dev.augur.models.eval;

import dev.augur.models.dist.Normal;
import dev.augur.models.stream.EnsembleProcessor;
import dev.augur.models.stream.StageRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eval forecast}: replays a CSV through the job's processors ({@link StreamReplay}) and scores, prequentially,
 * the calibrated {@code ensemble} forecast of the target series against baselines made in the same run: the online AR
 * alone ({@code ar-rls}, its candidate as the combine receives it), the VAR alone ({@code var-rls}, with a group), and
 * the seasonal naive forecast ({@code seasonal-naive}: y_{T+h-m(floor((h-1)/m)+1)}, Normal with variance
 * sigma^2 (floor((h-1)/m)+1), sigma^2 the mean squared one-step seasonal difference so far; Hyndman and Athanasopoulos,
 * FPP3 section 5.5).
 *
 * <p>An (origin, step) is scored only when every model made a forecast for it, the AR had finished warming up at the
 * origin, the origin row is at or after {@code --eval-from}, and the target time is a row with a value; so all models
 * are compared on the same forecasts. The scored forecasts are written to {@code forecasts.csv}, from which every
 * number in {@code metrics.json} can be recomputed. MASE divides by the in-sample MAE of the one-step seasonal naive
 * forecast over the rows before {@code --eval-from} (over all rows when fewer than m + 2 precede it).
 */
final class ForecastEvaluation {
    static final String ENSEMBLE = EnsembleProcessor.MODEL;
    static final String NAIVE = "seasonal-naive";

    /** The outcome: per model its accuracy, plus what was scored. */
    record Result(Map<String, ForecastAccuracy> byModel, Map<String, JointEvaluation.Accuracy> joint,
            double maseScale, int rows, long scored, double seconds) {
    }

    private ForecastEvaluation() {
    }

    static void run(Options.Forecast o, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        SeriesTable table = SeriesTable.read(o.input(), o.stepMillis(), o.startMillis());
        Files.createDirectories(o.out());
        Result r = evaluate(table, o.target(), o.group(), o.stepMillis(), o.season(), o.evalFrom(), o.settings(),
                o.paths(), o.seed(), o.writeForecasts() ? o.out().resolve("forecasts.csv") : null, o.out(), out);
        String target = target(table, o.target(), o.group());
        String json = json(r, o, table, target, (System.nanoTime() - t0) / 1e9);
        Files.writeString(o.out().resolve("metrics.json"), json, StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "%-15s %8s %10s %10s %8s %10s %8s %8s%n", "model", "n", "MAE", "RMSE", "MASE", "CRPS",
                "cov90", "cov50");
        for (Map.Entry<String, ForecastAccuracy> e : r.byModel().entrySet()) {
            ForecastAccuracy a = e.getValue();
            double[] c = a.centralLevels();
            out.printf(Locale.ROOT, "%-15s %8d %10.4f %10.4f %8.4f %10.4f %8.3f %8.3f%n", e.getKey(), a.count(0),
                    a.mae(0), a.rmse(0), a.mase(0, r.maseScale()), a.crps(0), a.coverage(0, index(c, 0.9)),
                    a.coverage(0, index(c, 0.5)));
        }
        if (r.joint() != null) {
            out.printf(Locale.ROOT, "%-15s %8s %12s %12s %12s   (all %d members jointly, %d sample paths)%n",
                    "model", "n", "energy", "energy/scale", "CRPS-sum", o.group().length, o.paths());
            for (Map.Entry<String, JointEvaluation.Accuracy> e : r.joint().entrySet()) {
                JointEvaluation.Accuracy a = e.getValue();
                out.printf(Locale.ROOT, "%-15s %8d %12.5f %12.5f %12.6f%n", e.getKey(), a.count(0), a.energyScore(0),
                        a.energyScoreScaled(0), a.crpsSum(0));
            }
        }
        out.printf(Locale.ROOT, "%d rows, %d (origin, step) pairs scored per model in %.1f s; wrote %s%n", r.rows(),
                r.scored(), (System.nanoTime() - t0) / 1e9, o.out().resolve("metrics.json"));
    }

    static String target(SeriesTable table, String target, String[] group) {
        if (target != null) {
            table.column(target);
            return target;
        }
        if (group != null) {
            return group[group.length - 1];
        }
        String[] c = table.columns();
        return c[c.length - 1];
    }

    /**
     * Replays {@code table} and scores the models.
     *
     * @param paths joint sample paths per (origin, step) for the group scores ({@link JointEvaluation})
     * @param seed seed of those samples
     * @param forecastsCsv where to write the scored forecasts, or null
     * @param plotDir where to write forecast.png and coverage.png, or null
     */
    static Result evaluate(SeriesTable table, String targetName, String[] group, long stepGiven, int season,
            int evalFrom, EvalSettings s, int paths, long seed, Path forecastsCsv, Path plotDir, PrintStream progress)
            throws IOException {
        long t0 = System.nanoTime();
        String target = target(table, targetName, group);
        String[] members = group == null ? new String[] {target} : group.clone();
        if (group != null && !Arrays.asList(group).contains(target)) {
            throw new IllegalArgumentException("--target " + target + " must be one of the --group columns "
                    + Arrays.toString(group));
        }
        int[] cols = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            cols[i] = table.column(members[i]);
        }
        int tm = Arrays.asList(members).indexOf(target);
        int n = table.rows();
        long step = table.typicalStep();
        if (step <= 0) {
            throw new IllegalArgumentException("expected at least two rows with increasing times but found " + n
                    + " rows");
        }
        int horizon = s.horizon();
        double[] levels = s.levels();
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            rowOf.put(table.time(i), i);
        }
        Map<String, ForecastStore> stores = new LinkedHashMap<>();
        stores.put(ENSEMBLE, new ForecastStore(ENSEMBLE, n, horizon, levels));
        stores.put(dev.augur.models.ar.RlsAr.NAME, new ForecastStore(dev.augur.models.ar.RlsAr.NAME, n, horizon,
                levels));
        if (group != null) {
            stores.put(dev.augur.models.var.RlsVar.NAME, new ForecastStore(dev.augur.models.var.RlsVar.NAME, n,
                    horizon, levels));
        }
        stores.put(NAIVE, new ForecastStore(NAIVE, n, horizon, levels));
        boolean[] arWarm = new boolean[n];
        double[] scratch = new double[levels.length];
        double[] z = new double[levels.length];
        StreamReplay replay = new StreamReplay(s, members, group == null ? null : "group", step);
        JointEvaluation joint = group == null ? null
                : new JointEvaluation(table, cols, step, s, season, evalFrom, paths, seed, rowOf, replay);
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void candidate(int member, StageRecord r) {
                if (joint != null) {
                    joint.candidate(member, r);
                }
                Integer o = rowOf.get(r.time);
                ForecastStore st = stores.get(r.model);
                if (member != tm || o == null || st == null) {
                    return;
                }
                if (r.model.equals(dev.augur.models.ar.RlsAr.NAME)) {
                    arWarm[o] = !r.warmingUp;
                }
                ForecastStore.standardQuantiles(r.dof, levels, z);
                for (int h = 1; h <= Math.min(horizon, r.means.length); h++) {
                    st.putStudentT(o, h, r.means[h - 1], r.variances[h - 1], r.dof, z, scratch);
                }
            }

            @Override
            public void ensemble(int member, EnsembleProcessor.Ensemble e) {
                if (joint != null) {
                    joint.ensemble(member, e);
                }
                Integer o = rowOf.get(e.origin);
                if (member != tm || o == null) {
                    return;
                }
                for (int i = 0; i < e.steps; i++) {
                    stores.get(ENSEMBLE).put(o, e.horizon[i], e.mean[i], e.quantiles[i]);
                }
            }
        });
        double[] y = table.column(cols[tm]);
        double[] row = new double[members.length];
        int tick = Math.max(1, n / 10);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < members.length; j++) {
                row[j] = table.value(cols[j], i);
            }
            replay.row(table.time(i), row);
            if (progress != null && (i + 1) % tick == 0) {
                progress.printf(Locale.ROOT, "replayed %d/%d rows (%.0f%%) %.1f s%n", i + 1, n, 100.0 * (i + 1) / n,
                        (System.nanoTime() - t0) / 1e9);
                progress.flush();
            }
        }
        replay.finish();
        seasonalNaive(y, season, stores.get(NAIVE), horizon, levels, scratch);
        double scale = maseScale(y, season, evalFrom);
        Map<String, ForecastAccuracy> acc = new LinkedHashMap<>();
        for (String m : stores.keySet()) {
            acc.put(m, new ForecastAccuracy(levels, horizon));
        }
        long scored = 0;
        BufferedWriter w = forecastsCsv == null ? null : Files.newBufferedWriter(forecastsCsv, StandardCharsets.UTF_8);
        try {
            if (w != null) {
                StringBuilder head = new StringBuilder("origin_time,target_time,horizon,model,observed,mean");
                for (double l : levels) {
                    head.append(",q").append(level(l));
                }
                w.write(head.append('\n').toString());
            }
            List<ForecastStore> all = new ArrayList<>(stores.values());
            double[] q = new double[levels.length];
            StringBuilder line = new StringBuilder(256);
            for (int o = evalFrom; o < n; o++) {
                if (!arWarm[o]) {
                    continue;
                }
                for (int h = 1; h <= horizon; h++) {
                    Integer target2 = rowOf.get(table.time(o) + h * step);
                    if (target2 == null || !Double.isFinite(y[target2])) {
                        continue;
                    }
                    boolean complete = true;
                    for (ForecastStore st : all) {
                        complete &= st.has(o, h);
                    }
                    if (!complete) {
                        continue;
                    }
                    scored++;
                    double obs = y[target2];
                    for (ForecastStore st : all) {
                        st.quantiles(o, h, q);
                        double mu = st.mean(o, h);
                        acc.get(st.model()).add(h, obs, mu, q);
                        if (w != null) {
                            line.setLength(0);
                            line.append(table.timeText(o)).append(',').append(table.timeText(target2)).append(',')
                                    .append(h).append(',').append(st.model()).append(',').append(obs).append(',')
                                    .append(mu);
                            for (double v : q) {
                                line.append(',').append(v);
                            }
                            w.write(line.append('\n').toString());
                        }
                    }
                }
            }
        } finally {
            if (w != null) {
                w.close();
            }
        }
        if (plotDir != null) {
            plots(plotDir, target, stores.get(ENSEMBLE), stores.get(dev.augur.models.ar.RlsAr.NAME),
                    y, arWarm, evalFrom, horizon, levels.length);
        }
        return new Result(acc, joint == null ? null : joint.accuracy(), scale, n, scored,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * forecast.png: the last 500 one-step ensemble forecasts (mean and outermost central interval) with the
     * observations; coverage.png: the rolling (200 origins) coverage of that interval, ensemble and ar-rls.
     */
    private static void plots(Path dir, String target, ForecastStore ens, ForecastStore ar, double[] y,
            boolean[] warm, int evalFrom, int horizon, int levels) throws IOException {
        List<Integer> origins = new ArrayList<>();
        for (int o = evalFrom; o + 1 < y.length; o++) {
            if (warm[o] && ens.has(o, 1) && ar.has(o, 1) && Double.isFinite(y[o + 1])) {
                origins.add(o);
            }
        }
        if (origins.size() < 10) {
            return;
        }
        double[] q = new double[levels];
        int from = Math.max(0, origins.size() - 500);
        int m = origins.size() - from;
        double[] obs = new double[m];
        double[] mean = new double[m];
        double[] lo = new double[m];
        double[] hi = new double[m];
        for (int i = 0; i < m; i++) {
            int o = origins.get(from + i);
            obs[i] = y[o + 1];
            mean[i] = ens.mean(o, 1);
            ens.quantiles(o, 1, q);
            lo[i] = q[0];
            hi[i] = q[levels - 1];
        }
        new LinePlot(target + ": one-step ensemble forecast, outer interval (last " + m + " origins)")
                .band(lo, hi, new java.awt.Color(160, 190, 240), "ensemble interval")
                .line(obs, java.awt.Color.BLACK, "observed")
                .line(mean, new java.awt.Color(30, 80, 200), "ensemble mean")
                .write(dir.resolve("forecast.png"), 1000, 400);
        int window = Math.min(200, origins.size() / 2);
        double[][] cov = new double[2][origins.size()];
        ForecastStore[] st = {ens, ar};
        for (int s = 0; s < 2; s++) {
            int hits = 0;
            boolean[] hit = new boolean[origins.size()];
            for (int i = 0; i < origins.size(); i++) {
                int o = origins.get(i);
                st[s].quantiles(o, 1, q);
                hit[i] = y[o + 1] >= q[0] && y[o + 1] <= q[levels - 1];
                hits += hit[i] ? 1 : 0;
                if (i >= window) {
                    hits -= hit[i - window] ? 1 : 0;
                }
                cov[s][i] = i + 1 >= window ? hits / (double) window : Double.NaN;
            }
        }
        double[] nominal = new double[origins.size()];
        java.util.Arrays.fill(nominal, 0.9);
        new LinePlot(target + ": rolling coverage (" + window + " origins) of the one-step outer interval")
                .line(nominal, java.awt.Color.GRAY, "nominal")
                .line(cov[1], new java.awt.Color(200, 80, 40), "ar-rls")
                .line(cov[0], new java.awt.Color(30, 80, 200), "ensemble (calibrated)")
                .write(dir.resolve("coverage.png"), 1000, 350);
    }

    /** Seasonal naive forecasts at every origin row with m earlier rows and two seasonal differences behind it. */
    static void seasonalNaive(double[] y, int m, ForecastStore out, int horizon, double[] levels, double[] q) {
        double[] sigma2 = seasonalVariance(y, m);
        for (int o = 0; o < y.length; o++) {
            for (int h = 1; h <= horizon; h++) {
                double mu = seasonalNaive(y, sigma2, m, o, h, levels, q, 0);
                if (!Double.isNaN(mu)) {
                    out.put(o, h, mu, q);
                }
            }
        }
    }

    /**
     * sigma^2 at each origin row o: the mean of (y_t - y_{t-m})^2 over t in [m, o] with both values finite; NaN until
     * two such t exist.
     */
    static double[] seasonalVariance(double[] y, int m) {
        double[] out = new double[y.length];
        double sumSq = 0;
        int count = 0;
        for (int o = 0; o < y.length; o++) {
            if (o >= m && Double.isFinite(y[o]) && Double.isFinite(y[o - m])) {
                double d = y[o] - y[o - m];
                sumSq += d * d;
                count++;
            }
            out[o] = count < 2 ? Double.NaN : sumSq / count;
        }
        return out;
    }

    /**
     * The seasonal naive forecast of step h from origin row o: mean y_{o+h-m k}, k = floor((h-1)/m) + 1, Normal with
     * variance sigma^2_o k; its quantiles at {@code levels} go to q[offset..].
     *
     * @param sigma2 from {@link #seasonalVariance}
     * @return the mean, or NaN (q untouched) when sigma^2_o or the source value is missing
     */
    static double seasonalNaive(double[] y, double[] sigma2, int m, int o, int h, double[] levels, double[] q,
            int offset) {
        int k = (h - 1) / m + 1;
        int src = o + h - m * k;
        if (Double.isNaN(sigma2[o]) || src < 0 || !Double.isFinite(y[src])) {
            return Double.NaN;
        }
        double sd = Math.sqrt(sigma2[o] * k);
        for (int l = 0; l < levels.length; l++) {
            q[offset + l] = y[src] + sd * Normal.inverseCdf(levels[l]);
        }
        return y[src];
    }

    /** Mean |y_t - y_{t-m}| over t in [m, evalFrom), or over every row when fewer than two such t exist. */
    static double maseScale(double[] y, int m, int evalFrom) {
        int end = evalFrom >= m + 2 ? Math.min(evalFrom, y.length) : y.length;
        double s = 0;
        int c = 0;
        for (int t = m; t < end; t++) {
            if (Double.isFinite(y[t]) && Double.isFinite(y[t - m])) {
                s += Math.abs(y[t] - y[t - m]);
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }

    static String level(double l) {
        String s = Double.toString(l);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static int index(double[] a, double v) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - v) < 1e-9) {
                return i;
            }
        }
        return 0;
    }

    static String json(Result r, Options.Forecast o, SeriesTable table, String target, double seconds) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("input", o.input().toString());
        j.field("format", table.format().name().toLowerCase(Locale.ROOT));
        j.field("target", target);
        if (o.group() != null) {
            j.array("group", o.group());
        }
        j.field("rows", r.rows());
        j.field("stepMillis", table.typicalStep());
        j.field("season", o.season());
        j.field("evalFrom", o.evalFrom());
        j.field("maseScale", r.maseScale());
        j.field("scoredPerModel", r.scored());
        j.field("seconds", Math.round(seconds * 10) / 10.0);
        j.field("crps", "from the quantiles at the levels: 2/K sum_k pinball_k (Crps.fromQuantiles)");
        if (o.group() != null) {
            j.field("joint", "energy score (Gneiting and Raftery 2007, eq. 22, all-pairs sample estimator) and "
                    + "CRPS-sum "
                    + "(sum_t CRPS of the summed samples / sum_t |sum of observations|) of all members jointly, from "
                    + o.paths() + " joint samples per (origin, step), seed " + o.seed() + ": var-rls from "
                    + "N(mean, Sigma_y(h)) by Cholesky; ensemble, ar-rls and seasonal-naive by a Gaussian copula with "
                    + "the correlation of the VAR's Sigma_y(h) over each member's quantiles (JointEvaluation); "
                    + "scored where every member and model has a forecast and every member a value; "
                    + "energyScoreScaled: of the members each divided by its MASE scale; memberCrps: "
                    + "the sample CRPS of each member's marginal from the same samples, in --group order");
        }
        NabEvaluation.settings(j, o.settings());
        j.name("models").beginObject();
        for (Map.Entry<String, ForecastAccuracy> e : r.byModel().entrySet()) {
            ForecastAccuracy a = e.getValue();
            j.name(e.getKey()).beginObject();
            j.name("all");
            horizon(j, a, 0, r.maseScale());
            j.name("byHorizon").beginArray();
            for (int h = 1; h <= a.horizon(); h++) {
                horizon(j, a, h, r.maseScale());
            }
            j.endArray();
            if (r.joint() != null) {
                JointEvaluation.Accuracy ja = r.joint().get(e.getKey());
                j.name("joint").beginObject();
                j.name("all");
                joint(j, ja, 0);
                j.name("byHorizon").beginArray();
                for (int h = 1; h <= ja.horizon(); h++) {
                    joint(j, ja, h);
                }
                j.endArray();
                j.endObject();
            }
            j.endObject();
        }
        j.endObject();
        return j.endObject().toString();
    }

    private static void joint(JsonWriter j, JointEvaluation.Accuracy a, int h) {
        j.beginObject();
        if (h > 0) {
            j.field("horizon", h);
        }
        j.field("n", a.count(h)).field("energyScore", a.energyScore(h))
                .field("energyScoreScaled", a.energyScoreScaled(h)).field("crpsSum", a.crpsSum(h));
        double[] members = new double[a.members()];
        for (int i = 0; i < members.length; i++) {
            members[i] = a.memberCrps(i, h);
        }
        j.array("memberCrps", members);
        j.endObject();
    }

    private static void horizon(JsonWriter j, ForecastAccuracy a, int h, double scale) {
        j.beginObject();
        if (h > 0) {
            j.field("horizon", h);
        }
        j.field("n", a.count(h)).field("mae", a.mae(h)).field("rmse", a.rmse(h)).field("mase", a.mase(h, scale))
                .field("crps", a.crps(h));
        j.name("intervals").beginObject();
        double[] c = a.centralLevels();
        for (int p = 0; p < c.length; p++) {
            j.name(level(c[p])).beginObject().field("coverage", a.coverage(h, p)).field("width", a.width(h, p))
                    .field("winkler", a.winkler(h, p)).endObject();
        }
        j.endObject();
        j.endObject();
    }
}
