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

    /// RFC 4180 quoting, after neutralising formulas: a text field a spreadsheet would run (`=cmd|…`, `+…`,
    /// `-…`, `@…`, or one starting with a tab or carriage return) gets a leading `'`, as OWASP advises; plain
    /// numbers (`-8`, `+1036`) are left as they are.
    static func quote(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@\t\r".contains(first), !isNumber(field) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func isNumber(_ field: String) -> Bool {
        var body = Substring(field)
        if let first = body.first, first == "+" || first == "-" { body = body.dropFirst() }
        return !body.isEmpty && body.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && body.filter { $0 == "." }.count <= 1
    }
}

/// Numbers as people write them: `8`, not `8.0`; `1237.4`.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
