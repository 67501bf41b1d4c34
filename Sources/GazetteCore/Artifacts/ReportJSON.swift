import Foundation

/// The report's JSON line, written field by field: the same bytes as ``GazetteJSON/encode(_:pretty:)`` (sorted
/// keys, nil members left out or written `null` exactly as the `Codable` conformances do; `ReportJSONTests`
/// holds it to that on every fixture), with no `Codable` container and no sorting at run time.
///
/// Every document's report is encoded once for `reports.jsonl`; through `Codable` that was the largest cost
/// of emitting a report. The members below are written in byte order of their keys: a member added to a
/// report type must be added here, in its place (the test fails until it is).
public enum ReportJSON {
    public static func encode(_ report: Report) throws -> Data {
        var writer = ObjectWriter()
        try writer.report(report)
        return Data(writer.output)
    }

    // The parts of a report the SQLite output keeps in columns of their own, written alike.

    /// A table's header tree (`tables.header_json`).
    public static func header(_ nodes: [Report.HeaderNode]) -> String {
        var writer = ObjectWriter(capacity: 1024)
        writer.array(nodes) { $0.headerNode($1) }
        return writer.text
    }

    /// A table's grid (`tables.grid_json`).
    public static func grid(_ rows: [[String]]) -> String {
        var writer = ObjectWriter(capacity: 4096)
        writer.array(rows) { w, row in w.array(row) { $0.string($1) } }
        return writer.text
    }

    /// A cell's alternatives (`cells.alternatives_json`).
    public static func alternatives(_ values: [Double?]) throws -> String {
        var writer = ObjectWriter(capacity: 64)
        try writer.array(values) { try $0.double($1) }
        return writer.text
    }
}

private struct ObjectWriter {
    var output: [UInt8] = []

    init(capacity: Int = 32 * 1024) { output.reserveCapacity(capacity) }

    var text: String { String(decoding: output, as: UTF8.self) }

    // MARK: Values

    mutating func string(_ value: String) { JSONStreamWriter.writeQuoted(value, to: &output) }
    mutating func integer(_ value: Int) { DecimalText.append(value, to: &output) }
    mutating func double(_ value: Double) throws { try JSONStreamWriter.writeDouble(value, to: &output) }
    mutating func bool(_ value: Bool) { output.append(contentsOf: value ? Self.trueBytes : Self.falseBytes) }
    mutating func null() { output.append(contentsOf: Self.nullBytes) }

