package dev.augur.models.ar;

/**
 * State of online AR order selection: one {@link ArState} per candidate order and their discounted predictive
 * log-likelihood scores. A Flink POJO whose only non-primitive field is an array of the POJO {@link ArState}
 * (serialised by Flink's POJO serializer, not Kryo).
 *
 * <p>Size: the sum of the candidates' AR states plus 2 doubles per candidate; for the default candidates
 * {1, 2, 4, 8, 16}: 4 + 9 + 25 + 81 + 289 + (1+2+4+8+16) * 2 + 2+3+5+9+17 = 507 doubles, about 4.2 KB.
 */
public final class ArSelectionState {
    /** Layout version of this class; bump when fields change and add a migration. */
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    /** Candidate orders, increasing. */
    public int[] orders;
    /** One AR state per candidate, same order as {@link #orders}. */
    public ArState[] members;
    /** Discounted sum of one-step log predictive densities per candidate, accumulated once all are solved. */
    public double[] score;
    /** Index of the candidate that forecasts. */
    public int selected;
    /** Observations learned. */
    public long n;

    public ArSelectionState() {
    }

    /** A deep copy. */
    public ArSelectionState copy() {
        ArSelectionState c = new ArSelectionState();
        c.version = version;
        c.orders = orders.clone();
        c.members = new ArState[members.length];
        for (int i = 0; i < members.length; i++) {
            c.members[i] = members[i].copy();
        }
        c.score = score.clone();
        c.selected = selected;
        c.n = n;
        return c;
    }
}
