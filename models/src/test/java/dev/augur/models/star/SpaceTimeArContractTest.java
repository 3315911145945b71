package dev.augur.models.star;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariateForecasterContract;
import org.junit.jupiter.api.Nested;

class SpaceTimeArContractTest {

    /** Both ring neighbours; the contract's series couples each series to the next one only (misspecified on purpose). */
    @Nested
    class FourSitesOnARing extends MultivariateForecasterContract<StarState> {
        @Override
        protected MultivariateForecaster<StarState> forecaster() {
            return new SpaceTimeAr(StarConfig.of(SpatialWeights.fromAdjacency(
                    new int[][] {{1, 3}, {0, 2}, {1, 3}, {2, 0}}), 1));
        }

        @Override
        protected Class<StarState> stateType() {
            return StarState.class;
        }
    }

    @Nested
    class SixSitesInverseDistanceTwoLagsWithoutForgetting extends MultivariateForecasterContract<StarState> {
        @Override
        protected MultivariateForecaster<StarState> forecaster() {
            double[][] xy = {{0, 0}, {1, 0}, {2, 0.5}, {0, 1}, {1, 1.5}, {2.5, 2}};
            return new SpaceTimeAr(new StarConfig(SpatialWeights.inverseDistance(xy, 1, Double.POSITIVE_INFINITY),
                    2, 1.0, 1e4));
        }

        @Override
        protected Class<StarState> stateType() {
            return StarState.class;
        }
    }
}
