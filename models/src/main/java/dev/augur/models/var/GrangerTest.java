package dev.augur.models.var;

/**
 * Result of a Granger-causality Wald test in a VAR (Luetkepohl 2005, section 3.6.1): H0 is that the lags of the
 * {@code causing} series have zero coefficients in the equations of the {@code caused} series.
 *
 * @param caused indices of the caused series (0-based)
 * @param causing indices of the causing series
 * @param kind the reference distribution
 * @param statistic lambda_W (WALD) or lambda_W / J (F)
 * @param pValue P(statistic exceeded under H0)
 * @param criticalValue the (1 - significance) quantile of the reference distribution
 * @param df1 J, the number of restrictions
 * @param df2 k (w - m) for F (statsmodels' convention); NaN for WALD
 * @param significance the test level
 */
public record GrangerTest(int[] caused, int[] causing, Kind kind, double statistic, double pValue,
        double criticalValue, double df1, double df2, double significance) {

    /** Reference distribution of the statistic. */
    public enum Kind {
        /** F(J, k (w - m)) for lambda_W / J, statsmodels' default ({@code kind='f'}). */
        F,
        /** chi^2(J) for lambda_W ({@code kind='wald'}). */
        WALD
    }

    /** True if H0 (no Granger causality) is rejected at {@link #significance}. */
    public boolean rejects() {
        return statistic > criticalValue;
    }
}
