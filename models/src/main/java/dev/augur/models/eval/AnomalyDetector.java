package dev.augur.models.eval;

import dev.augur.models.dist.Normal;
import dev.augur.models.stream.EnsembleProcessor;
import java.util.Locale;

/**
 * Augur's detector on one series, run causally: the job's AR stage and ensemble ({@link StreamReplay}) score each
 * arrival by its two-sided tail probability p under the calibrated one-step pooled forecast. The raw score is
 * {@code 1 - p} (the job's {@code AnomalyScore.score}); 0 while warming up, for rows not applied (a timestamp not
 * after the previous one) and where p is not finite (counted in {@link Replay#nonFinite()}).
 *
 * <p>Optional causal post-processing ({@link Post}), each a function of the current and past raw scores only:
 * <ul>
 *   <li>{@code plain}: the raw score;
 *   <li>{@code surprise}: {@code min(1, -log10(p) / 20)}: the same ranking as plain, but tail probabilities below
 *       1e-16 stay distinguishable (plain rounds them all to 1.0);
 *   <li>{@code likelihood}: Numenta's anomaly likelihood (Ahmad et al. 2017, section 4.3) on the surprise
 *       s = -log10(p): the mean of s over the last {@code shortWindow} rows, compared with the mean and standard
 *       deviation (at least {@value #MIN_SIGMA}) of s over the {@code longWindow - shortWindow} rows before them by a
 *       Normal tail, {@code L = Phi((mean_short - mu) / sigma)};
 *       then, as NAB's numenta detector, reported on a log scale {@code log(1.0000000001 - L) / log(1e-10)} so that
 *       thresholds near 1 are resolved;
 *   <li>{@code peak}: the surprise score where it exceeds every surprise score of the previous {@code peakWindow}
 *       rows, else 0: a run of alarms reports only its new maxima, so a series that is spiky all the time stops
 *       raising alarms on every spike. The default window (400 rows) was chosen by looking at NAB scores for
 *       50..1000 rows (300 to 400 scored best), so NAB numbers with it are tuned on NAB;
 *   <li>{@code scaled}: the same peak filter over the absolute one-step error in units of the series' mean absolute
 *       one-step error so far, z_t = |y_t - yhat_t| / mean_{s &lt; t} |y_s - yhat_s| (scored rows s; 0 until
 *       {@value #MIN_SCALED_HISTORY} of them), reported as z / (1 + z). It ignores the predictive variance, which is
 *       too small on spiky series: a deviation counts by how unusual it is for that series' own forecast errors. This
 *       variant was chosen among a few by their NAB scores (the scale's window: 500, 1000, 2000, 5000 rows or all
 *       history, which is used), so its NAB numbers are tuned on NAB too.
 * </ul>
 */
public final class AnomalyDetector {
    /** Post-processing of the raw score. */
    public enum Post {
        PLAIN, SURPRISE, LIKELIHOOD, PEAK, SCALED;

        public static Post parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--post must be plain, surprise, likelihood, peak or scaled but "
                        + "was '" + s + "'");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Smallest standard deviation of the surprise history (log10 units), so a flat history is not infinitely sure. */
    static final double MIN_SIGMA = 0.1;
    static final int DEFAULT_PEAK_WINDOW = 400;
    /** Scored rows needed before {@code scaled} reports anything. */
    static final int MIN_SCALED_HISTORY = 20;

    private final EvalSettings settings;
    private final Post post;
    private final int shortWindow;
    private final int longWindow;
    private final int peakWindow;

    public AnomalyDetector(EvalSettings settings, Post post, int shortWindow, int longWindow, int peakWindow) {
        if (shortWindow < 1 || longWindow < 2 * shortWindow || peakWindow < 1) {
            throw new IllegalArgumentException("expected short window >= 1, long window >= 2 x short and peak window"
                    + " >= 1 but found " + shortWindow + ", " + longWindow + " and " + peakWindow);
        }
        this.peakWindow = peakWindow;
        this.settings = settings;
        this.post = post;
        this.shortWindow = shortWindow;
        this.longWindow = longWindow;
    }

    /** The default windows: likelihood 10 and 1000 rows, peak 400 rows. */
    public static AnomalyDetector of(EvalSettings settings, Post post) {
        return new AnomalyDetector(settings, post, 10, 1000, DEFAULT_PEAK_WINDOW);
    }

    public Post post() {
        return post;
    }

    /**
     * Two-sided tail probabilities p per row under the pooled forecast (1 where nothing was scored).
     *
     * @param timesMillis event times in row order
     */
    public double[] tailProbabilities(long[] timesMillis, double[] values) {
        return replay(timesMillis, values).tail();
    }

    /**
     * The tail probabilities of a replay and its bookkeeping.
     *
     * @param tail per row, 1 where nothing was scored
     * @param skipped rows not applied (time not after the previous row's)
     * @param restarts AR restarts ({@link StreamReplay#restarts()}), with the first one's description or null
     * @param nonFinite arrivals whose pooled forecast gave no finite tail probability (a diverged model's candidate);
     *     they score 0
     * @param expected per row the calibrated one-step ensemble mean the arrival was scored against (NaN where
     *     nothing was scored)
     * @param lower per row the lower end of the calibrated one-step central interval at the anomaly level (NaN where
     *     nothing was scored)
     * @param upper its upper end
     */
    public record Replay(double[] tail, long skipped, long restarts, String firstRestart, long nonFinite,
            double[] expected, double[] lower, double[] upper) {
    }

