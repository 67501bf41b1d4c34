import Foundation

/// The emit stage's output: one document's report flattened into the records every output file holds.
///
/// The run-level writers append these to `reports.jsonl`, `cells.csv` and `gazette.sqlite` in input order.
public struct EmittedRecords: Artifact {
    public var id: DocumentID
    /// The report object as one line of JSON (UTF-8), without the trailing newline. Not part of the emit
    /// artifact: it is the reconstruct artifact byte for byte, which the runner attaches, so a report is encoded
    /// once per run and not stored twice in the work folder. Bytes, not a String: every writer wants bytes, and
    /// making a String of each report validated it again (1 % of a run).
    public var reportJSON: Data
    public var report: ReportRecord
    public var tables: [TableRecord]
    public var cells: [CellRecord]
    public var checks: [CheckRecord]
    public var diagnostics: [Diagnostic]

    public init(id: DocumentID, reportJSON: Data, report: ReportRecord, tables: [TableRecord],
                cells: [CellRecord], checks: [CheckRecord], diagnostics: [Diagnostic]) {
        self.id = id
        self.reportJSON = reportJSON
        self.report = report
        self.tables = tables
        self.cells = cells
        self.checks = checks
        self.diagnostics = diagnostics
    }

    enum CodingKeys: String, CodingKey {
        case id, report, tables, cells, checks, diagnostics
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(DocumentID.self, forKey: .id)
        reportJSON = Data()
        report = try c.decode(ReportRecord.self, forKey: .report)
        tables = try c.decode([TableRecord].self, forKey: .tables)
        cells = try c.decode([CellRecord].self, forKey: .cells)
        checks = try c.decode([CheckRecord].self, forKey: .checks)
        diagnostics = try c.decode([Diagnostic].self, forKey: .diagnostics)
        // The report's own fields are stored once, in `report`, not on every record (see CellRecord).
        for index in tables.indices { tables[index].reportID = report.id }
        for index in checks.indices { checks[index].reportID = report.id }
        for index in cells.indices {
            cells[index].reportID = report.id
            cells[index].agency = report.agency
            cells[index].year = report.year
        }
    }
}

/// A row of the SQLite `reports` table.
public struct ReportRecord: Codable, Sendable, Equatable {
    public var id: String
    public var uri: String
    public var sha256: String
    public var bytes: Int
    public var encoding: String
    public var script: String
    public var title: String?
    public var agency: String?
    public var year: Int?
    public var family: String
    public var template: String?
    public var checksFailed: Int
    public var checksNotEvaluated: Int

    public init(id: String, uri: String, sha256: String, bytes: Int, encoding: String, script: String,
                title: String?, agency: String?, year: Int?, family: String, template: String?,
                checksFailed: Int, checksNotEvaluated: Int) {
        self.id = id
        self.uri = uri
        self.sha256 = sha256
        self.bytes = bytes
        self.encoding = encoding
        self.script = script
        self.title = title
        self.agency = agency
        self.year = year
        self.family = family
        self.template = template
        self.checksFailed = checksFailed
        self.checksNotEvaluated = checksNotEvaluated
    }
}

/// A row of the SQLite `tables` table.
public struct TableRecord: Codable, Sendable, Equatable {
    public var reportID: String
    public var key: String
    public var title: String?
    public var template: String?
    /// The header tree as JSON.
    public var headerJSON: String
    /// The grid as JSON (an array of arrays of strings).
    public var gridJSON: String

    public init(reportID: String, key: String, title: String?, template: String?, headerJSON: String,
                gridJSON: String) {
        self.reportID = reportID
        self.key = key
        self.title = title
        self.template = template
        self.headerJSON = headerJSON
        self.gridJSON = gridJSON
    }

    /// Without `reportID`, as ``CellRecord``.
    enum CodingKeys: String, CodingKey { case key, title, template, headerJSON, gridJSON }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(reportID: "", key: try c.decode(String.self, forKey: .key), title: try c.decodeIfPresent(String.self, forKey: .title),
                  template: try c.decodeIfPresent(String.self, forKey: .template),
                  headerJSON: try c.decode(String.self, forKey: .headerJSON), gridJSON: try c.decode(String.self, forKey: .gridJSON))
    }
}

/// A row of `cells.csv` and of the SQLite `cells` table.
/// In the emit artifact a record carries only its own fields: the report's id, agency and year are written once,
/// as the artifact's `report`, and filled back in when the artifact is read (a 64-digit id on each of a report's
/// few hundred cells was most of the artifact).
public struct CellRecord: Codable, Sendable, Equatable {
    public var reportID: String
    public var agency: String?
    public var year: Int?
    public var table: String
    public var row: String?
    public var column: String?
    public var value: Double?
    public var raw: String
    public var unit: String?
    public var line: Int
    public var flag: String?
    public var alternatives: [Double?]?

    public init(reportID: String, agency: String?, year: Int?, table: String, row: String?, column: String?,
                value: Double?, raw: String, unit: String?, line: Int, flag: String?, alternatives: [Double?]?) {
        self.reportID = reportID
        self.agency = agency
        self.year = year
        self.table = table
        self.row = row
        self.column = column
        self.value = value
        self.raw = raw
        self.unit = unit
        self.line = line
        self.flag = flag
        self.alternatives = alternatives
    }

    enum CodingKeys: String, CodingKey { case table, row, column, value, raw, unit, line, flag, alternatives }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(reportID: "", agency: nil, year: nil, table: try c.decode(String.self, forKey: .table),
                  row: try c.decodeIfPresent(String.self, forKey: .row), column: try c.decodeIfPresent(String.self, forKey: .column),
                  value: try c.decodeIfPresent(Double.self, forKey: .value), raw: try c.decode(String.self, forKey: .raw),
                  unit: try c.decodeIfPresent(String.self, forKey: .unit), line: try c.decode(Int.self, forKey: .line),
                  flag: try c.decodeIfPresent(String.self, forKey: .flag),
                  alternatives: try c.decodeIfPresent([Double?].self, forKey: .alternatives))
    }
}

/// A row of the SQLite `checks` table.
public struct CheckRecord: Codable, Sendable, Equatable {
    public var reportID: String
    public var table: String
    public var rule: String
    public var row: String?
    public var column: String?
    public var ok: Bool?
    public var left: Double?
    public var right: Double?

    public init(reportID: String, table: String, rule: String, row: String?, column: String?, ok: Bool?,
                left: Double?, right: Double?) {
        self.reportID = reportID
        self.table = table
        self.rule = rule
        self.row = row
        self.column = column
        self.ok = ok
        self.left = left
        self.right = right
    }

    /// Without `reportID`, as ``CellRecord``.
    enum CodingKeys: String, CodingKey { case table, rule, row, column, ok, left, right }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(reportID: "", table: try c.decode(String.self, forKey: .table), rule: try c.decode(String.self, forKey: .rule),
                  row: try c.decodeIfPresent(String.self, forKey: .row), column: try c.decodeIfPresent(String.self, forKey: .column),
                  ok: try c.decodeIfPresent(Bool.self, forKey: .ok), left: try c.decodeIfPresent(Double.self, forKey: .left),
                  right: try c.decodeIfPresent(Double.self, forKey: .right))
    }
}
