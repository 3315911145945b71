package dev.augur.ingest.resample;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which series a resampling rule applies to, matched against the whole series id.
 *
 * <ul>
 *   <li>{@code glob:<glob>} or a bare glob: {@code *} matches any run of characters (none included; dots are not
 *       special), {@code ?} exactly one character; every other character stands for itself. {@code ticks.*} matches
 *       {@code ticks.AAPL} and {@code ticks.} but not {@code ticks}.</li>
 *   <li>{@code regex:<java regex>}: a {@link Pattern}, which must match the whole id
 *       ({@code regex:ticks\.[A-Z]+}).</li>
 * </ul>
 */
public final class SeriesPattern {
    private static final String GLOB = "glob:";
    private static final String REGEX = "regex:";

    private final String text;
    private final Pattern pattern;

    private SeriesPattern(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong (empty, bad regex)
     */
    public static SeriesPattern parse(String text) {
        if (text.startsWith(REGEX)) {
            String regex = text.substring(REGEX.length());
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("the regex after 'regex:' is empty");
            }
            try {
                return new SeriesPattern(text, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the regex is invalid: " + e.getDescription() + " near index "
                        + e.getIndex());
            }
        }
        String glob = text.startsWith(GLOB) ? text.substring(GLOB.length()) : text;
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("the glob is empty");
        }
        return new SeriesPattern(text, Pattern.compile(globToRegex(glob)));
    }

    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    sb.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                sb.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            sb.append(Pattern.quote(literal.toString()));
        }
        return sb.toString();
    }

    /** Whether {@code series} matches as a whole. */
    public boolean matches(String series) {
        return pattern.matcher(series).matches();
    }

    /** The pattern as written in the rule. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
