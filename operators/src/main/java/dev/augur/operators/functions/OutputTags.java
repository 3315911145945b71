package dev.augur.operators.functions;

import dev.augur.models.stream.StageRecord;
import dev.augur.operators.state.StageRecordTypeInfo;
import dev.augur.schemas.records.AnomalyScore;
import dev.augur.schemas.records.DeadLetter;
import dev.augur.schemas.records.ModelDiagnostics;
import dev.augur.schemas.records.Observation;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs of the job's functions. */
public final class OutputTags {
    private OutputTags() {
    }

    public static final OutputTag<AnomalyScore> ANOMALIES =
            new OutputTag<>("anomalies", TypeInformation.of(AnomalyScore.class));

    public static final OutputTag<Observation> LATE =
            new OutputTag<>("late", TypeInformation.of(Observation.class));

    public static final OutputTag<ModelDiagnostics> DIAGNOSTICS =
            new OutputTag<>("diagnostics", TypeInformation.of(ModelDiagnostics.class));

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Inference requests of the AR stage for the neural stage (only when {@code neural.enabled}). */
    public static final OutputTag<StageRecord> NEURAL_REQUESTS =
            new OutputTag<>("neural-requests", StageRecordTypeInfo.INSTANCE);
}