    /** Replays one series; thread-safe (each call has its own processors). */
    public Replay replay(long[] timesMillis, double[] values) {
        double[] tail = new double[values.length];
        java.util.Arrays.fill(tail, 1.0);
        double[] expected = new double[values.length];
        double[] lower = new double[values.length];
        double[] upper = new double[values.length];
        java.util.Arrays.fill(expected, Double.NaN);
        java.util.Arrays.fill(lower, Double.NaN);
        java.util.Arrays.fill(upper, Double.NaN);
        StreamReplay replay = new StreamReplay(settings, new String[] {"value"}, null, 0);
        int[] row = new int[1];
        long[] nonFinite = new long[1];
        replay.setListener(new StreamReplay.Listener() {
            @Override
            public void arrival(int member, long time, double value, EnsembleProcessor.ArrivalScore s) {
                if (!s.warmingUp && !Double.isFinite(s.tail)) {
                    nonFinite[0]++;
                }
                tail[row[0]] = s.warmingUp || !Double.isFinite(s.tail) ? 1.0 : s.tail;
                if (!s.warmingUp) {
                    expected[row[0]] = s.expected;
                    lower[row[0]] = s.lower;
                    upper[row[0]] = s.upper;
                }
            }
        });
        double[] v = new double[1];
        for (int i = 0; i < values.length; i++) {
            row[0] = i;
            v[0] = values[i];
            replay.row(timesMillis[i], v);
        }
        replay.finish();
        return new Replay(tail, replay.skipped(), replay.restarts(), replay.firstRestart(), nonFinite[0], expected,
                lower, upper);
    }

    /** The detector's anomaly score per row, in [0, 1]. */
    public double[] scores(long[] timesMillis, double[] values) {
        return transform(replay(timesMillis, values), values);
    }

    /**
     * Applies the post-processing to a replay of {@code values} (row order); the only form that supports every
     * {@link Post}.
     *
     * @param r the replay of {@code values}; read only
     * @param values the series; read only
     */
    public double[] transform(Replay r, double[] values) {
        if (post != Post.SCALED) {
            return transform(r.tail());
        }
        int n = values.length;
        if (r.expected().length != n) {
            throw new IllegalArgumentException("expected " + n + " forecasts but found " + r.expected().length);
        }
        double[] x = new double[n];
        double sum = 0;
        long count = 0;
        for (int i = 0; i < n; i++) {
            double yhat = r.expected()[i];
            if (!Double.isFinite(yhat) || !Double.isFinite(values[i])) {
                continue;
            }
            double e = Math.abs(values[i] - yhat);
            if (count >= MIN_SCALED_HISTORY) {
                double z = e / Math.max(sum / count, Double.MIN_NORMAL);
                x[i] = z / (1 + z);
            }
            sum += e;
            count++;
        }
        double[] out = new double[n];
        peakFilter(x, out);
        return out;
    }

    /**
     * Applies the post-processing to tail probabilities p (row order).
     *
     * @throws IllegalArgumentException for {@link Post#SCALED}, which needs the forecasts ({@link #transform(Replay,
     *     double[])})
     */
    public double[] transform(double[] tail) {
        int n = tail.length;
        double[] out = new double[n];
        switch (post) {
            case PLAIN -> {
                for (int i = 0; i < n; i++) {
                    out[i] = 1 - tail[i];
                }
            }
            case SURPRISE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.min(1, surprise(tail[i]) / 20);
                }
            }
            case LIKELIHOOD -> likelihood(tail, out);
            case PEAK -> peak(tail, out);
            case SCALED -> throw new IllegalArgumentException("the scaled score needs the forecasts and values: "
                    + "call transform(Replay, double[])");
            default -> throw new IllegalStateException();
        }
        return out;
    }

    private static double surprise(double p) {
        return Math.max(0.0, -Math.log10(Math.max(p, 1e-300)));
    }

    private void likelihood(double[] tail, double[] out) {
        int n = tail.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = surprise(tail[i]);
        }
        int history = longWindow - shortWindow;
        double shortSum = 0;
        double histSum = 0;
        double histSq = 0;
        int histCount = 0;
        for (int i = 0; i < n; i++) {
            shortSum += s[i];
            if (i >= shortWindow) {
                shortSum -= s[i - shortWindow];
                double enter = s[i - shortWindow];
                histSum += enter;
                histSq += enter * enter;
                histCount++;
                if (histCount > history) {
                    double leave = s[i - shortWindow - history];
                    histSum -= leave;
                    histSq -= leave * leave;
                    histCount--;
                }
            }
            if (histCount < shortWindow) {
                out[i] = 0;
                continue;
            }
            double mu = histSum / histCount;
            double sigma = Math.max(Math.sqrt(Math.max(histSq / histCount - mu * mu, 0)), MIN_SIGMA);
            double likelihood = Normal.cdf((shortSum / shortWindow - mu) / sigma);
            out[i] = Math.min(1, Math.max(0, Math.log(1.0000000001 - likelihood) / Math.log(1e-10)));
        }
    }

    private void peak(double[] tail, double[] out) {
        int n = tail.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(1, surprise(tail[i]) / 20);
        }
        peakFilter(x, out);
    }

    /** out_i = x_i where x_i exceeds every x of the previous {@code peakWindow} rows, else 0. */
    private void peakFilter(double[] x, double[] out) {
        int n = x.length;
        java.util.ArrayDeque<Integer> maxima = new java.util.ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            double previous = maxima.isEmpty() ? -1 : x[maxima.peekFirst()];
            out[i] = x[i] > previous ? x[i] : 0;
            while (!maxima.isEmpty() && x[maxima.peekLast()] <= x[i]) {
                maxima.pollLast();
            }
            maxima.addLast(i);
            while (maxima.peekFirst() <= i - peakWindow) {
                maxima.pollFirst();
            }
        }
    }
}
