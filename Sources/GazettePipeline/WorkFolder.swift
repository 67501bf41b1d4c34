import Foundation
import GazetteCore
import GazetteFetch
import GRDB

/// The work folder (`--work`, default `.gazette/`): every stage's output per document, stored under a key
/// made of the stage, its version, its options and the digest of its input, so a re-run redoes only what
/// changed (research/peers.md §2.8: per-document keys, not per-run).
///
/// It is an SQLite database, `work.sqlite`, in write-ahead-log mode, and the pack files its rows point into
/// (``ArtifactPacks``, `packs/N.pack`: each run appends the artifacts' bytes, in the form ``StoredArtifact``
/// says, to a pack of its own). The database holds a row per artifact (`artifact_index`: the key, the stage,
/// the pack, offset and length of its bytes, and their digest), a row per pack (`packs`) and a row per input
/// (`inputs`: the fetch artifact it last gave and, for a local file, its size and time, so an unchanged file is
/// not read again). A file per artifact cost a file creation, a rename and an fsync each, a third of a bulk run
/// on ext4 (issue 9); the bytes inside the database cost SQLite's writer a tenth of a run's CPU (written to its
/// log, then again to the database); an append to a pack costs a tenth of that. Artifacts are written behind
/// the documents, on SQLite's writer queue, as many to a transaction as have arrived since the last one: a
/// document never waits for the disk, and a killed run loses at most what was not yet written (recomputed next
/// time), never leaving a torn artifact: a row is committed after its bytes are written. ``flush()`` waits for
/// them all. A folder written before the packs (its bytes in an `artifacts` table) is still read.
/// Runs on one machine may share a work folder (SQLite's locks; a writer waits for another's transaction); on
/// a network file system give each machine its own, as README's scale-out example does.
public final class WorkFolder: Sendable {
    public let root: URL
    private let database: DatabasePool
    let packs: ArtifactPacks
    private let pending = PendingWrites()
    /// The pack this run appends to; touched on the writer queue only.
    private let appending = PackAppending()
    /// The folder holds artifacts written before the packs, in the database itself.
    private let holdsArtifactsInDatabase: Bool
    /// The folder held nothing when opened: in a first run nearly every lookup would miss, so the database is
    /// asked only for keys this run has stored (``PendingWrites`` remembers them in a fixed-size filter). A run
    /// sharing the folder at the same time is not seen: its work is redone.
    private let startedEmpty: Bool

    /// The database's file name inside the work folder.
    public static let databaseName = "work.sqlite"

    /// What the work folder remembers of an input.
    struct InputRecord: Codable, Equatable {
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
        packs = try ArtifactPacks(workFolder: root)
        (database, holdsArtifactsInDatabase, startedEmpty) = try Self.openDatabase(in: root)
        if startedEmpty { pending.rememberStoredKeys() }
    }

    /// How often opening the database is tried: two runs starting at once on a new folder both create it, and
    /// one of them could be refused for a moment (`unable to open database file`, about once in 60 such starts)
    /// and then ran without its work folder.
    private static let openingAttempts = 10

    /// The database, whether it holds artifacts of the older layout, and whether it holds nothing.
    private static func openDatabase(in root: URL) throws -> (DatabasePool, holdsArtifactsInDatabase: Bool, startedEmpty: Bool) {
        var attempt = 1
        while true {
            do {
                return try openDatabaseOnce(in: root)
            } catch let error as DatabaseError
                        where attempt < openingAttempts && [.SQLITE_CANTOPEN, .SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) {
                attempt += 1
                usleep(useconds_t(20_000 * attempt))
            }
        }
    }

