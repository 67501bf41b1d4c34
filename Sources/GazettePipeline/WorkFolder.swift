import Foundation
import GazetteCore
import GazetteFetch
import GRDB

/// The work folder (`--work`, default `.gazette/`): every stage's output per document, stored under a key
/// made of the stage, its version, its options and the digest of its input, so a re-run redoes only what
/// changed (research/peers.md §2.8: per-document keys, not per-run).
///
/// It is one SQLite database, `work.sqlite`, in write-ahead-log mode: a row per artifact (`artifacts`: the key,
/// the stage, the artifact as JSON) and a row per input (`inputs`: the fetch artifact it last gave and, for a
/// local file, its size and time, so an unchanged file is not read again). A file per artifact cost a file
/// creation, a rename and an fsync each, a third of a bulk run on ext4 (issue 9); a row is an append to the
/// log. Each write is its own transaction, so a killed run loses at most the one in flight and never leaves a
/// torn artifact. Runs on one machine may share a work folder (SQLite's locks; a writer waits for another's
/// transaction); on a network file system give each machine its own, as README's scale-out example does.
public final class WorkFolder: Sendable {
    public let root: URL
    private let database: DatabasePool

    /// The database's file name inside the work folder.
    public static let databaseName = "work.sqlite"

    /// What the work folder remembers of an input.
    struct InputRecord: Codable {
        var uri: String
        var fetchKey: String
        var file: FileStatus?
        /// What the server said of the version it sent, for a conditional request next time.
        var validators: HTTPValidators?
    }

    /// Opens the work folder at `root`, creating it if needed.
    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var configuration = Configuration()
        // Another run writing the same folder holds the lock for one artifact's insert at a time.
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL never corrupts the database; a power cut may lose the last transactions,
            // which only means recomputing those artifacts.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabasePool(path: root.appendingPathComponent(Self.databaseName).path,
                                    configuration: configuration)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS artifacts (key TEXT PRIMARY KEY, stage TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS inputs (uri TEXT PRIMARY KEY, record BLOB NOT NULL);
                """)
        }
    }

    /// The cache key of a stage's output.
    static func key(stage: StageID, version: Int, optionsDigest: String, inputDigest: String) -> String {
        ContentDigest.hex("gazette-work-1\n\(stage.rawValue)\n\(version)\n\(optionsDigest)\n\(inputDigest)")
    }

    /// The stored artifact, or nil when there is none (or it cannot be read: it is then recomputed).
    func artifact(_ stage: StageID, key: String) -> Data? {
        try? database.read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM artifacts WHERE key = ?"), arguments: [key])
        }
    }

    func store(_ data: Data, stage: StageID, key: String) throws {
        try database.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO artifacts (key, stage, data) VALUES (?, ?, ?)")
                .execute(arguments: [key, stage.rawValue, data])
        }
    }

    func input(_ uri: String) -> InputRecord? {
        let data = try? database.read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM inputs WHERE uri = ?"), arguments: [uri])
        }
        return data.flatMap { try? GazetteJSON.decode(InputRecord.self, from: $0) }
    }

    func store(_ record: InputRecord) throws {
        let data = try GazetteJSON.encode(record)
        try database.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO inputs (uri, record) VALUES (?, ?)")
                .execute(arguments: [record.uri, data])
        }
    }

    /// How many artifacts of `stage` the folder holds (for tests and progress checks from outside a run).
    public func count(_ stage: StageID) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts WHERE stage = ?", arguments: [stage.rawValue]) ?? 0
        }
    }
}
