package dev.augur.models.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small headless PNG line chart (Java2D): shaded vertical spans (e.g. labelled anomaly windows), shaded bands
 * between two lines, lines, and point markers over a shared x axis of row indices; optional fixed y range. Enough for
 * the reports; not a plotting library. Not thread-safe.
 */
final class LinePlot {
    private record Line(double[] y, Color color, String label) {
    }

    private record Band(double[] lo, double[] hi, Color color, String label) {
    }

    private record Marks(boolean[] at, double[] y, Color color, String label) {
    }

    private record Spans(boolean[] at, Color color, String label) {
    }

    private final String title;
    private final List<Spans> spans = new ArrayList<>();
    private double fixedLo = Double.NaN;
    private double fixedHi = Double.NaN;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Marks> marks = new ArrayList<>();

    LinePlot(String title) {
        this.title = title;
    }

    LinePlot line(double[] y, Color c, String label) {
        lines.add(new Line(y, c, label));
        return this;
    }

    LinePlot band(double[] lo, double[] hi, Color c, String label) {
        bands.add(new Band(lo, hi, c, label));
        return this;
    }

    /** Shades the full height of every x where {@code at[x]} is true (drawn first, under everything). */
    LinePlot spans(boolean[] at, Color c, String label) {
        spans.add(new Spans(at, c, label));
        return this;
    }

    /** Fixes the y axis to [lo, hi] instead of the data's range; values outside are clipped. */
    LinePlot yRange(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("expected lo < hi but found " + lo + " and " + hi);
        }
        fixedLo = lo;
        fixedHi = hi;
        return this;
    }

    LinePlot marks(boolean[] at, double[] y, Color c, String label) {
        marks.add(new Marks(at, y, c, label));
        return this;
    }

    void write(Path png, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 40;
        int n = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<double[]> all = new ArrayList<>();
        for (Line l : lines) {
            all.add(l.y);
        }
        for (Band b : bands) {
            all.add(b.lo);
            all.add(b.hi);
        }
        for (double[] a : all) {
            n = Math.max(n, a.length);
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        for (Spans sp : spans) {
            n = Math.max(n, sp.at.length);
        }
        double pad = 0.05 * (hi - lo);
        final double ylo = Double.isNaN(fixedLo) ? lo - pad : fixedLo;
        final double yhi = Double.isNaN(fixedHi) ? hi + pad : fixedHi;
        final int count = Math.max(n, 2);
        int pw = width - left - right;
        int ph = height - top - bottom;
        java.util.function.IntToDoubleFunction x = i -> left + (double) i * pw / (count - 1);
        java.util.function.DoubleUnaryOperator yy = v -> top + (yhi - Math.max(ylo, Math.min(yhi, v)))
                / (yhi - ylo) * ph;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (Spans sp : spans) {
            g.setColor(sp.color);
            double w = Math.max(1.0, (double) pw / (count - 1));
            for (int i = 0; i < sp.at.length; i++) {
                if (sp.at[i]) {
                    double px = x.applyAsDouble(i);
                    g.fill(new java.awt.geom.Rectangle2D.Double(px - w / 2, top, w, ph));
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(230, 230, 230));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) {
            double v = ylo + k * (yhi - ylo) / 4;
            int py = (int) yy.applyAsDouble(v);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, py, width - right, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.3g", v), 5, py + 4);
        }
        for (Band b : bands) {
            Path2D.Double p = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < b.hi.length; i++) {
                if (!Double.isFinite(b.hi[i])) {
                    continue;
                }
                if (!started) {
                    p.moveTo(x.applyAsDouble(i), yy.applyAsDouble(b.hi[i]));
                    started = true;
                } else {
                    p.lineTo(x.applyAsDouble(i), yy.applyAsDouble(b.hi[i]));
                }
            }
            for (int i = b.lo.length - 1; i >= 0; i--) {
                if (Double.isFinite(b.lo[i])) {
                    p.lineTo(x.applyAsDouble(i), yy.applyAsDouble(b.lo[i]));
                }
            }
            p.closePath();
            g.setColor(b.color);
            g.fill(p);
        }
        g.setStroke(new BasicStroke(1.2f));
        for (Line l : lines) {
            g.setColor(l.color);
            Path2D.Double p = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < l.y.length; i++) {
                if (!Double.isFinite(l.y[i])) {
                    started = false;
                    continue;
                }
                if (!started) {
                    p.moveTo(x.applyAsDouble(i), yy.applyAsDouble(l.y[i]));
                    started = true;
                } else {
                    p.lineTo(x.applyAsDouble(i), yy.applyAsDouble(l.y[i]));
                }
            }
            g.draw(p);
        }
        for (Marks m : marks) {
            g.setColor(m.color);
            for (int i = 0; i < m.at.length; i++) {
                if (m.at[i] && Double.isFinite(m.y[i])) {
                    int px = (int) x.applyAsDouble(i);
                    int py = (int) yy.applyAsDouble(m.y[i]);
                    g.fillOval(px - 4, py - 4, 8, 8);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int lx = left;
        List<Object[]> legend = new ArrayList<>();
        for (Spans sp : spans) {
            legend.add(new Object[] {sp.color, sp.label});
        }
        for (Band b : bands) {
            legend.add(new Object[] {b.color, b.label});
        }
        for (Line l : lines) {
            legend.add(new Object[] {l.color, l.label});
        }
        for (Marks m : marks) {
            legend.add(new Object[] {m.color, m.label});
        }
        for (Object[] e : legend) {
            g.setColor((Color) e[0]);
            g.fillRect(lx, height - 22, 12, 8);
            g.setColor(Color.BLACK);
            g.drawString((String) e[1], lx + 16, height - 14);
            lx += 24 + g.getFontMetrics().stringWidth((String) e[1]);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
