package dev.augur.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.models.ar.ArConfig;
import dev.augur.models.ar.ArSelectionConfig;
import dev.augur.models.ar.OrderSelectingAr;
import dev.augur.models.ar.RlsAr;
import dev.augur.models.arima.SarimaConfig;
import dev.augur.models.arima.SeasonalArima;
import dev.augur.models.var.RlsVar;
import dev.augur.models.var.VarConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Serialised state size per model after warm-up (the numbers in models/README.md); AR(8) must fit in 1 KB. */
class StateSizeTest {

    private static <S> long size(OnlineForecaster<S> f) {
        S s = f.newState();
        Random rng = new Random(1);
        for (int t = 0; t < 2000; t++) {
            f.learn(s, 10 + Math.sin(t * 2 * Math.PI / 12) + rng.nextGaussian());
        }
        return PlainState.payloadBytes(s);
    }

    @Test
    void statesAreSmall() {
        long ar8 = size(new RlsAr(ArConfig.of(8)));
        long ar16 = size(new RlsAr(ArConfig.of(16)));
        long select = size(new OrderSelectingAr(ArSelectionConfig.defaults()));
        long sarima = size(new SeasonalArima(SarimaConfig.of(2, 1, 0, 1, 1, 0, 12)));
        long sarimaMa = size(new SeasonalArima(SarimaConfig.of(2, 0, 1, 1, 1, 1, 24)));
        RlsVar var = new RlsVar(VarConfig.of(7, 4));
        var vs = var.newState();
        Random rng = new Random(2);
        for (int t = 0; t < 2000; t++) {
            double[] y = new double[7];
            for (int i = 0; i < 7; i++) {
                y[i] = rng.nextGaussian();
            }
            var.learn(vs, y);
        }
        long var74 = PlainState.payloadBytes(vs);
        System.out.printf("state bytes: AR(8) %d, AR(16) %d, order selection {1,2,4,8,16} %d, "
                + "SARIMA(2,1,0)(1,1,0)_12 %d, SARIMA(2,0,1)(1,1,1)_24 %d, VAR(k=7,p=4) %d%n",
                ar8, ar16, select, sarima, sarimaMa, var74);
        assertTrue(ar8 <= 1024, "AR(8) state is " + ar8 + " bytes, above 1 KB");
    }
}
