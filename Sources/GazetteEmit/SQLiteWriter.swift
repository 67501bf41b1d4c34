import Foundation
import GazetteCore
import GRDB

/// `gazette.sqlite`: the reports, tables, cells, checks and diagnostics of a run, plus its errors.
/// The schema is documented in README.md ("The SQLite database").
final class SQLiteWriter {
    private let queue: DatabaseQueue
    private var pending: [EmittedRecords] = []
    private var pendingErrors: [ErrorRecord] = []
    /// Documents written per transaction: one transaction per document would cost an fsync each.
    private let batchSize = 200

    static let schema = """
        CREATE TABLE reports (
            id TEXT PRIMARY KEY, uri TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,
            encoding TEXT NOT NULL, script TEXT NOT NULL, title TEXT, agency TEXT, year INTEGER,
            family TEXT NOT NULL, template TEXT, checks_failed INTEGER NOT NULL,
            checks_not_evaluated INTEGER NOT NULL, report_json TEXT NOT NULL);
        CREATE TABLE tables (
            report_id TEXT NOT NULL REFERENCES reports(id), table_key TEXT NOT NULL, title TEXT, template TEXT,
            header_json TEXT NOT NULL, grid_json TEXT NOT NULL, PRIMARY KEY (report_id, table_key));
        CREATE TABLE cells (
            report_id TEXT NOT NULL REFERENCES reports(id), agency TEXT, year INTEGER, table_key TEXT NOT NULL,
            row_key TEXT, column_key TEXT, value REAL, raw TEXT NOT NULL, unit TEXT, line INTEGER NOT NULL,
            flag TEXT, alternatives_json TEXT);
        CREATE TABLE checks (
            report_id TEXT NOT NULL REFERENCES reports(id), table_key TEXT NOT NULL, rule TEXT NOT NULL,
            row_key TEXT, column_key TEXT, ok INTEGER, left_value REAL, right_value REAL);
        CREATE TABLE diagnostics (
            report_id TEXT NOT NULL REFERENCES reports(id), stage TEXT NOT NULL, severity TEXT NOT NULL,
            code TEXT NOT NULL, message TEXT NOT NULL, line INTEGER);
        CREATE TABLE errors (input TEXT NOT NULL, stage TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL);
        """

    /// Built once the rows are in (``close()``): keeping two indexes up to date through every insert cost more
    /// than building them at the end.
    static let indexes = """
        CREATE INDEX cells_by_key ON cells (table_key, row_key, column_key);
        CREATE INDEX cells_by_report ON cells (report_id);
        """

    private let path: String

    init(path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // The file is written in the output's hidden staging folder and moved into place only when the run
            // ends; a run that dies leaves it behind to be deleted. So no journal and no sync per transaction:
            // the file is synced once, when it is complete (close()).
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { try $0.execute(sql: Self.schema) }
    }

    func append(_ records: EmittedRecords) throws {
        pending.append(records)
        if pending.count >= batchSize { try flush() }
    }

    func append(_ error: ErrorRecord) throws {
        pendingErrors.append(error)
        if pendingErrors.count >= batchSize { try flush() }
    }

    /// Writes what is pending and closes the database, so the file can be moved.
    func close() throws {
        try flush()
        try queue.write { try $0.execute(sql: Self.indexes) }
        try queue.close()
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try file.synchronize()
        try file.close()
    }

    func flush() throws {
        let documents = pending, errors = pendingErrors
        pending.removeAll()
        pendingErrors.removeAll()
        guard !documents.isEmpty || !errors.isEmpty else { return }
        try queue.write { db in
            guard let connection = db.sqliteConnection else { return }
            let statements = try Statements(connection)
            for records in documents { try statements.insert(records) }
            for error in errors {
                statements.errors.bind(error.input)
                statements.errors.bind(error.stage.rawValue)
                statements.errors.bind(error.code)
                statements.errors.bind(error.message)
                try statements.errors.insert()
            }
        }
    }

    /// The inserts of one transaction.
    private struct Statements {
        let reports, tables, cells, checks, diagnostics, errors: PreparedInsert

        init(_ connection: OpaquePointer) throws {
            reports = try PreparedInsert(connection, sql: "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            tables = try PreparedInsert(connection, sql: "INSERT OR REPLACE INTO tables VALUES (?, ?, ?, ?, ?, ?)")
            cells = try PreparedInsert(connection, sql: "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            checks = try PreparedInsert(connection, sql: "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            diagnostics = try PreparedInsert(connection, sql: "INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?)")
            errors = try PreparedInsert(connection, sql: "INSERT INTO errors VALUES (?, ?, ?, ?)")
        }

        func insert(_ records: EmittedRecords) throws {
            let report = records.report
            for text in [report.id, report.uri, report.sha256] { reports.bind(text) }
            reports.bind(report.bytes)
            for text in [report.encoding, report.script, report.title, report.agency] { reports.bind(text) }
            reports.bind(report.year)
            reports.bind(report.family)
            reports.bind(report.template)
            reports.bind(report.checksFailed)
            reports.bind(report.checksNotEvaluated)
            reports.bind(records.reportJSON)
            try reports.insert()
            for table in records.tables {
                for text in [table.reportID, table.key, table.title, table.template, table.headerJSON, table.gridJSON] {
                    tables.bind(text)
                }
                try tables.insert()
            }
            for cell in records.cells {
                cells.bind(cell.reportID)
                cells.bind(cell.agency)
                cells.bind(cell.year)
                cells.bind(cell.table)
                cells.bind(cell.row)
                cells.bind(cell.column)
                cells.bind(cell.value)
                cells.bind(cell.raw)
                cells.bind(cell.unit)
                cells.bind(cell.line)
                cells.bind(cell.flag)
                cells.bind(cell.alternatives.flatMap { try? GazetteJSON.encode($0) }.map { String(decoding: $0, as: UTF8.self) })
                try cells.insert()
            }
            for check in records.checks {
                for text in [check.reportID, check.table, check.rule, check.row, check.column] { checks.bind(text) }
                checks.bind(check.ok)
                checks.bind(check.left)
                checks.bind(check.right)
                try checks.insert()
            }
            for diagnostic in records.diagnostics {
                for text in [report.id, diagnostic.stage.rawValue, diagnostic.severity.rawValue, diagnostic.code, diagnostic.message] {
                    diagnostics.bind(text)
                }
                diagnostics.bind(diagnostic.line)
                try diagnostics.insert()
            }
        }
    }
}
