package dev.augur.models.star;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpatialWeightsTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    private static void assertRowsNormalised(SpatialWeights w) {
        double[][] m = w.toMatrix();
        for (int i = 0; i < m.length; i++) {
            double sum = 0;
            for (int j = 0; j < m.length; j++) {
                assertTrue(m[i][j] >= 0);
                sum += m[i][j];
            }
            assertEquals(0.0, m[i][i], 0.0);
            assertEquals(1.0, sum, 1e-12, "row " + i);
        }
    }

    @Test
    void adjacencyGivesEqualWeightsPerRow() {
        SpatialWeights w = SpatialWeights.fromAdjacency(new int[][] {{1}, {0, 2}, {0, 1, 3}, {2}});
        assertRowsNormalised(w);
        assertEquals(0.5, w.weight(1, 2), 0.0);
        assertEquals(1.0 / 3, w.weight(2, 3), 1e-16);
        assertEquals(0.0, w.weight(0, 2), 0.0);
        assertEquals(7, w.pairs());
        double[] out = new double[4];
        w.apply(new double[] {1, 2, 3, 4}, 0, out, 0);
        assertEquals(2.0, out[0], 0.0);
        assertEquals(2.0, out[1], 0.0);
        assertEquals(7.0 / 3, out[2], 1e-15);
    }

    @Test
    void inverseDistanceWeightsAreProportionalToOneOverDistance() {
        SpatialWeights w = SpatialWeights.inverseDistance(new double[][] {{0, 0}, {1, 0}, {0, 2}}, 1,
                Double.POSITIVE_INFINITY);
        assertRowsNormalised(w);
        // row 0: distances 1 and 2, weights 1 and 1/2, normalised 2/3 and 1/3
        assertEquals(2.0 / 3, w.weight(0, 1), 1e-15);
        assertEquals(1.0 / 3, w.weight(0, 2), 1e-15);
        SpatialWeights squared = SpatialWeights.inverseDistance(new double[][] {{0}, {1}, {3}}, 2, 2.5);
        assertEquals(1.0, squared.weight(0, 1), 0.0, "site 2 is beyond the cut-off from site 0");
        assertEquals(0.8, squared.weight(1, 0), 1e-15, "1/1 : 1/4 normalised");
    }

    @Test
    void matrixIsNormalisedByRows() {
        SpatialWeights w = SpatialWeights.fromMatrix(new double[][] {{0, 2, 6}, {1, 0, 0}, {3, 3, 0}});
        assertRowsNormalised(w);
        assertEquals(0.75, w.weight(0, 2), 0.0);
    }

    @Test
    void errorsNameTheRowAndWhatWasWrong() {
        String msg = error(() -> SpatialWeights.fromMatrix(new double[][] {{0, 1, 1}, {1, 0, -0.5}, {1, 1, 0}}));
        assertTrue(msg.contains("row 1") && msg.contains("column 2") && msg.contains("negative"), msg);
        msg = error(() -> SpatialWeights.fromMatrix(new double[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, Double.NaN}}));
        assertTrue(msg.contains("row 2") && msg.contains("not finite"), msg);
        msg = error(() -> SpatialWeights.fromMatrix(new double[][] {{0, 1, 1}, {1, 0.5, 1}, {1, 1, 0}}));
        assertTrue(msg.contains("row 1") && msg.contains("diagonal"), msg);
        msg = error(() -> SpatialWeights.fromMatrix(new double[][] {{0, 1, 1}, {1, 0, 1}, {0, 0, 0}}));
        assertTrue(msg.contains("row 2") && msg.contains("isolated"), msg);
        msg = error(() -> SpatialWeights.fromMatrix(new double[][] {{0, 1, 1}, {1, 0}, {1, 1, 0}}));
        assertTrue(msg.contains("row 1") && msg.contains("expected 3 entries"), msg);
        msg = error(() -> SpatialWeights.fromAdjacency(new int[][] {{1}, {0}, {}}));
        assertTrue(msg.contains("row 2") && msg.contains("isolated"), msg);
        msg = error(() -> SpatialWeights.fromAdjacency(new int[][] {{1}, {1}, {0}}));
        assertTrue(msg.contains("row 1") && msg.contains("itself"), msg);
        msg = error(() -> SpatialWeights.fromAdjacency(new int[][] {{1, 2, 1}, {0}, {0}}));
        assertTrue(msg.contains("row 0") && msg.contains("twice"), msg);
        msg = error(() -> SpatialWeights.fromAdjacency(new int[][] {{1}, {0}, {3}}));
        assertTrue(msg.contains("row 2") && msg.contains("neighbour 3"), msg);
        msg = error(() -> SpatialWeights.inverseDistance(new double[][] {{0, 0}, {1, 0}, {5, 5}}, 1, 2));
        assertTrue(msg.contains("row 2") && msg.contains("isolated") && msg.contains("within distance 2"), msg);
        msg = error(() -> SpatialWeights.inverseDistance(new double[][] {{0, 0}, {1, 0}, {1, 0}}, 1, 2));
        assertTrue(msg.contains("row 1") && msg.contains("same coordinates"), msg);
        msg = error(() -> SpatialWeights.fromAdjacency(new int[][] {{}}));
        assertTrue(msg.contains("single site"), msg);
        msg = error(() -> SpatialWeights.inverseDistance(new double[][] {{0}, {1}}, 0, 2));
        assertTrue(msg.contains("power"), msg);
    }

    @Test
    void configErrorsNameTheSetting() {
        SpatialWeights w = SpatialWeights.fromAdjacency(new int[][] {{1}, {0}});
        assertTrue(error(() -> new StarConfig(w, 0, 0.99, 1e4)).contains("star.order"));
        assertTrue(error(() -> new StarConfig(w, 1, 0.9, 1e4)).contains("star.forgetting"));
        assertTrue(error(() -> new StarConfig(w, 1, 0.99, 0.5)).contains("star.initial-p"));
        assertTrue(error(() -> new StarConfig(null, 1, 0.99, 1e4)).contains("star.weights"));
    }
}
