import Foundation

/// The writes handed to the work folder and not yet committed, readable meanwhile: those waiting for a
/// transaction, and those of the transaction running (at most one: SQLite's writer queue is serial).
final class PendingWrites: @unchecked Sendable {
    enum Write {
        /// An artifact's bytes and their digest (the index keeps the digest; a read checks the bytes against it),
        /// nil until the writer makes it.
        case artifact(key: String, stage: String, data: Data, digest: String?)
        case input(uri: String, record: Data)

        var name: Name {
            switch self {
            case .artifact(let key, _, _, _): .artifact(key)
            case .input(let uri, _): .input(uri)
            }
        }

        var isArtifact: Bool {
            if case .artifact = self { true } else { false }
        }

        var data: Data {
            switch self {
            case .artifact(_, _, let data, _): data
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
    private var latest: [Name: (write: Write, serial: Int)] = [:]
    private var serial = 0
    private var bytes = 0
    /// Set by ``stopGathering()`` until the next transaction takes its writes.
    private var hurried = false
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
            latest[write.name] = (write, serial)
            stored?.insert(write.name.hashValue)
            bytes += write.data.count
            return waiting.count == 1
        }
    }

    /// Waits up to `microseconds` for more writes to arrive, or until ``stopGathering()``.
    func gather(microseconds: Int) {
        let deadline = Date(timeIntervalSinceNow: Double(microseconds) / 1e6)
        condition.lock()
        while !hurried, condition.wait(until: deadline) {}
        condition.unlock()
    }

    /// Ends the gathering of the transaction scheduled (``flush()`` waits for it).
    func stopGathering() {
        condition.withLock {
            hurried = true
            condition.broadcast()
        }
    }

    /// The writes for the transaction starting now.
    func takeAll() -> [Write] {
        condition.withLock {
            hurried = false
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

    /// The latest write of `name` not yet committed.
    func write(named name: Name) -> Write? {
        condition.withLock { latest[name]?.write }
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
