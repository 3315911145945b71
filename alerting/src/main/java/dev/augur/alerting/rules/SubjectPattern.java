package dev.augur.alerting.rules;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which series (or groups) a rule applies to: a glob ({@code *} any run of characters, {@code ?} one character,
 * everything else literal, e.g. {@code plant-1/*}) or, with the prefix {@code re:}, a Java regular expression that
 * must match the whole id (e.g. {@code re:plant-[0-9]+/temp}).
 */
public final class SubjectPattern {
    private final String text;
    private final Pattern pattern;

    private SubjectPattern(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * Parses a glob or {@code re:} pattern.
     *
     * @throws IllegalArgumentException when the text is empty or the regular expression does not compile; the
     *     message says which
     */
    public static SubjectPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a glob such as 'plant-1/*' or 're:<regex>', not an empty string");
        }
        if (text.startsWith("re:")) {
            try {
                return new SubjectPattern(text, Pattern.compile(text.substring(3)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("a valid regular expression after 're:' but '"
                        + text.substring(3) + "' does not compile: " + e.getDescription(), e);
            }
        }
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return new SubjectPattern(text, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** Whether the whole {@code id} matches. */
    public boolean matches(String id) {
        return id != null && pattern.matcher(id).matches();
    }

    /** The pattern as written in the rules file. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