    private static func openDatabaseOnce(in root: URL) throws -> (DatabasePool, holdsArtifactsInDatabase: Bool, startedEmpty: Bool) {
        var configuration = Configuration()
        // Another run writing the same folder holds the lock for one transaction at a time.
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL never corrupts the database; a power cut may lose the last transactions,
            // which only means recomputing those artifacts.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let database = try DatabasePool(path: root.appendingPathComponent(Self.databaseName).path,
                                        configuration: configuration)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS artifact_index (key TEXT PRIMARY KEY, stage TEXT NOT NULL, pack INTEGER NOT NULL,
                                                           offset INTEGER NOT NULL, length INTEGER NOT NULL, digest TEXT NOT NULL)
                                                           WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS packs (pack INTEGER PRIMARY KEY, created TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS inputs (uri TEXT PRIMARY KEY, record BLOB NOT NULL);
                """)
        }
        let (inDatabase, empty) = try database.read { db in
            let inDatabase = try db.tableExists("artifacts")
                && (try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM artifacts)") ?? false)
            let empty = try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM artifact_index) AND NOT EXISTS (SELECT 1 FROM inputs)
                """) ?? false
            return (inDatabase, empty)
        }
        return (database, inDatabase, empty && !inDatabase)
    }

    /// The cache key of a stage's output.
    static func key(stage: StageID, version: Int, optionsDigest: String, inputDigest: String) -> String {
        // The artifacts' form is part of the key: a folder written by a Gazette that kept them in another form
        // (JSON before the binary form, or another binary layout) is not misread, its artifacts are recomputed.
        ContentDigest.hex("gazette-work-2-b\(ArtifactBinary.formatVersion)\n\(stage.rawValue)\n\(version)\n\(optionsDigest)\n\(inputDigest)")
    }

    /// A stored artifact: its bytes and their digest (the next stage's key is made of it).
    struct Artifact: Equatable {
        var data: Data
        var digest: String
    }

    /// The stored artifact, or nil when there is none (or it cannot be read, or its bytes are not those
    /// stored: it is then recomputed).
    func artifact(_ stage: StageID, key: String) -> Artifact? {
        if case .artifact(_, _, let data, let digest)? = pending.write(named: .artifact(key)) {
            return Artifact(data: data, digest: digest ?? ContentDigest.hex(data))
        }
        if startedEmpty, !pending.mayHaveStored(.artifact(key)) { return nil }
        // One SELECT needs no transaction around it (`read` would add BEGIN and COMMIT, and in a fresh run
        // nearly every lookup misses).
        let place = try? database.unsafeRead { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT pack, offset, length, digest FROM artifact_index WHERE key = ?"),
                             arguments: [key])
        }
        if let place {
            let digest: String = place["digest"]
            guard let data = packs.read(pack: place["pack"], offset: place["offset"], length: place["length"]),
                  ContentDigest.hex(data) == digest else { return nil }
            return Artifact(data: data, digest: digest)
        }
        guard holdsArtifactsInDatabase else { return nil }
        let data = try? database.unsafeRead { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM artifacts WHERE key = ?"), arguments: [key])
        }
        return data.map { Artifact(data: $0, digest: ContentDigest.hex($0)) }
    }

    /// Stores `data` under `key`; `digest` is its digest (``ContentDigest``), which a read checks the bytes against
    /// (nil: the writer makes it).
    func store(_ data: Data, digest: String?, stage: StageID, key: String) {
        enqueue(.artifact(key: key, stage: stage.rawValue, data: data, digest: digest))
    }

    func input(_ uri: String) -> InputRecord? {
        if startedEmpty, !pending.mayHaveStored(.input(uri)) { return nil }
        let waiting: Data? = if case .input(_, let record)? = pending.write(named: .input(uri)) { record } else { nil }
        let data = waiting ?? (try? database.unsafeRead { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM inputs WHERE uri = ?"), arguments: [uri])
        })
        return data.flatMap(InputRecord.init(stored:))
    }

    func store(_ record: InputRecord) {
        enqueue(.input(uri: record.uri, record: ArtifactBinary.encode(record)))
    }

    /// Waits until every artifact handed to the folder is written (or has failed to be: the work folder is a
    /// cache, and a write that fails only costs re-use later).
    public func flush() {
        // A transaction gathering writes takes them at once: nothing more is coming that it should wait for (a
        // one-document run would otherwise end the gathering time later).
        pending.stopGathering()
        try? database.barrierWriteWithoutTransaction { _ in }
    }

    /// Queues a write; the first write queued since the last transaction began schedules the next one, which
    /// takes every write waiting by then.
    private func enqueue(_ write: PendingWrites.Write) {
        if pending.add(write) { scheduleTransaction() }
        // Memory stays bounded when the disk is slower than the documents: wait for the writer to catch up.
        pending.waitWhileOver(bytes: 64 << 20)
    }

    /// How long a scheduled transaction lets writes gather before it takes them. With one job a document's stages
    /// end a few hundred microseconds apart, and a transaction each rewrote the same pages of the key index into
    /// the log again and again: the bench's 400 documents took 1,287 transactions, with a wait of 2 ms 294, and the
    /// writer's CPU time fell by about 70 ms. With the bytes in packs, a transaction is mostly its own cost (the
    /// lock, the log's frames, its checksums): 10 ms, with the index a table without rowids (one B-tree, not a
    /// table and an index of its key), halved what the work folder costs a run again (ten alternating runs each:
    /// one job +0.158 → +0.050 s elapsed on 1.25 s, two jobs +0.116 → +0.063 s on 0.78 s). Lookups see gathering
    /// writes (``PendingWrites``); ``flush()`` waits for them, so only a killed run can lose them, and a lost
    /// artifact is recomputed.
    private static let gatheringMicroseconds = 10_000

    private func scheduleTransaction() {
        // The wait is spent before the transaction begins: no lock is held meanwhile.
        database.asyncWriteWithoutTransaction { [pending, packs, appending, startedEmpty] db in
            pending.gather(microseconds: Self.gatheringMicroseconds)
            // Taken before the transaction begins: writes a failed transaction leaves are dropped (the work folder
            // is a cache), never left waiting with no transaction scheduled for them.
            var writes = pending.takeAll().map { write in
                // The digests left to the writer (those no stage's key is made of).
                guard case .artifact(let key, let stage, let data, nil) = write else { return write }
                return .artifact(key: key, stage: stage, data: data, digest: ContentDigest.hex(data))
            }
            // A stage run again (`--from`, `--only`, `--force`) gives the same bytes under the same key: appended
            // again, they would only grow the pack. (A folder that started empty holds none.)
            if !startedEmpty {
                writes.removeAll { write in
                    guard case .artifact(let key, _, _, let digest) = write else { return false }
                    return (try? String.fetchOne(db.cachedStatement(sql: "SELECT digest FROM artifact_index WHERE key = ?"),
                                                 arguments: [key])) == digest
                }
            }
            // A pack's number is taken in a statement of its own, before the transaction: committed at once, it is
            // never given to another run, whatever becomes of the transaction.
            let pack = writes.contains(where: \.isArtifact) ? appending.pack(db, packs) : nil
            try? db.inTransaction {
                try Self.write(writes, to: db, pack: pack, appending: appending)
                return .commit
            }
            pending.finished()
        }
    }

    /// Writes one transaction's writes: each artifact's bytes appended to `pack` before its index row. Without a
    /// pack (making one failed) artifacts are not kept; a failed append ends the run's keeping and the transaction.
    private static func write(_ writes: [PendingWrites.Write], to db: Database, pack: PackWriter?,
                              appending: PackAppending) throws {
        for write in writes {
            switch write {
            case .artifact(let key, let stage, let data, let digest):
                guard let pack else { continue }
                let offset: Int64
                do {
                    offset = try pack.append(data)
                } catch {
                    appending.failed()
                    throw error
                }
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO artifact_index (key, stage, pack, offset, length, digest) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [key, stage, pack.pack, offset, data.count, digest])
            case .input(let uri, let record):
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO inputs (uri, record) VALUES (?, ?)")
                    .execute(arguments: [uri, record])
            }
        }
    }

    /// How many artifacts of `stage` the folder holds (for tests and progress checks from outside a run).
    public func count(_ stage: StageID) throws -> Int {
        try database.read { db in
            let sql = holdsArtifactsInDatabase
                ? "SELECT count(*) FROM (SELECT key FROM artifact_index WHERE stage = ?1 UNION SELECT key FROM artifacts WHERE stage = ?1)"
                : "SELECT count(*) FROM artifact_index WHERE stage = ?1"
            return try Int.fetchOne(db, sql: sql, arguments: [stage.rawValue]) ?? 0
        }
    }
}

