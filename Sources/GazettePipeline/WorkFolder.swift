import Foundation
import GazetteCore
import GazetteFetch
import GRDB

/// The work folder (`--work`, default `.gazette/`): every stage's output per document, stored under a key
/// made of the stage, its version, its options and the digest of its input, so a re-run redoes only what
/// changed (research/peers.md §2.8: per-document keys, not per-run).
///
/// It is one SQLite database, `work.sqlite`, in write-ahead-log mode: a row per artifact (`artifacts`: the key,
/// the stage, the artifact in the form ``StoredArtifact`` says) and a row per input (`inputs`: the fetch artifact it last gave and, for a
/// local file, its size and time, so an unchanged file is not read again). A file per artifact cost a file
/// creation, a rename and an fsync each, a third of a bulk run on ext4 (issue 9); a row is an append to the
/// log. Artifacts are written behind the documents, on SQLite's writer queue, as many to a transaction as have
/// arrived since the last one: a document never waits for the disk, and a killed run loses at most what was
/// not yet written (recomputed next time), never leaving a torn artifact. ``flush()`` waits for them all.
/// Runs on one machine may share a work folder (SQLite's locks; a writer waits for another's transaction); on
/// a network file system give each machine its own, as README's scale-out example does.
public final class WorkFolder: Sendable {
    public let root: URL
    private let database: DatabasePool
    private let pending = PendingWrites()
    /// The folder held nothing when opened: in a first run nearly every lookup would miss, so the database is
    /// asked only for keys this run has stored (``PendingWrites`` remembers them in a fixed-size filter). A run
    /// sharing the folder at the same time is not seen: its work is redone.
    private let startedEmpty: Bool

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
        // Another run writing the same folder holds the lock for one transaction at a time.
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
        startedEmpty = try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM artifacts) AND NOT EXISTS (SELECT 1 FROM inputs)")
        } ?? false
        if startedEmpty { pending.rememberStoredKeys() }
    }

    /// The cache key of a stage's output.
    static func key(stage: StageID, version: Int, optionsDigest: String, inputDigest: String) -> String {
        // The artifacts' form is part of the key: a folder written by a Gazette that kept them in another form
        // (JSON before the binary form, or another binary layout) is not misread, its artifacts are recomputed.
        ContentDigest.hex("gazette-work-2-b\(ArtifactBinary.formatVersion)\n\(stage.rawValue)\n\(version)\n\(optionsDigest)\n\(inputDigest)")
    }

    /// The stored artifact, or nil when there is none (or it cannot be read: it is then recomputed).
    func artifact(_ stage: StageID, key: String) -> Data? {
        if let waiting = pending.data(for: .artifact(key)) { return waiting }
        if startedEmpty, !pending.mayHaveStored(.artifact(key)) { return nil }
        // One SELECT needs no transaction around it (`read` would add BEGIN and COMMIT, and in a fresh run
        // nearly every lookup misses).
        return try? database.unsafeRead { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM artifacts WHERE key = ?"), arguments: [key])
        }
    }

    func store(_ data: Data, stage: StageID, key: String) {
        enqueue(.artifact(key: key, stage: stage.rawValue, data: data))
    }

    func input(_ uri: String) -> InputRecord? {
        if startedEmpty, !pending.mayHaveStored(.input(uri)) { return nil }
        let data = pending.data(for: .input(uri)) ?? (try? database.unsafeRead { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM inputs WHERE uri = ?"), arguments: [uri])
        })
        return data.flatMap { try? GazetteJSON.decode(InputRecord.self, from: $0) }
    }

    func store(_ record: InputRecord) throws {
        enqueue(.input(uri: record.uri, record: try GazetteJSON.encode(record)))
    }

    /// Waits until every artifact handed to the folder is written (or has failed to be: the work folder is a
    /// cache, and a write that fails only costs re-use later).
    public func flush() {
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
    /// the log again and again: the bench's 400 documents took 1,287 transactions, with this wait 294, and the
    /// writer's CPU time fell by about 70 ms. Lookups see gathering writes (``PendingWrites``); ``flush()`` waits
    /// for them, so only a killed run can lose them, and a lost artifact is recomputed.
    private static let gatheringMicroseconds: useconds_t = 2_000

    private func scheduleTransaction() {
        // The wait is spent before the transaction begins: no lock is held meanwhile.
        database.asyncWriteWithoutTransaction { [pending] db in
            usleep(Self.gatheringMicroseconds)
            // Taken before the transaction begins: writes a failed transaction leaves are dropped (the work folder
            // is a cache), never left waiting with no transaction scheduled for them.
            let writes = pending.takeAll()
            try? db.inTransaction {
                for write in writes {
                    switch write {
                    case .artifact(let key, let stage, let data):
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO artifacts (key, stage, data) VALUES (?, ?, ?)")
                            .execute(arguments: [key, stage, data])
                    case .input(let uri, let record):
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO inputs (uri, record) VALUES (?, ?)")
                            .execute(arguments: [uri, record])
                    }
                }
                return .commit
            }
            pending.finished()
        }
    }

    /// How many artifacts of `stage` the folder holds (for tests and progress checks from outside a run).
    public func count(_ stage: StageID) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM artifacts WHERE stage = ?", arguments: [stage.rawValue]) ?? 0
        }
    }
}

