package dev.augur.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on model state objects by reflection over their public fields: the Flink POJO rules the project's state
 * follows, and deep, bit-exact equality (so "forecast does not change the state" is checked on every field).
 */
public final class PlainState {
    private PlainState() {
    }

    /**
     * Asserts the rules of plain versioned state: public class, public no-argument constructor, every instance field
     * public and non-final, of a primitive type, a primitive array, a String, or an array of a class that itself
     * follows these rules; an int field named {@code version} and a static final int {@code CURRENT_VERSION}.
     */
    public static void assertPlain(Class<?> type) {
        assertTrue(Modifier.isPublic(type.getModifiers()), type + " must be public");
        try {
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()));
        } catch (NoSuchMethodException e) {
            fail(type + " needs a public no-argument constructor");
        }
        boolean hasVersion = false;
        for (Field f : fields(type)) {
            int mod = f.getModifiers();
            assertTrue(Modifier.isPublic(mod) && !Modifier.isFinal(mod),
                    type.getSimpleName() + "." + f.getName() + " must be public and not final");
            Class<?> t = f.getType();
            if (t.isArray() && !t.getComponentType().isPrimitive() && t.getComponentType() != String.class) {
                assertPlain(t.getComponentType());
            } else {
                assertTrue(t.isPrimitive() || t == String.class || (t.isArray() && t.getComponentType().isPrimitive()),
                        type.getSimpleName() + "." + f.getName() + " has type " + t
                                + "; expected a primitive, a primitive array or a String");
            }
            hasVersion |= f.getName().equals("version") && t == int.class;
        }
        assertTrue(hasVersion, type.getSimpleName() + " must have an int field 'version'");
        try {
            Field current = type.getField("CURRENT_VERSION");
            assertTrue(Modifier.isStatic(current.getModifiers()) && current.getType() == int.class);
        } catch (NoSuchFieldException e) {
            fail(type + " must declare static final int CURRENT_VERSION");
        }
    }

    /** Asserts that two state objects are equal field by field, bit for bit (arrays deeply). */
    public static void assertSame(Object expected, Object actual, String context) {
        assertEquals(expected.getClass(), actual.getClass(), context);
        for (Field f : fields(expected.getClass())) {
            try {
                compare(f.get(expected), f.get(actual), context + ": field " + f.getName());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void compare(Object a, Object b, String where) {
        if (a == null || b == null) {
            assertEquals(a, b, where);
        } else if (a instanceof double[] da) {
            double[] db = (double[]) b;
            assertEquals(da.length, db.length, where + " length");
            for (int i = 0; i < da.length; i++) {
                assertEquals(Double.doubleToLongBits(da[i]), Double.doubleToLongBits(db[i]),
                        where + "[" + i + "]: expected " + da[i] + " but found " + db[i]);
            }
        } else if (a instanceof int[] ia) {
            assertArrayEquals(ia, (int[]) b, where);
        } else if (a instanceof long[] la) {
            assertArrayEquals(la, (long[]) b, where);
        } else if (a instanceof boolean[] ba) {
            assertArrayEquals(ba, (boolean[]) b, where);
        } else if (a instanceof Object[] oa) {
            Object[] ob = (Object[]) b;
            assertEquals(oa.length, ob.length, where + " length");
            for (int i = 0; i < oa.length; i++) {
                assertSame(oa[i], ob[i], where + "[" + i + "]");
            }
        } else if (a instanceof Double da) {
            assertEquals(Double.doubleToLongBits(da), Double.doubleToLongBits((Double) b), where);
        } else {
            assertEquals(a, b, where);
        }
    }

    /** Asserts that no array is shared between the two objects (a deep copy). */
    public static void assertNoSharedArrays(Object a, Object b) {
        for (Field f : fields(a.getClass())) {
            try {
                Object va = f.get(a);
                Object vb = f.get(b);
                if (va != null && va.getClass().isArray()) {
                    assertTrue(va != vb, "field " + f.getName() + " is shared between original and copy");
                    if (va instanceof Object[] oa) {
                        for (int i = 0; i < oa.length; i++) {
                            assertNoSharedArrays(oa[i], ((Object[]) vb)[i]);
                        }
                    }
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Serialised size in bytes of a plain state object as Flink's POJO serializer writes it, to within a few bytes: a
     * null flag per field, primitives at their width (boolean 1), arrays as a 4-byte length plus their elements, nested
     * objects recursively.
     */
    public static long payloadBytes(Object state) {
        long bytes = 0;
        for (Field f : fields(state.getClass())) {
            bytes += 1;
            try {
                Object v = f.get(state);
                Class<?> t = f.getType();
                if (v == null) {
                    continue;
                }
                if (t == double.class || t == long.class) {
                    bytes += 8;
                } else if (t == int.class || t == float.class) {
                    bytes += 4;
                } else if (t == boolean.class || t == byte.class) {
                    bytes += 1;
                } else if (v instanceof double[] a) {
                    bytes += 4 + 8L * a.length;
                } else if (v instanceof long[] a) {
                    bytes += 4 + 8L * a.length;
                } else if (v instanceof int[] a) {
                    bytes += 4 + 4L * a.length;
                } else if (v instanceof boolean[] a) {
                    bytes += 4 + a.length;
                } else if (v instanceof Object[] a) {
                    bytes += 4;
                    for (Object o : a) {
                        bytes += payloadBytes(o);
                    }
                } else if (v instanceof String str) {
                    bytes += 2 + str.length();
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return bytes;
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out;
    }
}
