package dev.augur.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One statsmodels reference file from {@code src/test/resources/fixtures/} (written by
 * {@code models/fixtures/make_fixtures.py}), with the relative-error comparison the fixture tests use.
 *
 * <p>Relative error of a value is |actual - expected| / |expected|. For an expected value that is exactly zero (for
 * example the zero upper triangle of an orthogonalised impulse response) the denominator is 1e-8 times the largest
 * |expected| of the same array, i.e. the error is measured relative to the array's scale.
 */
public final class Fixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final JsonNode root;

    private Fixture(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    public static Fixture load(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, "fixture /fixtures/" + name + " is missing; run models/fixtures/make_fixtures.py");
            return new Fixture(name, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public JsonNode node(String key) {
        JsonNode n = root.get(key);
        assertNotNull(n, name + " has no key " + key);
        return n;
    }

    public double number(String key) {
        return node(key).asDouble();
    }

    public int integer(String key) {
        return node(key).asInt();
    }

    public double[] vector(String key) {
        return vector(node(key));
    }

    public static double[] vector(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    public double[][] matrix(String key) {
        return matrix(node(key));
    }

    public static double[][] matrix(JsonNode n) {
        double[][] out = new double[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(n.get(i));
        }
        return out;
    }

    /** Max relative error of {@code actual} against {@code expected}, as defined in the class comment. */
    public static double maxRelativeError(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double denom = expected[i] == 0 ? 1e-8 * scale : Math.abs(expected[i]);
            double err = Math.abs(actual[i] - expected[i]) / denom;
            if (Double.isNaN(err) || (denom == 0 && actual[i] != 0)) {
                err = Double.POSITIVE_INFINITY;
            } else if (denom == 0) {
                err = 0;
            }
            worst = Math.max(worst, err);
        }
        return worst;
    }

    /** Asserts max relative error <= tolerance, prints it (for the report) and returns it. */
    public double assertClose(String what, double[] expected, double[] actual, double tolerance) {
        double err = maxRelativeError(expected, actual);
        System.out.printf("fixture %-36s %-28s max relative error %.3e (tolerance %.0e)%n", name, what, err,
                tolerance);
        assertTrue(err <= tolerance, name + " " + what + ": max relative error " + err + " exceeds " + tolerance
                + "\n expected " + java.util.Arrays.toString(expected) + "\n actual   "
                + java.util.Arrays.toString(actual));
        return err;
    }

    public double assertClose(String what, double expected, double actual, double tolerance) {
        return assertClose(what, new double[] {expected}, new double[] {actual}, tolerance);
    }
}
