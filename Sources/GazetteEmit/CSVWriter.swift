import Foundation
import GazetteCore

/// `cells.csv`: one line per table cell, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a
/// quote or a line break), UTF-8 with a header row.
struct CSVWriter {
    static let header = ["report_id", "agency", "year", "table", "row", "column", "value", "raw", "unit", "line", "flag"]

    /// A line of `fields`, each quoted as ``quote(_:)`` says.
    static func append(line fields: [String], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(comma) }
            append(field: field, to: &output)
        }
        output.append(contentsOf: lineEnd)
    }

    /// A cell's line, written into `output` byte by byte: no String is made per field or per line.
    static func append(_ cell: CellRecord, to output: inout [UInt8]) {
        append(field: cell.reportID, to: &output)
        output.append(comma)
        if let agency = cell.agency { append(field: agency, to: &output) }
        output.append(comma)
        if let year = cell.year { DecimalText.append(year, to: &output) }
        output.append(comma)
        append(field: cell.table, to: &output)
        output.append(comma)
        if let row = cell.row { append(field: row, to: &output) }
        output.append(comma)
        if let column = cell.column { append(field: column, to: &output) }
        output.append(comma)
        if let value = cell.value { NumberText.append(value, to: &output) }
        output.append(comma)
        append(field: cell.raw, to: &output)
        output.append(comma)
        if let unit = cell.unit { append(field: unit, to: &output) }
        output.append(comma)
        DecimalText.append(cell.line, to: &output)
        output.append(comma)
        if let flag = cell.flag { append(field: flag, to: &output) }
        output.append(contentsOf: lineEnd)
    }

    /// One field as it is written (see ``append(field:to:)``).
    static func quote(_ field: String) -> String {
        var output: [UInt8] = []
        append(field: field, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 4180 quoting, after neutralising formulas: a text field a spreadsheet would run (`=cmd|…`, `+…`,
    /// `-…`, `@…`, or one starting with a tab or carriage return) gets a leading `'`, as OWASP advises; plain
    /// numbers (`-8`, `+1036`) are left as they are.
    ///
    /// Works on UTF-8 bytes: every character that matters here is ASCII, and an ASCII byte never occurs inside
    /// a multi-byte character. (It also sees the `\r` of a `\r\n`, which as one `Character` compares equal to
    /// neither `\r` nor `\n`.)
    static func append(field: String, to output: inout [UInt8]) {
        field.withUTF8InPlace { bytes in
            let neutralised = bytes.first.map(isFormulaStart) == true && !isNumber(bytes)
            let quoted = bytes.contains { $0 == comma || $0 == quoteMark || $0 == lineFeed || $0 == carriageReturn }
            if quoted { output.append(quoteMark) }
            if neutralised { output.append(UInt8(ascii: "'")) }
            if quoted {
                for byte in bytes {
                    output.append(byte)
                    if byte == quoteMark { output.append(quoteMark) }
                }
                output.append(quoteMark)
            } else {
                output.append(contentsOf: bytes)
            }
        }
    }

    private static let comma = UInt8(ascii: ","), quoteMark = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"),
                       carriageReturn = UInt8(ascii: "\r")
    private static let lineEnd: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\n")]

    private static func isFormulaStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): true
        default: false
        }
    }

    private static func isNumber(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var body = field[...]
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
        let point = UInt8(ascii: ".")
        return !body.isEmpty && body.allSatisfy { $0.isASCIIDigit || $0 == point }
            && body.lazy.filter { $0 == point }.count <= 1
    }
}

/// Numbers as people write them: `8`, not `8.0`; `1237.4`.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        var output: [UInt8] = []
        append(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func append(_ value: Double, to output: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            DecimalText.append(Int(value), to: &output)
        } else {
            output.append(contentsOf: String(value).utf8)
        }
    }
}