/// The pack a run appends to, opened at its first artifact. Used on the writer queue only.
private final class PackAppending: @unchecked Sendable {
    private var writer: PackWriter?
    /// A write failed (a full disk, a folder made read-only), or a pack could not be made three times over: the
    /// run keeps no more artifacts, rather than open pack after pack.
    private var gaveUp = false
    /// Packs that could not be made so far; one failure (a lock held too long) drops only its transaction's
    /// artifacts.
    private var creationFailures = 0

    /// The pack to append to; nil once the run has given up.
    func pack(_ db: Database, _ packs: ArtifactPacks) -> PackWriter? {
        if let writer { return writer }
        guard !gaveUp else { return nil }
        do {
            try db.execute(sql: "INSERT INTO packs (created) VALUES (?)", arguments: [ISO8601DateFormatter().string(from: Date())])
            let number = db.lastInsertedRowID
            writer = try PackWriter(pack: number, path: packs.path(of: number))
        } catch {
            creationFailures += 1
            gaveUp = creationFailures >= 3
        }
        return writer
    }

    func failed() {
        writer = nil
        gaveUp = true
    }
}

/// An input's record in the binary form of the artifacts (it was JSON through `Codable` before, a twentieth of
/// what keeping the work folder cost a run; records of that form are still read).
extension WorkFolder.InputRecord: BinaryStorable {
    func write(to writer: inout BinaryWriter) {
        writer.write(uri)
        writer.write(fetchKey)
        writer.write(file) { writer, file in
            writer.write(file.size)
            writer.write(Int(file.modified))
        }
        writer.write(validators)
    }

    init(from reader: inout BinaryReader) throws {
        uri = try reader.readString()
        fetchKey = try reader.readString()
        file = try reader.readOptional { FileStatus(size: try $0.readInt(), modified: Int64(try $0.readInt())) }
        validators = try reader.readOptional()
    }

    /// The record as the work folder keeps it, in either form; nil when it is neither.
    init?(stored data: Data) {
        guard let record = ArtifactBinary.isBinary(data) ? try? ArtifactBinary.decode(Self.self, from: data)
                : try? GazetteJSON.decode(Self.self, from: data) else { return nil }
        self = record
    }
}
