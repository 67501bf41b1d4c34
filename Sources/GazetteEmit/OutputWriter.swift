import Foundation
import GazetteCore

/// Writes a run's output folder: `reports.jsonl`, `cells.csv`, `gazette.sqlite`, `errors.jsonl` and, at the
/// end, `run.json` (SPEC.md). Documents are appended in the order they are given; the runner gives them in
/// input order.
///
/// Not thread-safe: one writer, driven by one task.
public final class OutputWriter {
    public let directory: URL
    private let reports: FileHandle
    private let cells: FileHandle
    private let errors: FileHandle
    private let database: SQLiteWriter

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        reports = try Self.create(directory.appendingPathComponent("reports.jsonl"))
        cells = try Self.create(directory.appendingPathComponent("cells.csv"))
        errors = try Self.create(directory.appendingPathComponent("errors.jsonl"))
        database = try SQLiteWriter(path: directory.appendingPathComponent("gazette.sqlite").path)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("run.json"))
        cells.write(Data(CSVWriter.line(CSVWriter.header).utf8))
    }

    public func write(_ records: EmittedRecords) throws {
        reports.write(Data((records.reportJSON + "\n").utf8))
        var csv = ""
        for cell in records.cells { csv += CSVWriter.line(for: cell) }
        cells.write(Data(csv.utf8))
        try database.append(records)
    }

    public func write(_ error: ErrorRecord) throws {
        errors.write(try GazetteJSON.encode(error) + Data("\n".utf8))
        try database.append(error)
    }

    /// Flushes everything and writes `run.json`.
    public func finish(_ summary: RunSummary) throws {
        try database.flush()
        for handle in [reports, cells, errors] {
            try handle.synchronize()
            try handle.close()
        }
        try GazetteJSON.encode(summary, pretty: true).write(to: directory.appendingPathComponent("run.json"), options: .atomic)
    }

    private static func create(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try FileHandle(forWritingTo: url)
    }
}
