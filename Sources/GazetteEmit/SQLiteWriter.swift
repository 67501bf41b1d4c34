import Foundation
import GazetteCore
import GRDB

/// `gazette.sqlite`: the reports, tables, cells, checks and diagnostics of a run, plus its errors.
/// The schema is documented in README.md ("The SQLite database").
///
/// Rows are inserted behind the documents, a batch at a time, on a queue of their own: the runner's task hands
/// a batch over and goes on starting documents. Inserting a batch takes as long as a few dozen documents'
/// work; done on the runner's task it stopped new documents from starting meanwhile, so with one job the
/// database's whole cost was added to the run (issue 15). One batch is written while the next fills, no more:
/// memory stays bounded when the database is slower than the documents. A batch that fails to insert is
/// reported by the next call (``append(_:)``, ``close()``), and nothing after it is written.
///
/// Driven by one task, as ``OutputWriter`` is; only the insertion runs elsewhere, on values handed over whole.
final class SQLiteWriter: @unchecked Sendable {
    private let queue: DatabaseQueue
    private var pending: [EmittedRecords] = []
    private var pendingErrors: [ErrorRecord] = []
    /// Documents written per transaction. One transaction per document would cost more than its inserts (each
    /// commit writes the tables' last pages again: +0.1 s of CPU on the bench's 400 documents). A large batch
    /// costs at the end: the rows still pending when the documents are done are inserted while nothing else
    /// runs, and with 100 a one-job run of 400 documents waited some 50 ms for its last batch (seen on a
    /// timeline of the run's threads); with 25, a quarter of that.
    private let batchSize = 25
    /// Where batches are inserted, in the order they are handed over.
    private let inserter = DispatchQueue(label: "gazette.output.sqlite")
    /// Free while no batch is being inserted: taken when one is handed over, given back when it is written.
    private let inserting = DispatchSemaphore(value: 1)
    /// The inserts, prepared by the first transaction and used by every one after it (preparing them again for
    /// each, 16 times in a run of 400 documents, made 49 allocations a document); used and released on `inserter`
    /// only.
    private var statements: Statements?
    /// The first insertion that failed; read and written under `failureLock`.
    private var failure: (any Error)?
    private let failureLock = NSLock()

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

    /// Kept up to date by the inserts, behind the documents: a report's cells arrive together, so each batch
    /// adds to one place of the index per report. Built at the end instead, it took over a third of the time the
    /// run waits for the index builds once the documents are done (the bench's 400 documents: 32 of 86 ms).
    static let reportIndex = "CREATE INDEX cells_by_report ON cells (report_id);"

    /// Every report adds to every part of this index: keeping it up to date through the inserts costs more CPU
    /// than building it once the rows are in (``close()``), but the build runs on one core while the run waits.
    /// So it is kept by the inserts when they have a core of their own beside the documents (one job on two cores:
    /// a run of the bench's 400 documents 3–7 % faster, medians of 6–12 alternating runs, for 2.5–5 % more CPU),
    /// and built at the end when the documents take every core (two jobs on two: 8 % faster than keeping it).
    static let keyIndex = "CREATE INDEX cells_by_key ON cells (table_key, row_key, column_key);"

    /// Whether ``keyIndex`` is kept by the inserts rather than built by ``close()``.
    private let keepsKeyIndex: Bool

    /// A report's `report_json` (tens of kilobytes) then takes a chain of half as many pages, and the file is
    /// written and read back (building the index) with fewer system calls: for the bench's 400 documents, 7,840
    /// writes and 2,963 reads against 12,500 and 9,290 with SQLite's default 4 KiB, the run 3 to 4 % faster, in a
    /// file 2 % larger. Not larger: SQLite's sorter (building `cells_by_key`) keeps 250 pages in memory before it
    /// spills, so 16 KiB pages, a little faster still, added 4 MB to a long run's peak memory; at 8 KiB that is
    /// the 2 MB it keeps anyway (the page cache's size).
    static let pageSize = 8_192

    private let path: String

    /// `spareCore`: the documents leave a core to the inserts (fewer jobs than cores).
    init(path: String, spareCore: Bool = false) throws {
        keepsKeyIndex = spareCore
        try? FileManager.default.removeItem(atPath: path)
        self.path = path
        var configuration = Configuration()
        // The rows are written whole, a report's before its tables', cells', checks' and diagnostics': the
        // schema's REFERENCES document the links for readers, and enforcing them would look each row's report up
        // again in `reports` (GRDB turns the checks on by default).
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            // The file is written in the output's hidden staging folder and moved into place only when the run
            // ends; a run that dies leaves it behind to be deleted. So no journal and no sync per transaction:
            // the file is synced once, when it is complete (close()).
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            // Takes effect because the file is new and empty (it was removed above).
            try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { try $0.execute(sql: Self.schema + Self.reportIndex + (keepsKeyIndex ? Self.keyIndex : "")) }
    }

