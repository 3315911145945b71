package dev.augur.models.ar;

import dev.augur.models.OnlineForecaster;
import dev.augur.models.OnlineForecasterContract;
import org.junit.jupiter.api.Nested;

class RlsArContractTest {

    @Nested
    class Bayesian extends OnlineForecasterContract<ArState> {
        @Override
        protected OnlineForecaster<ArState> forecaster() {
            return new RlsAr(ArConfig.of(4));
        }

        @Override
        protected Class<ArState> stateType() {
            return ArState.class;
        }
    }

    @Nested
    class PlugInWithoutForgetting extends OnlineForecasterContract<ArState> {
        @Override
        protected OnlineForecaster<ArState> forecaster() {
            return new RlsAr(new ArConfig(2, 1.0, 1e4, ArConfig.Intervals.PLUG_IN));
        }

        @Override
        protected Class<ArState> stateType() {
            return ArState.class;
        }
    }

    @Nested
    class HighOrderFastForgetting extends OnlineForecasterContract<ArState> {
        @Override
        protected OnlineForecaster<ArState> forecaster() {
            return new RlsAr(new ArConfig(16, 0.99, 1e4));
        }

        @Override
        protected Class<ArState> stateType() {
            return ArState.class;
        }
    }
}
