package io.kaizen.backup.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with columns padded to their widest cell. */
final class PrintTable {
    private final List<String[]> rows = new ArrayList<>();

    PrintTable(String... header) {
        rows.add(header);
    }

    void add(String... cells) {
        rows.add(cells);
    }

    List<String> lines() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
