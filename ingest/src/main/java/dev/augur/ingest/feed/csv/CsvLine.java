package dev.augur.ingest.feed.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into cells (RFC 4180 on a single line): cells are separated by commas, a cell may be quoted
 * with {@code "} and a quote inside a quoted cell is doubled. Unquoted cells are trimmed. A quoted cell cannot span
 * lines.
 */
final class CsvLine {
    private CsvLine() {
    }

    /**
     * @throws IllegalArgumentException when a quoted cell is not closed
     */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("expected a closing quote but the line ended");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
                cells.add(cell.toString());
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                cells.add(line.substring(i, end).trim());
                i = end;
            }
            cell.setLength(0);
            if (i >= n) {
                return cells;
            }
            i++; // the comma
            if (i == n) {
                cells.add("");
                return cells;
            }
        }
    }
}
