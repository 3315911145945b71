package dev.augur.models.ar;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.Predictive;

/**
 * Online AR order selection by predictive log-likelihood: one {@link RlsAr} per candidate order runs on the same
 * series; before each observation is learned, every candidate's one-step predictive density at it is added to a
 * discounted score, score_i <- delta score_i + log p_i(y_t | y_{1..t-1}), and the candidate with the highest score
 * forecasts (Dawid 1984, "Present position and potential developments: the prequential approach", JRSS A; with
 * delta = 1 this is the prequential / predictive MDL criterion, consistent for nested AR orders as BIC is). The
 * Student-t predictive includes parameter uncertainty, which is what penalises needless lags.
 *
 * <p>Scores accumulate only while every candidate is solved (the largest order finishes warming up last), so no
 * candidate is compared over a shorter history; before that the largest solved order forecasts.
 *
 * <p>Allocation free after construction; not thread-safe.
 */
public final class OrderSelectingAr implements OnlineForecaster<ArSelectionState> {
    public static final String NAME = "ar-rls-select";
    public static final String VERSION = "1";

    private final ArSelectionConfig config;
    private final int[] orders;
    private final RlsAr[] models;
    private final double[] logDensity;

    public OrderSelectingAr(ArSelectionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("expected an ArSelectionConfig but found null");
        }
        this.config = config;
        this.orders = config.orders();
        this.models = new RlsAr[orders.length];
        for (int i = 0; i < orders.length; i++) {
            models[i] = new RlsAr(new ArConfig(orders[i], config.forgetting(), 1e4, config.intervals()));
        }
        this.logDensity = new double[orders.length];
    }

    public ArSelectionConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public ArSelectionState newState() {
        ArSelectionState s = new ArSelectionState();
        s.orders = orders.clone();
        s.members = new ArState[orders.length];
        for (int i = 0; i < orders.length; i++) {
            s.members[i] = models[i].newState();
        }
        s.score = new double[orders.length];
        return s;
    }

    @Override
    public ArSelectionState copy(ArSelectionState state) {
        return state.copy();
    }

    @Override
    public long observations(ArSelectionState state) {
        return state.n;
    }

    @Override
    public boolean warmingUp(ArSelectionState state) {
        checkShape(state);
        return models[state.selected].warmingUp(state.members[state.selected]);
    }

    /** The order currently forecasting. */
    public int selectedOrder(ArSelectionState state) {
        checkShape(state);
        return orders[state.selected];
    }

    @Override
    public void learn(ArSelectionState s, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("expected a finite observation but found " + y);
        }
        checkShape(s);
        boolean allSolved = true;
        for (int i = 0; i < models.length; i++) {
            allSolved &= s.members[i].solved;
        }
        if (allSolved) {
            for (int i = 0; i < models.length; i++) {
                logDensity[i] = models[i].logPredictiveDensity(s.members[i], y);
            }
            double delta = config.scoreDiscount();
            for (int i = 0; i < models.length; i++) {
                // a density of exactly zero (or an infinite one on a constant stretch) must not poison the score
                double ld = Math.max(-1e6, Math.min(1e6, logDensity[i]));
                s.score[i] = delta * s.score[i] + ld;
            }
        }
        for (int i = 0; i < models.length; i++) {
            models[i].learn(s.members[i], y);
        }
        s.n++;
        s.selected = choose(s, allSolved);
    }

    private int choose(ArSelectionState s, boolean scored) {
        int best = 0;
        if (scored) {
            for (int i = 1; i < models.length; i++) {
                if (s.score[i] > s.score[best]) {
                    best = i;
                }
            }
            return best;
        }
        for (int i = 0; i < models.length; i++) {
            if (s.members[i].solved) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void forecast(ArSelectionState s, Predictive out) {
        checkShape(s);
        models[s.selected].forecast(s.members[s.selected], out);
    }

    private void checkShape(ArSelectionState s) {
        if (s.version != ArSelectionState.CURRENT_VERSION) {
            throw new IllegalArgumentException("expected ArSelectionState version "
                    + ArSelectionState.CURRENT_VERSION + " but found " + s.version);
        }
        if (s.orders == null || !java.util.Arrays.equals(s.orders, orders) || s.members == null
                || s.members.length != orders.length || s.score == null || s.score.length != orders.length
                || s.selected < 0 || s.selected >= orders.length) {
            throw new IllegalArgumentException("expected a selection state for orders "
                    + java.util.Arrays.toString(orders) + " but found "
                    + (s.orders == null ? "null" : java.util.Arrays.toString(s.orders)));
        }
        for (int i = 0; i < models.length; i++) {
            models[i].checkShape(s.members[i]);
        }
    }
}
