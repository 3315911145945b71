package dev.augur.models.eval;

/**
 * A minimal streaming JSON writer for the reports (models has no JSON library at main scope): objects, arrays,
 * strings, numbers (non-finite numbers are written as {@code null}), booleans. Indented two spaces. Not thread-safe.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;
    private int depth;

    JsonWriter beginObject() {
        value();
        out.append('{');
        depth++;
        first = true;
        return this;
    }

    JsonWriter endObject() {
        return end('}');
    }

    JsonWriter beginArray() {
        value();
        out.append('[');
        depth++;
        first = true;
        return this;
    }

    JsonWriter endArray() {
        return end(']');
    }

    JsonWriter name(String name) {
        separator();
        string(name);
        out.append(": ");
        pendingName = true;
        return this;
    }

    JsonWriter value(String s) {
        value();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(double d) {
        value();
        if (!Double.isFinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(d);
        }
        return this;
    }

    JsonWriter value(long v) {
        value();
        out.append(v);
        return this;
    }

    JsonWriter value(boolean b) {
        value();
        out.append(b);
        return this;
    }

    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    JsonWriter array(String name, double[] v) {
        name(name).beginArray();
        for (double d : v) {
            inline(d);
        }
        return endArrayInline();
    }

    JsonWriter array(String name, String[] v) {
        name(name).beginArray();
        for (String s : v) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            string(s);
        }
        return endArrayInline();
    }

    @Override
    public String toString() {
        return out.toString() + "\n";
    }

    private boolean pendingName;

    private void inline(double d) {
        if (!first) {
            out.append(", ");
        }
        first = false;
        out.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : Double.toString(d)) : "null");
    }

    private JsonWriter endArrayInline() {
        depth--;
        out.append(']');
        first = false;
        return this;
    }

    private void value() {
        if (pendingName) {
            pendingName = false;
            first = false;
            return;
        }
        separator();
        first = false;
    }

    private void separator() {
        if (depth == 0) {
            return;
        }
        if (!first) {
            out.append(',');
        }
        out.append('\n');
        out.append("  ".repeat(depth));
        first = false;
    }

    private JsonWriter end(char c) {
        depth--;
        if (!first) {
            out.append('\n').append("  ".repeat(depth));
        }
        out.append(c);
        first = false;
        return this;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
