package dev.augur.ingest.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.augur.ingest.IngestConfig;
import dev.augur.ingest.validate.ValidationResult.Accepted;
import dev.augur.ingest.validate.ValidationResult.Rejected;
import dev.augur.schemas.records.Observation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one raw line against the JSON line contract and turns it into an {@link Observation}.
 *
 * <h2>The JSON line contract</h2>
 *
 * One UTF-8 JSON object per Kafka record value (a leading byte-order mark and surrounding whitespace are ignored):
 *
 * <pre>{@code
 * {"series": "s1", "time": "2024-01-01T00:00:00Z", "value": 1.5, "group": "g1", "labels": {"unit": "C"}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code series} (required): a string of 1 to {@code max-id-length} characters (Unicode code points, default
 *       256), with no control characters (U+0000-U+001F, U+007F-U+009F) and no unpaired surrogates. It becomes the
 *       Kafka key of the observation.</li>
 *   <li>{@code time} (required): the event time, either an ISO-8601 date-time with an offset ({@code
 *       2024-01-01T00:00:00Z}, {@code 2024-01-01T01:00:00+01:00}; fractions below a millisecond are dropped) or a
 *       whole number of milliseconds since 1970-01-01T00:00:00Z ({@code 1704067200000}; {@code 1704067200000.0} is
 *       accepted, {@code 1704067200000.5} is not). It must lie in {@code [min-timestamp, max-timestamp)}, by default
 *       {@code [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)}.</li>
 *   <li>{@code value} (required): a JSON number that is finite as a double. {@code NaN}, {@code Infinity} and
 *       numbers beyond &plusmn;1.7976931348623157E308 are rejected; strings such as {@code "1.5"} are rejected.</li>
 *   <li>{@code group} (optional, null = none): same rules as {@code series}.</li>
 *   <li>{@code labels} (optional, null = none): an object whose values are all strings.</li>
 *   <li>Any other field is ignored, so producers can add fields without breaking ingest. A field given twice makes
 *       the line unparseable.</li>
 * </ul>
 *
 * <p>Lines longer than {@code max-line-bytes} (default 1 MiB) are rejected before parsing. The checks run in a fixed
 * order, so one line always gets the same {@link ErrorType}: size, UTF-8 and JSON syntax (the whole line), missing
 * required fields, then {@code series}, {@code time}, {@code value}, {@code group}, {@code labels}.
 *
 * <p>Not thread-safe (it reuses a UTF-8 decoder): use one instance per stream task.
 */
public final class JsonLineValidator {
    /** Longest excerpt of a found value quoted in a message. */
    private static final int EXCERPT_CHARS = 64;
    private static final JsonFactory JSON = JsonFactory.builder()
            // Accept the NaN/Infinity tokens so they are reported as NON_FINITE rather than as a syntax error.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final int maxIdLength;
    private final Instant minTimestamp;
    private final Instant maxTimestamp;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public JsonLineValidator(IngestConfig config) {
        this.maxIdLength = config.maxIdLength();
        this.minTimestamp = config.minTimestamp();
        this.maxTimestamp = config.maxTimestamp();
        this.maxLineBytes = config.maxLineBytes();
    }

    /**
     * Validates one raw record value.
     *
     * @param line the record value as received; null (a tombstone) is rejected as {@link ErrorType#UNPARSEABLE}
     * @return {@link Accepted} with every field set, or {@link Rejected} with the reason; never throws for bad data
     */
    public ValidationResult validate(byte[] line) {
        if (line == null) {
            return reject(ErrorType.UNPARSEABLE, "expected a JSON object line but found a null value (tombstone)");
        }
        if (line.length > maxLineBytes) {
            return reject(ErrorType.TOO_LARGE, "expected a line of at most " + maxLineBytes + " bytes but found "
                    + line.length + " bytes");
        }
        CharBuffer text = CharBuffer.allocate(line.length);
        ByteBuffer in = ByteBuffer.wrap(line);
        if (line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
            in.position(3);
        }
        utf8.reset();
        CoderResult cr = utf8.decode(in, text, true);
        if (!cr.isError()) {
            cr = utf8.flush(text);
        }
        if (cr.isError()) {
            return reject(ErrorType.UNPARSEABLE, "expected UTF-8 text but found an invalid byte sequence at byte "
                    + in.position() + describeBytes(line, in.position()));
        }
        text.flip();
        try (JsonParser p = JSON.createParser(text.array(), 0, text.limit())) {
            return parse(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return reject(ErrorType.UNPARSEABLE, "expected one JSON object but the line is not valid JSON" + where
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // Parsing an in-memory array does no I/O; treat anything else like a syntax error.
            return reject(ErrorType.UNPARSEABLE, "expected one JSON object but reading it failed: " + e);
        }
    }

    private ValidationResult parse(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return reject(ErrorType.UNPARSEABLE, "expected a JSON object but found an empty line");
        }
        if (t != JsonToken.START_OBJECT) {
            return reject(ErrorType.UNPARSEABLE, "expected a JSON object but found " + describe(capture(p, t)));
        }
        Field series = null;
        Field time = null;
        Field value = null;
        Field group = null;
        Field labelsField = null;
        Map<String, String> labels = null;
        String labelsError = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "series" -> series = capture(p, v);
                case "time" -> time = capture(p, v);
                case "value" -> value = capture(p, v);
                case "group" -> group = capture(p, v);
                case "labels" -> {
                    if (v == JsonToken.START_OBJECT) {
                        labels = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            JsonToken lv = p.nextToken();
                            if (lv == JsonToken.VALUE_STRING) {
                                labels.put(key, p.getText());
                            } else {
                                Field bad = capture(p, lv);
                                if (labelsError == null) {
                                    labelsError = "expected 'labels' to be an object of string values but 'labels."
                                            + excerpt(key) + "' was " + describe(bad);
                                }
                            }
                        }
                    } else {
                        labelsField = capture(p, v);
                    }
                }
                default -> p.skipChildren();
            }
        }
        JsonToken after = p.nextToken();
        if (after != null) {
            return reject(ErrorType.UNPARSEABLE, "expected one JSON object per line but found more content after it"
                    + " at column " + p.currentTokenLocation().getColumnNr());
        }

        List<String> missing = new ArrayList<>(3);
        checkPresent("series", series, missing);
        checkPresent("time", time, missing);
        checkPresent("value", value, missing);
        if (!missing.isEmpty()) {
            return reject(ErrorType.MISSING_FIELD, "expected the fields series, time and value but " + String.join(
                    " and ", missing));
        }

        Rejected r = checkId("series", series);
        if (r != null) {
            return r;
        }
        long eventTime;
        switch (time.token) {
            case VALUE_STRING -> {
                Instant instant;
                try {
                    instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(time.text, Instant::from);
                } catch (DateTimeParseException e) {
                    return reject(ErrorType.BAD_TIMESTAMP, "expected 'time' as an ISO-8601 date-time with offset"
                            + " (e.g. 2024-01-01T00:00:00Z) or whole epoch milliseconds but found " + describe(time)
                            + (hasNoOffset(time.text) ? " (no offset: add Z for UTC)" : ""));
                }
                if (instant.isBefore(minTimestamp) || !instant.isBefore(maxTimestamp)) {
                    return outOfRange(instant.toString(), time);
                }
                eventTime = instant.toEpochMilli();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double d = time.number;
                boolean whole = time.fitsLong || (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53);
                if (!whole) {
                    if (time.token == JsonToken.VALUE_NUMBER_INT) {
                        return outOfRange("a time beyond the range of epoch milliseconds", time);
                    }
                    return reject(ErrorType.BAD_TIMESTAMP, "expected 'time' as whole epoch milliseconds (or an"
                            + " ISO-8601 string) but found " + describe(time));
                }
                long ms = time.fitsLong ? time.longValue : (long) d;
                if (ms < minTimestamp.toEpochMilli() || ms >= maxTimestamp.toEpochMilli()) {
                    return outOfRange(Instant.ofEpochMilli(ms).toString(), time);
                }
                eventTime = ms;
            }
            default -> {
                return reject(ErrorType.BAD_TYPE, "expected 'time' to be an ISO-8601 string or epoch milliseconds"
                        + " but found " + describe(time));
            }
        }

        if (value.token != JsonToken.VALUE_NUMBER_INT && value.token != JsonToken.VALUE_NUMBER_FLOAT) {
            return reject(ErrorType.BAD_TYPE, "expected 'value' to be a JSON number but found " + describe(value));
        }
        if (!Double.isFinite(value.number)) {
            boolean literal = !value.text.isEmpty() && (Character.isDigit(value.text.charAt(value.text.length() - 1)));
            return reject(ErrorType.NON_FINITE, literal
                    ? "expected 'value' to fit in a double (magnitude at most " + Double.MAX_VALUE + ") but found "
                            + describe(value)
                    : "expected 'value' to be a finite number but found " + value.text);
        }

        String groupId = null;
        if (group != null && group.token != JsonToken.VALUE_NULL) {
            r = checkId("group", group);
            if (r != null) {
                return r;
            }
            groupId = group.text;
        }

        if (labelsField != null && labelsField.token != JsonToken.VALUE_NULL) {
            return reject(ErrorType.BAD_TYPE, "expected 'labels' to be an object of string values but found "
                    + describe(labelsField));
        }
        if (labelsError != null) {
            return reject(ErrorType.BAD_TYPE, labelsError);
        }
        Map<String, String> labelMap = labels == null || labels.isEmpty() ? Collections.emptyMap() : labels;
        return new Accepted(new Observation(series.text, groupId, Instant.ofEpochMilli(eventTime), value.number,
                labelMap));
    }

    private Rejected outOfRange(String found, Field time) {
        return reject(ErrorType.BAD_TIMESTAMP, "expected 'time' in [" + minTimestamp + ", " + maxTimestamp
                + ") but found " + found + " (" + describe(time) + ")");
    }

    private static void checkPresent(String name, Field f, List<String> missing) {
        if (f == null) {
            missing.add("'" + name + "' was absent");
        } else if (f.token == JsonToken.VALUE_NULL) {
            missing.add("'" + name + "' was null");
        }
    }

    /** Checks a series or group id; null when it is fine. */
    private Rejected checkId(String name, Field f) {
        if (f.token != JsonToken.VALUE_STRING) {
            return reject(ErrorType.BAD_TYPE, "expected '" + name + "' to be a string but found " + describe(f));
        }
        String id = f.text;
        if (id.isEmpty()) {
            return reject(ErrorType.BAD_ID, "expected '" + name + "' to be a non-empty string but found \"\"");
        }
        int length = id.codePointCount(0, id.length());
        if (length > maxIdLength) {
            return reject(ErrorType.ID_TOO_LONG, "expected '" + name + "' of at most " + maxIdLength
                    + " characters but found " + length + " characters: " + describe(f));
        }
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            if (Character.isISOControl(cp)) {
                return reject(ErrorType.BAD_ID, "expected '" + name + "' without control characters but found "
                        + String.format("U+%04X", cp) + " at index " + i + " in " + describe(f));
            }
            if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
                return reject(ErrorType.BAD_ID, "expected '" + name + "' to be valid Unicode but found an unpaired"
                        + " surrogate " + String.format("U+%04X", cp) + " at index " + i + " in " + describe(f));
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static boolean hasNoOffset(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Rejected reject(ErrorType type, String message) {
        return new Rejected(type, message);
    }

    /** One scalar (or a skipped container) read from the parser. */
    private static final class Field {
        JsonToken token;
        String text;
        double number;
        long longValue;
        boolean fitsLong;
    }

    private static Field capture(JsonParser p, JsonToken t) throws IOException {
        Field f = new Field();
        f.token = t;
        switch (t) {
            case VALUE_STRING -> f.text = p.getText();
            case VALUE_NUMBER_INT -> {
                f.text = p.getText();
                JsonParser.NumberType nt = p.getNumberType();
                f.fitsLong = nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
                if (f.fitsLong) {
                    f.longValue = p.getLongValue();
                }
                f.number = p.getDoubleValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                f.text = p.getText();
                f.number = p.getDoubleValue();
            }
            case START_OBJECT, START_ARRAY -> {
                p.skipChildren();
                f.text = "";
            }
            default -> f.text = p.getText();
        }
        return f;
    }

    private static String describe(Field f) {
        return switch (f.token) {
            case VALUE_STRING -> "a string \"" + excerpt(f.text) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + excerpt(f.text);
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + f.text;
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> f.token.toString();
        };
    }

    /** At most {@value #EXCERPT_CHARS} characters of {@code s}, control characters escaped. */
    static String excerpt(String s) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(s.length(), EXCERPT_CHARS);
        if (n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (Character.isISOControl(c) || unpaired || c == '"' || c == '\\') {
                sb.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("... (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    private static String describeBytes(byte[] line, int at) {
        StringBuilder sb = new StringBuilder(" (bytes");
        for (int i = at; i < Math.min(line.length, at + 4); i++) {
            sb.append(String.format(" %02X", line[i] & 0xFF));
        }
        return sb.append(')').toString();
    }
}
