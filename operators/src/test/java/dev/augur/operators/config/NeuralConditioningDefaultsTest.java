package dev.augur.operators.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.models.neural.ConditioningExport;
import org.junit.jupiter.api.Test;

/**
 * The neural model is trained on AR candidates computed by {@link ConditioningExport} with the job's default AR stage
 * settings; if a default here changes, the conditioning (and the model) must be regenerated, so this test fails.
 */
class NeuralConditioningDefaultsTest {
    @Test
    void trainingConditioningUsesTheJobDefaults() {
        assertEquals(AugurOptions.AR_ORDER.defaultValue(), ConditioningExport.AR_ORDER, "ar.order");
        assertEquals(AugurOptions.AR_FORGETTING.defaultValue(), ConditioningExport.AR_FORGETTING, "ar.forgetting");
        assertEquals(AugurOptions.MAX_IMPUTE_GAP.defaultValue(), ConditioningExport.MAX_IMPUTE_GAP, "impute.max-gap");
        assertEquals(AugurOptions.DIAGNOSTICS_EVERY.defaultValue(), ConditioningExport.DIAGNOSTICS_EVERY,
                "diagnostics.every");
    }
}
