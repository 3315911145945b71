package dev.augur.schemas.config;

/**
 * A setting or command-line argument is missing or out of range. The message names the key, the allowed values and
 * what was found, so it can be shown to the operator as is.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
