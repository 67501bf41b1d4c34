import Foundation

/// A locked dictionary shared across documents, emptied when full, so a corpus of unusual entries costs
/// memory once. Label keys, their matches and template label scores are remembered in one each.
final class BoundedCache<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value stored for `key`, or `compute()`'s, stored. `compute` runs outside the lock: two threads may
    /// both compute a missing value, and both get the same one.
    func value(for key: Key, compute: () -> Value) -> Value {
        if let known = lock.withLock({ entries[key] }) { return known }
        let value = compute()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
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
        var left = lhs.string, right = rhs.string
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
