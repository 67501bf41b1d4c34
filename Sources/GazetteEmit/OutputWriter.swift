import Foundation
import GazetteCore

/// Writes a run's output folder: `reports.jsonl`, `cells.csv`, `gazette.sqlite`, `errors.jsonl` and, at the
/// end, `run.json` (SPEC.md). Documents are appended in the order they are given; the runner gives them in
/// input order.
///
/// The files are written in a hidden folder inside the output folder and moved into place by ``finish(_:)``,
/// each with one rename, so the output folder only ever holds whole files from a finished run: a run killed
/// halfway leaves the previous outputs as they were, and running the same command again (its stages
/// cached in the work folder) writes every document exactly once.
///
/// Not thread-safe: one writer, driven by one task.
public final class OutputWriter {
    public let directory: URL
    private let staging: URL
    private let reports: FileHandle
    private let cells: FileHandle
    private let errors: FileHandle
    private let database: SQLiteWriter
    /// The CSV lines of one document, reused from one to the next.
    private var csv: [UInt8] = []
    static let files = ["reports.jsonl", "cells.csv", "errors.jsonl", "gazette.sqlite"]

    /// `spareCore`: the run's jobs leave a core free, which the database's inserts may use for more of its work
    /// (``SQLiteWriter``); the files are the same either way.
    public init(directory: URL, spareCore: Bool = false) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // What a killed run left behind is of no use.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            where leftover.hasPrefix(".gazette-partial-") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(leftover))
        }
        staging = directory.appendingPathComponent(".gazette-partial-\(getpid())")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        reports = try Self.create(staging.appendingPathComponent("reports.jsonl"))
        cells = try Self.create(staging.appendingPathComponent("cells.csv"))
        errors = try Self.create(staging.appendingPathComponent("errors.jsonl"))
        database = try SQLiteWriter(path: staging.appendingPathComponent("gazette.sqlite").path, spareCore: spareCore)
        var header: [UInt8] = []
        CSVWriter.append(line: CSVWriter.header, to: &header)
        cells.write(Data(header))
    }

    public func write(_ records: EmittedRecords) throws {
        var line = records.reportJSON
        line.append(0x0A)
        reports.write(line)
        csv.removeAll(keepingCapacity: true)
        for cell in records.cells { CSVWriter.append(cell, to: &csv) }
        cells.write(Data(csv))
        try database.append(records)
    }

    public func write(_ error: ErrorRecord) throws {
        errors.write(try GazetteJSON.encode(error) + Data("\n".utf8))
        try database.append(error)
    }

    /// Flushes everything, moves the files into the output folder and writes `run.json` last.
    public func finish(_ summary: RunSummary) throws {
        try database.close()
        for handle in [reports, cells, errors] {
            try handle.synchronize()
            try handle.close()
        }
        for file in Self.files {
            let target = directory.appendingPathComponent(file)
            if rename(staging.appendingPathComponent(file).path, target.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        }
        try? FileManager.default.removeItem(at: staging)
        try GazetteJSON.encode(summary, pretty: true).write(to: directory.appendingPathComponent("run.json"), options: .atomic)
    }

    private static func create(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try FileHandle(forWritingTo: url)
    }
}