    private static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8), nullBytes = Array("null".utf8)

    mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    mutating func double(_ value: Double?) throws { if let value { try double(value) } else { null() } }

    // MARK: Structure

    /// `{`, then each member through `body`, then `}`.
    mutating func object(_ body: (inout ObjectWriter, inout Members) throws -> Void) rethrows {
        output.append(UInt8(ascii: "{"))
        var members = Members()
        try body(&self, &members)
        output.append(UInt8(ascii: "}"))
    }

    mutating func array<T>(_ values: [T], _ element: (inout ObjectWriter, T) throws -> Void) rethrows {
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try element(&self, value)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// Tracks whether a member was written, for the comma before the next.
    struct Members { var count = 0 }

    /// `"key":` (after a comma when a member came before); the caller writes the value.
    mutating func key(_ key: StaticString, _ members: inout Members) {
        if members.count > 0 { output.append(UInt8(ascii: ",")) }
        members.count += 1
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A key that is data (a record's field name), escaped as any string.
    mutating func key(_ key: String, _ members: inout Members) {
        if members.count > 0 { output.append(UInt8(ascii: ",")) }
        members.count += 1
        string(key)
        output.append(UInt8(ascii: ":"))
    }

    // MARK: The report's types, members in key order

    mutating func report(_ report: Report) throws {
        try object { w, m in
            w.key("agency", &m); w.string(report.agency)
            w.key("diagnostics", &m); w.array(report.diagnostics) { $0.diagnostic($1) }
            w.key("encoding", &m); w.encoding(report.encoding)
            w.key("family", &m); w.string(report.family)
            w.key("id", &m); w.string(report.id.rawValue)
            if let published = report.published { w.key("published", &m); w.string(published) }
            w.key("script", &m); w.script(report.script)
            w.key("sections", &m); w.array(report.sections) { $0.section($1) }
            w.key("source", &m); w.source(report.source)
            w.key("tables", &m); try w.array(report.tables) { try $0.table($1) }
            w.key("template", &m); w.string(report.template)
            w.key("title", &m); w.string(report.title)
            w.key("year", &m); if let year = report.year { w.integer(year) } else { w.null() }
        }
    }

    mutating func diagnostic(_ diagnostic: Diagnostic) {
        object { w, m in
            w.key("code", &m); w.string(diagnostic.code)
            if let line = diagnostic.line { w.key("line", &m); w.integer(line) }
            w.key("message", &m); w.string(diagnostic.message)
            w.key("severity", &m); w.string(diagnostic.severity.rawValue)
            w.key("stage", &m); w.string(diagnostic.stage.rawValue)
        }
    }

    mutating func encoding(_ encoding: EncodingInfo) {
        object { w, m in
            if let declared = encoding.declared { w.key("declared", &m); w.string(declared) }
            w.key("evidence", &m)
            w.array(encoding.evidence) { w, evidence in
                w.object { w, m in
                    if let value = evidence.encoding { w.key("encoding", &m); w.string(value) }
                    w.key("from", &m); w.string(evidence.from)
                    if let label = evidence.label { w.key("label", &m); w.string(label) }
                    w.key("reason", &m); w.string(evidence.reason)
                    w.key("taken", &m); w.bool(evidence.taken)
                }
            }
            w.key("invalid_bytes", &m); w.integer(encoding.invalidBytes)
            w.key("method", &m); w.string(encoding.method.rawValue)
            w.key("name", &m); w.string(encoding.name)
        }
    }

    mutating func script(_ script: ScriptInfo) {
        object { w, m in
            if let convertedTo = script.convertedTo { w.key("converted_to", &m); w.string(convertedTo) }
            if let converter = script.converter { w.key("converter", &m); w.string(converter) }
            w.key("detected", &m); w.string(script.detected.rawValue)
        }
    }

    mutating func section(_ section: Report.Section) {
        object { w, m in
            w.key("heading", &m); w.string(section.heading)
            if let line = section.line { w.key("line", &m); w.integer(line) }
            w.key("number", &m); w.integer(section.number)
            if let original = section.original { w.key("original", &m); w.string(original) }
            w.key("text", &m); w.string(section.text)
        }
    }

    mutating func source(_ source: Source) {
        object { w, m in
            w.key("bytes", &m); w.integer(source.bytes)
            if let contentType = source.contentType { w.key("content_type", &m); w.string(contentType) }
            if let fetchedAt = source.fetchedAt { w.key("fetched_at", &m); w.string(fetchedAt) }
            if let record = source.record {
                w.key("record", &m)
                w.object { w, m in
                    w.key("container", &m); w.string(record.container)
                    w.key("fields", &m)
                    // A dictionary's members in byte order of their keys, as the sorted-keys encoder writes them.
                    w.object { w, m in
                        for (key, value) in record.fields.sorted(by: { JSONStreamWriter.precedes($0.key, $1.key) }) {
                            w.key(key, &m)
                            w.string(value)
                        }
                    }
                    w.key("number", &m); w.integer(record.number)
                }
            }
            w.key("sha256", &m); w.string(source.sha256)
            w.key("uri", &m); w.string(source.uri)
            if let url = source.url { w.key("url", &m); w.string(url) }
        }
    }

    mutating func table(_ table: Report.Table) throws {
        try object { w, m in
            w.key("checks", &m); try w.array(table.checks) { try $0.check($1) }
            w.key("grid", &m); w.array(table.grid) { w, row in w.array(row) { $0.string($1) } }
            w.key("header", &m); w.array(table.header) { $0.headerNode($1) }
            w.key("key", &m); w.string(table.key)
            w.key("rows", &m); try w.array(table.rows) { try $0.row($1) }
            w.key("template", &m); w.string(table.template)
            w.key("title", &m); w.string(table.title)
        }
    }

    mutating func headerNode(_ node: Report.HeaderNode) {
        object { w, m in
            w.key("children", &m); w.array(node.children) { $0.headerNode($1) }
            if let column = node.column { w.key("column", &m); w.string(column) }
            w.key("label", &m); w.string(node.label)
        }
    }

    mutating func row(_ row: Report.Row) throws {
        try object { w, m in
            w.key("cells", &m); try w.array(row.cells) { try $0.cell($1) }
            w.key("key", &m); w.string(row.key)
            w.key("label", &m); w.string(row.label)
            if let line = row.line { w.key("line", &m); w.integer(line) }
        }
    }

    mutating func cell(_ cell: Report.Cell) throws {
        try object { w, m in
            if let alternatives = cell.alternatives {
                w.key("alternatives", &m); try w.array(alternatives) { try $0.double($1) }
            }
            w.key("column", &m); w.string(cell.column)
            if let flag = cell.flag { w.key("flag", &m); w.string(flag.rawValue) }
            w.key("line", &m); w.integer(cell.line)
            w.key("raw", &m); w.string(cell.raw)
            w.key("unit", &m); w.string(cell.unit)
            w.key("value", &m); try w.double(cell.value)
        }
    }

    mutating func check(_ check: Report.Check) throws {
        try object { w, m in
            if let column = check.column { w.key("column", &m); w.string(column) }
            w.key("left", &m); try w.double(check.left)
            if let missing = check.missing { w.key("missing", &m); w.array(missing) { $0.string($1) } }
            w.key("ok", &m); if let ok = check.ok { w.bool(ok) } else { w.null() }
            w.key("right", &m); try w.double(check.right)
            if let row = check.row { w.key("row", &m); w.string(row) }
            w.key("rule", &m); w.string(check.rule)
        }
    }
}
