package dev.augur.models.var;

import dev.augur.models.MultivariateForecaster;
import dev.augur.models.MultivariateForecasterContract;
import org.junit.jupiter.api.Nested;

class RlsVarContractTest {

    @Nested
    class ThreeSeriesTwoLags extends MultivariateForecasterContract<VarState> {
        @Override
        protected MultivariateForecaster<VarState> forecaster() {
            return new RlsVar(VarConfig.of(3, 2));
        }

        @Override
        protected Class<VarState> stateType() {
            return VarState.class;
        }
    }

    @Nested
    class SevenSeriesFourLagsWithoutForgetting extends MultivariateForecasterContract<VarState> {
        @Override
        protected MultivariateForecaster<VarState> forecaster() {
            return new RlsVar(new VarConfig(7, 4, 1.0, 1e4));
        }

        @Override
        protected Class<VarState> stateType() {
            return VarState.class;
        }
    }
}
