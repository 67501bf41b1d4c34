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
    ///
    /// Works on UTF-8 bytes: every character that matters here is ASCII, and an ASCII byte never occurs inside
    /// a multi-byte character. (It also sees the `\r` of a `\r\n`, which as one `Character` compares equal to
    /// neither `\r` nor `\n`.)
    static func quote(_ field: String) -> String {
        var field = field
        if let first = field.utf8.first, formulaStarts.contains(first), !isNumber(field) { field = "'" + field }
        guard field.utf8.contains(where: { $0 == comma || $0 == quoteMark || $0 == lineFeed || $0 == carriageReturn })
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let comma = UInt8(ascii: ","), quoteMark = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"),
                       carriageReturn = UInt8(ascii: "\r")
    private static let formulaStarts: Set<UInt8> = Set("=+-@\t\r".utf8)

    private static func isNumber(_ field: String) -> Bool {
        var body = Substring(field).utf8[...]
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
        let point = UInt8(ascii: ".")
        return !body.isEmpty && body.allSatisfy { $0.isASCIIDigit || $0 == point }
            && body.filter { $0 == point }.count <= 1
    }
}

/// Numbers as people write them: `8`, not `8.0`; `1237.4`.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
