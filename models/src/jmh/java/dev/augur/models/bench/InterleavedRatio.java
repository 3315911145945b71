package dev.augur.models.bench;

import java.util.Arrays;

/**
 * The model-to-bare ratios of {@link ArBenchmark} and {@link VarBenchmark}, measured interleaved: each round times a
 * short block of every variant in turn (rotating which goes first), and the ratio is taken per round. On a shared
 * machine whose load drifts over minutes, JMH's one-benchmark-after-another runs put different loads under the model
 * and its baseline; here both see the same load to within a few milliseconds. Not a replacement for JMH (no forks,
 * no blackhole; the sums are printed so nothing is dead code): a cross-check of the ratios.
 *
 * <p>Run: {@code java -cp models/target/benchmarks.jar dev.augur.models.bench.InterleavedRatio [rounds]}.
 */
public final class InterleavedRatio {
    private InterleavedRatio() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double sink = 0;
        for (int order : new int[] {8, 16}) {
            ArBenchmark model = ar(order);
            ArBenchmark bare = ar(order);
            ArBenchmark shared = ar(order);
            ArBenchmark fused = ar(order);
            sink += report("AR(" + order + ")", rounds, 20000, new String[] {"model", "bareArithmetic",
                "bareArithmeticSharedUx", "bareArithmeticFused"}, new Block[] {n -> {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += model.model();
                    }
                    return acc;
                }, n -> {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += bare.bareArithmetic();
                    }
                    return acc;
                }, n -> {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += shared.bareArithmeticSharedUx();
                    }
                    return acc;
                }, n -> {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += fused.bareArithmeticFused();
                    }
                    return acc;
                }});
        }
        VarBenchmark model = var();
        VarBenchmark bare = var();
        VarBenchmark symmetric = var();
        VarBenchmark fused = var();
        sink += report("VAR(k=7, p=4)", rounds, 2000, new String[] {"model", "bareArithmetic",
            "bareArithmeticSymmetricMse", "bareArithmeticFused"}, new Block[] {n -> {
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += model.model();
                }
                return acc;
            }, n -> {
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += bare.bareArithmetic();
                }
                return acc;
            }, n -> {
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += symmetric.bareArithmeticSymmetricMse();
                }
                return acc;
            }, n -> {
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += fused.bareArithmeticFused();
                }
                return acc;
            }});
        System.out.println("(checksum " + sink + ")");
    }

    /** A block of calls of one variant: each variant has its own loop, so each call site sees one target. */
    private interface Block {
        double run(int calls);
    }

    private static VarBenchmark var() {
        VarBenchmark b = new VarBenchmark();
        b.setUp();
        return b;
    }

    private static ArBenchmark ar(int order) {
        ArBenchmark b = new ArBenchmark();
        b.order = order;
        b.setUp();
        return b;
    }

    /** Times {@code block} calls of each variant per round; the first third of the rounds is warm-up. */
    private static double report(String name, int rounds, int block, String[] names, Block[] variants) {
        int n = variants.length;
        double[][] ns = new double[n][rounds];
        double sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int v = (r + k) % n;
                long t0 = System.nanoTime();
                sink += variants[v].run(block);
                ns[v][r] = (System.nanoTime() - t0) / (double) block;
            }
        }
        int from = rounds / 3;
        for (int v = 0; v < n; v++) {
            double[] t = Arrays.copyOfRange(ns[v], from, rounds);
            Arrays.sort(t);
            System.out.printf("%-14s %-26s median %8.1f ns/op (p10 %8.1f, p90 %8.1f)%n", name, names[v],
                    t[t.length / 2], t[t.length / 10], t[t.length * 9 / 10]);
        }
        for (int v = 1; v < n; v++) {
            double[] ratio = new double[rounds - from];
            for (int r = from; r < rounds; r++) {
                ratio[r - from] = ns[0][r] / ns[v][r];
            }
            Arrays.sort(ratio);
            System.out.printf("%-14s model / %-26s median %.2f (p25 %.2f, p75 %.2f) over %d rounds%n", name,
                    names[v], ratio[ratio.length / 2], ratio[ratio.length / 4], ratio[ratio.length * 3 / 4],
                    ratio.length);
        }
        return sink;
    }
}
