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

    init(path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        queue = try DatabaseQueue(path: path)
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
    }

    func flush() throws {
        let documents = pending, errors = pendingErrors
        pending.removeAll()
        pendingErrors.removeAll()
        guard !documents.isEmpty || !errors.isEmpty else { return }
        try queue.write { db in
            for records in documents { try Self.insert(records, into: db) }
            for error in errors {
                try db.execute(sql: "INSERT INTO errors VALUES (?, ?, ?, ?)",
                               arguments: [error.input, error.stage.rawValue, error.code, error.message])
            }
        }
    }

    private static func insert(_ records: EmittedRecords, into db: Database) throws {
        let report = records.report
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
            report.id, report.uri, report.sha256, report.bytes, report.encoding, report.script, report.title,
            report.agency, report.year, report.family, report.template, report.checksFailed,
            report.checksNotEvaluated, records.reportJSON])
        let tableStatement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO tables VALUES (?, ?, ?, ?, ?, ?)")
        for table in records.tables {
            try tableStatement.execute(arguments: [table.reportID, table.key, table.title, table.template,
                                                   table.headerJSON, table.gridJSON])
        }
        let cellStatement = try db.cachedStatement(sql: "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for cell in records.cells {
            let alternatives = cell.alternatives.flatMap { try? GazetteJSON.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
            try cellStatement.execute(arguments: [cell.reportID, cell.agency, cell.year, cell.table, cell.row,
                                                  cell.column, cell.value, cell.raw, cell.unit, cell.line, cell.flag,
                                                  alternatives])
        }
        let checkStatement = try db.cachedStatement(sql: "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for check in records.checks {
            try checkStatement.execute(arguments: [check.reportID, check.table, check.rule, check.row, check.column,
                                                   check.ok, check.left, check.right])
        }
        let diagnosticStatement = try db.cachedStatement(sql: "INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?)")
        for diagnostic in records.diagnostics {
            try diagnosticStatement.execute(arguments: [report.id, diagnostic.stage.rawValue, diagnostic.severity.rawValue,
                                                        diagnostic.code, diagnostic.message, diagnostic.line])
        }
    }
}