/// The writes handed to the work folder and not yet committed, readable meanwhile: those waiting for a
/// transaction, and those of the transaction running (at most one: SQLite's writer queue is serial).
private final class PendingWrites: @unchecked Sendable {
    enum Write {
        case artifact(key: String, stage: String, data: Data)
        case input(uri: String, record: Data)

        var name: Name {
            switch self {
            case .artifact(let key, _, _): .artifact(key)
            case .input(let uri, _): .input(uri)
            }
        }

        var data: Data {
            switch self {
            case .artifact(_, _, let data): data
            case .input(_, let record): record
            }
        }
    }

    /// What a write is looked up by: an artifact's key or an input's name.
    enum Name: Hashable {
        case artifact(String)
        case input(String)
    }

    private let condition = NSCondition()
    private var waiting: [(write: Write, serial: Int)] = []
    private var inFlight: [(write: Write, serial: Int)] = []
    /// The latest write of each name, with its serial: an older write committing does not hide a newer one
    /// still waiting.
    private var latest: [Name: (data: Data, serial: Int)] = [:]
    private var serial = 0
    private var bytes = 0
    /// When asked for: every name added (a name added answers yes; one never added almost always no).
    private var stored: NameFilter?

    func rememberStoredKeys() {
        condition.withLock { stored = NameFilter() }
    }

    /// Whether `name` may have been added (always true when names are not remembered).
    func mayHaveStored(_ name: Name) -> Bool {
        condition.withLock { stored?.mayContain(name.hashValue) ?? true }
    }

    /// Adds a write; true when no transaction is scheduled for it yet (the caller schedules one).
    func add(_ write: Write) -> Bool {
        condition.withLock {
            serial += 1
            waiting.append((write, serial))
            latest[write.name] = (write.data, serial)
            stored?.insert(write.name.hashValue)
            bytes += write.data.count
            return waiting.count == 1
        }
    }

    /// The writes for the transaction starting now.
    func takeAll() -> [Write] {
        condition.withLock {
            inFlight = waiting
            waiting.removeAll()
            return inFlight.map(\.write)
        }
    }

    /// The transaction that took the writes ended (committed, or failed: the work folder is a cache).
    func finished() {
        condition.withLock {
            for (write, serial) in inFlight {
                if latest[write.name]?.serial == serial { latest[write.name] = nil }
                bytes -= write.data.count
            }
            inFlight.removeAll()
            condition.broadcast()
        }
    }

    func data(for name: Name) -> Data? {
        condition.withLock { latest[name]?.data }
    }

    func waitWhileOver(bytes limit: Int) {
        condition.lock()
        while bytes > limit { condition.wait() }
        condition.unlock()
    }
}

/// Names as two bits each of a fixed 4 MB filter, in memory `calloc` takes zeroed from the system: its pages
/// are mapped when first written, so a short run touches only those its names fall in (an array of zeros was
/// written whole at every start: a tenth of a one-document run's time). Used under ``PendingWrites``' lock.
private final class NameFilter {
    private static let wordCount = 1 << 19
    private let words: UnsafeMutablePointer<UInt64>

    /// Nil when the memory cannot be had: every name is then looked up in the database.
    init?() {
        guard let memory = calloc(Self.wordCount, MemoryLayout<UInt64>.stride) else { return nil }
        words = memory.assumingMemoryBound(to: UInt64.self)
    }

    deinit { free(words) }

    func insert(_ hash: Int) {
        let (first, second) = Self.bits(of: hash)
        words[first / 64] |= 1 << UInt64(first % 64)
        words[second / 64] |= 1 << UInt64(second % 64)
    }

    func mayContain(_ hash: Int) -> Bool {
        let (first, second) = Self.bits(of: hash)
        return words[first / 64] & (1 << UInt64(first % 64)) != 0 && words[second / 64] & (1 << UInt64(second % 64)) != 0
    }

    /// The two bits that stand for a name's hash.
    private static func bits(of hash: Int) -> (Int, Int) {
        let hash = UInt64(bitPattern: Int64(hash))
        let count = UInt64(wordCount * 64)
        return (Int(hash % count), Int((hash >> 32 ^ hash &* 0x9E37_79B9_7F4A_7C15) % count))
    }
}
