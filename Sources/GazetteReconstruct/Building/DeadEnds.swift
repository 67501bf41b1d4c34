/// The partial combinations of a ``CombinationSearch`` known to lead nowhere, as exact keys (runs of `Int64`:
/// the depth, the failures so far, what each open identity still needs).
///
/// The search looks a key up at every step, hundreds of thousands of times for a table of run-together digits:
/// a `Set<[Int64]>` made an array for each key and hashed it through `Hasher`, which was most of a hard table's
/// time. Here the keys lie end to end in one arena, found through an open-addressing table of their hashes, and a
/// lookup reads the key where the caller wrote it: nothing is allocated but the arena's and the table's growth.
/// Equal keys are compared element by element, so a hash collision never merges two states.
struct DeadEnds: ~Copyable {
    /// Each key as its length, then its elements.
    private var arena: UnsafeMutablePointer<Int64>
    private var arenaCapacity: Int
    private var arenaCount = 0
    /// A slot holds the arena offset of its key plus one (0: empty) and the key's hash.
    private var offsets: UnsafeMutablePointer<Int>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private(set) var count = 0

    init() {
        arenaCapacity = 1 << 12
        arena = .allocate(capacity: arenaCapacity)
        slotCount = 1 << 10
        offsets = .allocate(capacity: slotCount)
        offsets.initialize(repeating: 0, count: slotCount)
        hashes = .allocate(capacity: slotCount)
    }

    deinit {
        arena.deallocate()
        offsets.deallocate()
        hashes.deallocate()
    }

    /// The hash of a key (a multiply-rotate mix over its elements; any hash would do, since keys are compared).
    static func hash(_ key: UnsafePointer<Int64>, count: Int) -> UInt64 {
        var hash: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        for index in 0..<count {
            hash = (hash ^ UInt64(bitPattern: key[index])) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash << 31) | (hash >> 33)
        }
        return hash ^ (hash >> 29)
    }

    func contains(_ key: UnsafePointer<Int64>, count: Int, hash: UInt64) -> Bool {
        slot(of: key, count: count, hash: hash).found
    }

    /// Adds a key (nothing when it is there already).
    mutating func insert(_ key: UnsafePointer<Int64>, count keyCount: Int, hash: UInt64) {
        let (slot, found) = slot(of: key, count: keyCount, hash: hash)
        if found { return }
        if arenaCount + keyCount + 1 > arenaCapacity {
            let capacity = max(arenaCapacity * 2, arenaCount + keyCount + 1)
            let grown = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
            grown.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = grown
            arenaCapacity = capacity
        }
        arena[arenaCount] = Int64(keyCount)
        (arena + arenaCount + 1).update(from: key, count: keyCount)
        offsets[slot] = arenaCount + 1
        hashes[slot] = hash
        arenaCount += keyCount + 1
        count += 1
        if count * 2 > slotCount { grow() }
    }

    /// Forgets every key, keeping the memory.
    mutating func removeAll() {
        offsets.update(repeating: 0, count: slotCount)
        arenaCount = 0
        count = 0
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func slot(of key: UnsafePointer<Int64>, count keyCount: Int, hash: UInt64) -> (slot: Int, found: Bool) {
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let offset = offsets[slot]
            if offset == 0 { return (slot, false) }
            if hashes[slot] == hash, arena[offset - 1] == Int64(keyCount), equal(arena + offset, key, keyCount) {
                return (slot, true)
            }
            slot = (slot + 1) & mask
        }
    }

    private func equal(_ stored: UnsafePointer<Int64>, _ key: UnsafePointer<Int64>, _ count: Int) -> Bool {
        for index in 0..<count where stored[index] != key[index] { return false }
        return true
    }

    /// Doubles the table, placing each key again by its hash.
    private mutating func grow() {
        let oldOffsets = offsets, oldHashes = hashes, oldCount = slotCount
        slotCount *= 2
        offsets = .allocate(capacity: slotCount)
        offsets.initialize(repeating: 0, count: slotCount)
        hashes = .allocate(capacity: slotCount)
        let mask = slotCount - 1
        for old in 0..<oldCount where oldOffsets[old] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[old]) & mask
            while offsets[slot] != 0 { slot = (slot + 1) & mask }
            offsets[slot] = oldOffsets[old]
            hashes[slot] = oldHashes[old]
        }
        oldOffsets.deallocate()
        oldHashes.deallocate()
    }
}