    func append(_ records: EmittedRecords) throws {
        pending.append(records)
        if pending.count >= batchSize { try handOver() }
    }

    func append(_ error: ErrorRecord) throws {
        pendingErrors.append(error)
        if pendingErrors.count >= batchSize { try handOver() }
    }

    /// Writes what is pending, builds the indexes and closes the database, so the file can be moved.
    func close() throws {
        try handOver()
        // The statements are finalized before the index is built and the database closed.
        inserter.sync { statements = nil }
        try throwFailure()
        if !keepsKeyIndex { try queue.write { try $0.execute(sql: Self.keyIndex) } }
        try queue.close()
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try file.synchronize()
        try file.close()
    }

    /// Hands the pending rows to the inserter, once the batch before them is written.
    private func handOver() throws {
        try throwFailure()
        let documents = pending, errors = pendingErrors
        pending.removeAll()
        pendingErrors.removeAll()
        guard !documents.isEmpty || !errors.isEmpty else { return }
        inserting.wait()
        inserter.async { [self] in
            defer { inserting.signal() }
            guard currentFailure == nil else { return }
            do {
                try insert(documents, errors)
            } catch {
                failureLock.withLock { failure = error }
            }
        }
    }

    private var currentFailure: (any Error)? { failureLock.withLock { failure } }

    private func throwFailure() throws {
        if let failure = currentFailure { throw failure }
    }

    /// One transaction: the batch's documents, then its errors.
    private func insert(_ documents: [EmittedRecords], _ errors: [ErrorRecord]) throws {
        try queue.write { db in
            guard let connection = db.sqliteConnection else { return }
            let statements = try self.statements ?? Statements(connection)
            self.statements = statements
            for records in documents { try statements.insert(records) }
            for error in errors {
                try statements.errors.insert { row in
                    row.text(error.input)
                    row.text(error.stage.rawValue)
                    row.text(error.code)
                    row.text(error.message)
                }
            }
            try statements.finish()
        }
    }

    /// The inserts of the run, each finished before its transaction ends.
    private struct Statements {
        let reports, tables, cells, checks, diagnostics, errors: PreparedInsert

        init(_ connection: OpaquePointer) throws {
            reports = try PreparedInsert(connection, table: "reports", replacing: true)
            tables = try PreparedInsert(connection, table: "tables", replacing: true)
            cells = try PreparedInsert(connection, table: "cells", rowsPerStatement: Self.rowsPerStatement)
            checks = try PreparedInsert(connection, table: "checks", rowsPerStatement: Self.rowsPerStatement)
            diagnostics = try PreparedInsert(connection, table: "diagnostics")
            errors = try PreparedInsert(connection, table: "errors")
        }

        /// Cells and checks are inserted this many rows to a statement (a report has some two hundred cells).
        static let rowsPerStatement = 32

        /// Inserts the rows still gathered: before the transaction ends.
        func finish() throws {
            for insert in [reports, tables, cells, checks, diagnostics, errors] { try insert.finish() }
        }

        func insert(_ records: EmittedRecords) throws {
            let report = records.report
            try reports.insert { row in
                row.text(report.id)
                row.text(report.uri)
                row.text(report.sha256)
                row.integer(report.bytes)
                row.text(report.encoding)
                row.text(report.script)
                row.text(report.title)
                row.text(report.agency)
                row.integer(report.year)
                row.text(report.family)
                row.text(report.template)
                row.integer(report.checksFailed)
                row.integer(report.checksNotEvaluated)
                row.utf8(records.reportJSON)
            }
            for table in records.tables {
                try tables.insert { row in
                    row.text(table.reportID)
                    row.text(table.key)
                    row.text(table.title)
                    row.text(table.template)
                    row.text(table.headerJSON)
                    row.text(table.gridJSON)
                }
            }
            for cell in records.cells {
                try cells.insert { row in
                    row.text(cell.reportID)
                    row.text(cell.agency)
                    row.integer(cell.year)
                    row.text(cell.table)
                    row.text(cell.row)
                    row.text(cell.column)
                    row.real(cell.value)
                    row.text(cell.raw)
                    row.text(cell.unit)
                    row.integer(cell.line)
                    row.text(cell.flag)
                    row.text(cell.alternatives.flatMap { try? ReportJSON.alternatives($0) })
                }
            }
            for check in records.checks {
                try checks.insert { row in
                    row.text(check.reportID)
                    row.text(check.table)
                    row.text(check.rule)
                    row.text(check.row)
                    row.text(check.column)
                    row.flag(check.ok)
                    row.real(check.left)
                    row.real(check.right)
                }
            }
            for diagnostic in records.diagnostics {
                try diagnostics.insert { row in
                    row.text(report.id)
                    row.text(diagnostic.stage.rawValue)
                    row.text(diagnostic.severity.rawValue)
                    row.text(diagnostic.code)
                    row.text(diagnostic.message)
                    row.integer(diagnostic.line)
                }
            }
        }
    }
}
