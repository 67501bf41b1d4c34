import Foundation

/// A locked dictionary shared across documents, emptied when full, so a corpus of unusual entries costs
/// memory once. Label keys and template label scores are remembered in one each.
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
