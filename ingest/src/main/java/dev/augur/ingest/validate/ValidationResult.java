package dev.augur.ingest.validate;

import dev.augur.schemas.records.Observation;
import java.util.Objects;

/** The outcome of validating one raw line: an {@link Accepted} observation or a {@link Rejected} reason. */
public sealed interface ValidationResult permits ValidationResult.Accepted, ValidationResult.Rejected {

    /** The line was valid; {@code observation} holds every field of it. */
    record Accepted(Observation observation) implements ValidationResult {
        public Accepted {
            Objects.requireNonNull(observation, "observation");
        }
    }

    /** The line was invalid; {@code message} says what was expected and what was found. */
    record Rejected(ErrorType errorType, String message) implements ValidationResult {
        public Rejected {
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(message, "message");
        }
    }
}
