import Foundation
import GazetteCore

/// A locked memo shared across documents, in two generations so that what recurs stays and what does not
/// costs little memory. Label keys, their matches and template label scores are remembered in one each.
///
/// A bulk run meets two kinds of entries: the template's labels, met in every report, and each report's own
/// lines of prose, met once. A value is first kept among the recent entries; asked for again, it moves to the
/// recurring ones. The recent entries are emptied when `recent` of them have gathered (a few dozen reports'
/// prose), the recurring ones only when `capacity` have. A single dictionary emptied when full grew with
/// the prose until it held `capacity` lines nobody would ask for again (peak RSS +21 % from 1,000 to 10,000
/// distinct reports), and emptied the template's labels with them.
final class BoundedCache<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var recurring: [Key: Value] = [:]
    private var recentEntries: [Key: Value] = [:]
    private let capacity: Int
    private let recent: Int

    init(capacity: Int, recent: Int = 4_096) {
        self.capacity = capacity
        self.recent = recent
    }

    /// The value stored for `key`, or `compute()`'s, stored. `compute` runs outside the lock: two threads may
    /// both compute a missing value, and both get the same one.
    func value(for key: Key, compute: () -> Value) -> Value {
        if let known = lock.withLock({ remembered(key) }) { return known }
        let value = compute()
        lock.withLock {
            if recentEntries.count >= recent { recentEntries.removeAll(keepingCapacity: true) }
            recentEntries[key] = value
        }
        return value
    }

    /// How many entries are kept: recurring, recent (for the tests).
    var counts: (recurring: Int, recent: Int) { lock.withLock { (recurring.count, recentEntries.count) } }

    /// A value already stored, moved to the recurring entries when it was recent. Called under the lock.
    private func remembered(_ key: Key) -> Value? {
        if let value = recurring[key] { return value }
        guard let value = recentEntries.removeValue(forKey: key) else { return nil }
        if recurring.count >= capacity { recurring.removeAll(keepingCapacity: true) }
        recurring[key] = value
        return value
    }
}

/// A string as a cache key, hashed and compared by its UTF-8 bytes. `String`'s own hashing and equality put
/// non-ASCII text through NFC normalization first, a cost paid on every cell a report has; the labels here are
/// compared as code points anyway, so byte equality is the equality they need.
struct UTF8Text: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: UTF8Text, rhs: UTF8Text) -> Bool {
        lhs.string.withUTF8InPlace { a in
            rhs.string.withUTF8InPlace { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        string.withUTF8InPlace { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
