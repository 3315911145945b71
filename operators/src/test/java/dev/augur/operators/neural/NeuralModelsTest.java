package dev.augur.operators.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The job's view of the bundled ONNX model: description, moments from samples, rows the runner refuses. */
class NeuralModelsTest {

    static double[] window(int c, double phase) {
        double[] w = new double[c];
        for (int i = 0; i < c; i++) {
            w[i] = 50 + 5 * Math.sin(2 * Math.PI * i / 24.0 + phase) + 0.5 * Math.cos(i * 1.7);
        }
        return w;
    }

    @Test
    void describesTheBundledModelAndRefusesAHorizonBeyondIt() {
        NeuralModels.Description d = NeuralModels.describe("bundled", 12);
        assertEquals("neural-diffusion", d.name());
        assertTrue(d.context() > 0 && d.horizon() >= 12, d.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuralModels.describe("bundled", d.horizon() + 1));
        assertTrue(e.getMessage().startsWith("forecast.horizon must be at most the neural model's horizon"),
                e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NeuralModels.describe("/no/such/model.onnx", 12));
        assertTrue(missing.getMessage().contains("neural.model must be 'bundled' or an existing ONNX file"),
                missing.getMessage());
    }

    @Test
    void rowsGetSampleMomentsAndARefusedRowGetsNaNWithoutFailingTheBatch() throws Exception {
        try (BatchForecaster f = NeuralModels.open("bundled", false, 4, 100)) {
            int c = f.context();
            int h = f.horizon();
            double[][] ctx = {window(c, 0), window(c, 1), window(c, 2)};
            ctx[1][5] = Double.NaN; // the runner refuses non-finite input
            double[][] arMeans = new double[3][h];
            double[][] arVars = new double[3][h];
            for (int r = 0; r < 3; r++) {
                Arrays.fill(arMeans[r], ctx[0][c - 1]);
                Arrays.fill(arVars[r], 4.0);
            }
            double[][] means = new double[3][h];
            double[][] vars = new double[3][h];
            f.forecast(3, ctx, arMeans, arVars, means, vars);
            for (int step = 0; step < h; step++) {
                assertTrue(Double.isNaN(means[1][step]) && Double.isNaN(vars[1][step]));
                for (int r : new int[] {0, 2}) {
                    assertTrue(Double.isFinite(means[r][step]) && vars[r][step] > 0,
                            "row " + r + " step " + step + ": " + means[r][step] + ", " + vars[r][step]);
                }
            }
            // on the series' own scale: shifting the inputs by 1000 shifts the forecast by 1000 (the model sees the
            // window normalised by its mean and spread, and its samples are mapped back)
            double[] shifted = ctx[0].clone();
            for (int i = 0; i < c; i++) {
                shifted[i] += 1000;
            }
            double[] shiftedAr = arMeans[0].clone();
            for (int i = 0; i < h; i++) {
                shiftedAr[i] += 1000;
            }
            double[][] sm = new double[1][h];
            double[][] sv = new double[1][h];
            f.forecast(1, new double[][] {shifted}, new double[][] {shiftedAr}, new double[][] {arVars[0]}, sm, sv);
            for (int step = 0; step < h; step++) {
                assertEquals(means[0][step] + 1000, sm[0][step], 1e-3, "step " + step);
                assertEquals(vars[0][step], sv[0][step], 1e-3 * vars[0][step], "step " + step);
            }
            // the same row alone gives the same numbers: results do not depend on the batch
            double[][] alone = new double[1][h];
            double[][] aloneVar = new double[1][h];
            f.forecast(1, new double[][] {ctx[2]}, new double[][] {arMeans[2]}, new double[][] {arVars[2]}, alone,
                    aloneVar);
            assertEquals(Arrays.toString(means[2]), Arrays.toString(alone[0]));
            assertEquals(Arrays.toString(vars[2]), Arrays.toString(aloneVar[0]));
        }
    }
}
