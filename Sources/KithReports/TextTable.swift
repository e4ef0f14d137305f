import KithCore

/// Columns for monospaced output, by display width (an emoji takes two columns, a combining
/// accent none): the one aligner the text renderer and the CLI's lists share.
public enum TextTable {
    /// The header and rows as lines, each column padded to its widest cell, two spaces apart,
    /// trailing spaces trimmed.
    public static func lines(_ header: [String], _ rows: [[String]]) -> [String] {
        let widths = widths(header, rows)
        return ([header] + rows).map { row in
            row.indices.map { i in
                i == row.count - 1 ? row[i] : TextColumns.padded(row[i], to: i < widths.count ? widths[i] : 0)
            }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// The widths `lines` pads each column to.
    public static func widths(_ header: [String], _ rows: [[String]]) -> [Int] {
        header.indices.map { i in ([header] + rows).map { i < $0.count ? TextColumns.width(of: $0[i]) : 0 }.max() ?? 0 }
    }
}
