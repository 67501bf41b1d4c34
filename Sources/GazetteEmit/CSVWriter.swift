import Foundation
import GazetteCore

/// `cells.csv`: one line per table cell, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a
/// quote or a line break), UTF-8 with a header row.
struct CSVWriter {
    static let header = ["report_id", "agency", "year", "table", "row", "column", "value", "raw", "unit", "line", "flag"]

    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    static func line(for cell: CellRecord) -> String {
        line([cell.reportID, cell.agency ?? "", cell.year.map(String.init) ?? "", cell.table, cell.row ?? "",
              cell.column ?? "", cell.value.map(NumberText.format) ?? "", cell.raw, cell.unit ?? "",
              String(cell.line), cell.flag ?? ""])
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Numbers as people write them: `8`, not `8.0`; `1237.4`.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
