package dev.augur.models.var.sparse;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariateForecasterContract;
import org.junit.jupiter.api.Nested;

class SparseVarContractTest {

    @Nested
    class ThreeSeriesTwoLags extends MultivariateForecasterContract<SparseVarState> {
        @Override
        protected MultivariateForecaster<SparseVarState> forecaster() {
            return new SparseVar(SparseVarConfig.of(3, 2));
        }

        @Override
        protected Class<SparseVarState> stateType() {
            return SparseVarState.class;
        }
    }

    @Nested
    class TwelveSeriesWithoutForgetting extends MultivariateForecasterContract<SparseVarState> {
        @Override
        protected MultivariateForecaster<SparseVarState> forecaster() {
            return new SparseVar(new SparseVarConfig(12, 1, 1.0, new double[] {0.1, 0.03, 0.01, 0.0}, 0.98, 0.01, 20,
                    1e-8));
        }

        @Override
        protected Class<SparseVarState> stateType() {
            return SparseVarState.class;
        }
    }
}
