import Testing
@testable import GazetteReconstruct

/// The memos of label keys, matches and scores: what recurs (the template's labels) is kept while the lines
/// met once (each report's prose) come and go in a bounded generation of their own.
@Suite struct BoundedCacheTests {
    /// Computes `key`'s value through `cache`, counting the computations in `computed`.
    private func value(_ key: Int, _ cache: BoundedCache<Int, Int>, _ computed: inout Int) -> Int {
        cache.value(for: key) {
            computed += 1
            return key * 10
        }
    }

    @Test func whatRecursOutlivesWhatIsMetOnce() {
        let cache = BoundedCache<Int, Int>(capacity: 100, recent: 8)
        var computed = 0
        // Five "template labels", each met in two reports: recurring from the second.
        for _ in 0..<2 { for label in 0..<5 { #expect(value(label, cache, &computed) == label * 10) } }
        #expect(computed == 5)
        #expect(cache.counts.recurring == 5 && cache.counts.recent == 0)
        // A thousand lines of prose, each met once, interleaved with the labels.
        for line in 1_000..<2_000 {
            #expect(value(line, cache, &computed) == line * 10)
            #expect(value(line % 5, cache, &computed) == (line % 5) * 10)
            #expect(cache.counts.recent <= 8)
        }
        // The labels were never computed again; the prose was, once each, and is not kept past the bound.
        #expect(computed == 5 + 1_000)
        #expect(cache.counts.recurring == 5)
        // A line met twice within the recent bound becomes recurring too.
        _ = value(5_000, cache, &computed)
        _ = value(5_000, cache, &computed)
        #expect(computed == 1_006)
        #expect(cache.counts.recurring == 6)
    }

    @Test func theRecurringEntriesAreBoundedToo() {
        let cache = BoundedCache<Int, Int>(capacity: 4, recent: 100)
        var computed = 0
        for key in 0..<10 {
            _ = value(key, cache, &computed)
            _ = value(key, cache, &computed)
            #expect(cache.counts.recurring <= 4)
        }
        #expect(computed == 10)
        // Emptied when full, the values are computed again, and the same.
        #expect(value(0, cache, &computed) == 0)
        #expect(computed == 11)
    }
}
