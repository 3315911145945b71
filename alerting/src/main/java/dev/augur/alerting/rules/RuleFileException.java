package dev.augur.alerting.rules;

/**
 * A rules file cannot be used. The message names the file, the rule (by name and position) and the field, says what
 * was expected (the allowed values or range) and what was found, so it can be shown to the operator as is.
 */
public final class RuleFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RuleFileException(String message) {
        super(message);
    }

    public RuleFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
