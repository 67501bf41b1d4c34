import GazetteCore

/// Chooses among the readings of a table's rows jointly: the combinations that break the fewest identities
/// down the columns, then hold the most, found by a depth-first search that abandons a partial combination as
/// soon as it cannot do as well as allowed (branch and bound).
///
/// A combination is scored on the identities all of whose cells it gives; an identity whose two sides can
/// no longer meet, whatever the rows still to choose give (each side's sum so far plus the least and the
/// most its remaining cells can add), will fail, and counts as failed at once. The search first allows no
/// failure, then one, two, four…: an exact combination, when there is one, is found with every branch that
/// breaks an identity cut at once. That is what makes tables of many open rows searchable: the total row
/// bounds its parts.
///
/// The inner loop runs over flat arrays (values by row, candidate and column; the cells each row gives each
/// identity): a table of run-together digits may take hundreds of thousands of steps.
struct CombinationSearch {
    /// One row's candidate readings, as values by column position, one for every column (nil: unknown; an
    /// empty cell is 0 here).
    struct Row {
        var key: String?
        var candidates: [[Double?]]
    }

    /// For each row, the indices of the candidates some best combination uses; nil when the search ran out
    /// of `stepLimit` steps (then no candidate may be dropped).
    static func survivors(_ rows: [Row], columns: [String?], instances: [IdentityChecker.Instance],
                          stepLimit: Int = 250_000) throws -> [Set<Int>]? {
        let width = columns.count
        guard rows.allSatisfy({ $0.candidates.allSatisfy { $0.count == width } }) else { return nil }
        guard rows.contains(where: { $0.candidates.count > 1 }) else { return rows.map { Set($0.candidates.indices) } }

        // Candidates with the same values are one choice here (a 0 and an empty cell, say).
        var distinct: [[[Double?]]] = []
        var members: [[[Int]]] = []
        for row in rows {
            // Most rows have one reading: nothing to merge, no dictionary made.
            if row.candidates.count <= 1 {
                distinct.append(row.candidates)
                members.append(row.candidates.isEmpty ? [] : [[0]])
                continue
            }
            var seen: [[Double?]: Int] = [:]
            var vectors: [[Double?]] = [], groups: [[Int]] = []
            for (index, candidate) in row.candidates.enumerated() {
                if let group = seen[candidate] {
                    groups[group].append(index)
                } else {
                    seen[candidate] = vectors.count
                    vectors.append(candidate)
                    groups.append([index])
                }
            }
            distinct.append(vectors)
            members.append(groups)
        }

        var rowIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() where !row.candidates.isEmpty {
            if let key = row.key { rowIndex[key] = index }
        }
        var columnIndex: [String: Int] = [:]
        for (index, column) in columns.enumerated() { if let column { columnIndex[column] = index } }
        // Identities with a cell of a row not read are never evaluated: they score every combination alike.
        var identities: [(left: [(row: Int, column: Int)], right: [(row: Int, column: Int)])] = []
        for instance in instances {
            let left = instance.left.compactMap { cell in rowIndex[cell.row].flatMap { row in columnIndex[cell.column].map { (row, $0) } } }
            let right = instance.right.compactMap { cell in rowIndex[cell.row].flatMap { row in columnIndex[cell.column].map { (row, $0) } } }
            guard left.count == instance.left.count, right.count == instance.right.count else { continue }
            identities.append((left, right))
        }

        var values: [Double] = []
        for vectors in distinct {
            for vector in vectors { values += vector.map { $0 ?? .nan } }
        }
        // What each row gives each identity, and the least and most it can give (unknown: 0).
        var touches = [[Search.Touch]](repeating: [], count: rows.count)
        for (index, identity) in identities.enumerated() {
            for (cells, isLeft) in [(identity.left, true), (identity.right, false)] {
                for cell in cells {
                    let values = distinct[cell.row].map { $0[cell.column] ?? 0 }
                    touches[cell.row].append(Search.Touch(identity: index, column: cell.column, left: isLeft,
                                                          least: values.min() ?? 0, most: values.max() ?? 0))
                }
            }
        }
        // Rows with one candidate first; then the open rows, totals (alone on a side) first, fewest candidates
        // first: the sums they set prune their parts.
        let totals = Set(identities.flatMap { identity in
            [identity.left, identity.right].filter { $0.count == 1 }.map { $0[0].row }
        })
        let open = rows.indices.filter { distinct[$0].count > 1 }
        let order = rows.indices.filter { distinct[$0].count == 1 }
            + open.sorted { (totals.contains($0) ? 0 : 1, distinct[$0].count, $0) < (totals.contains($1) ? 0 : 1, distinct[$1].count, $1) }
        var search = Search(width: width, candidateCounts: distinct.map(\.count), values: values, identities: identities.count,
                            touches: touches, order: order, open: open, stepLimit: stepLimit)
        guard let used = try search.run() else { return nil }
        return rows.indices.map { row in
            open.contains(row) ? Set(used[row].flatMap { members[row][$0] }) : Set(rows[row].candidates.indices)
        }
    }


    /// The search proper. What a step reads lies in flat arrays made once (values by row, candidate and
    /// column; the cells each row gives each identity); what it changes (each identity's sums, the choice, the
    /// doomed identities, the state keys by depth) lies in memory of its own, written through pointers: a
    /// table of run-together digits may take hundreds of thousands of steps, and an array written in a step
    /// is checked for a second owner at every write.
    private struct Search: ~Copyable {
        struct Touch {
            var identity: Int
            var column: Int
            var left: Bool
            var least: Double
            var most: Double
        }

        /// An identity under the partial combination: its cells still to give, those given unknown, each
        /// side's sum so far and the least and most its cells still to give can add.
        struct IdentityState {
            var remaining = 0
            var unknown = 0
            var leftSum = 0.0, rightSum = 0.0
            var leftLeast = 0.0, leftMost = 0.0, rightLeast = 0.0, rightMost = 0.0
            var doomed = false

            /// One more of its cells given (`sign` 1), or taken back (-1).
            mutating func give(_ touch: Touch, _ value: Double, sign: Double) {
                remaining -= Int(sign)
                if touch.left {
                    leftLeast -= sign * touch.least
                    leftMost -= sign * touch.most
                    if value.isNaN { unknown += Int(sign) } else { leftSum += sign * value }
                } else {
                    rightLeast -= sign * touch.least
                    rightMost -= sign * touch.most
                    if value.isNaN { unknown += Int(sign) } else { rightSum += sign * value }
                }
            }

            /// The outcome now that one more of its cells is given: failed, held, or open (and doomed when its
            /// sides can no longer meet).
            mutating func settle() -> (failed: Int, held: Int, doomed: Bool) {
                if doomed { return (0, 0, false) }
                if remaining == 0 {
                    if unknown > 0 { return (0, 0, false) }
                    return abs(leftSum - rightSum) < 1e-6 ? (0, 1, false) : (1, 0, false)
                }
                if unknown == 0,
                   leftSum + leftMost < rightSum + rightLeast - 1e-6 || rightSum + rightMost < leftSum + leftLeast - 1e-6 {
                    doomed = true
                    return (1, 0, true)
                }
                return (0, 0, false)
            }
        }

        let width: Int
        let candidateCounts: [Int]
        /// Values by row, candidate and column; NaN for unknown.
        private let values: [Double]
        private let valueStart: [Int]
        private let touches: [Touch]
        private let touchStart: [Int]
        private let order: [Int]
        private let open: [Int]
        private let stepLimit: Int
        private let identityCount: Int

        private let state: UnsafeMutablePointer<IdentityState>
        private let doomStack: UnsafeMutablePointer<Int>
        private let choice: UnsafeMutablePointer<Int>
        /// The state key of each depth being searched, `keyStride` elements a depth.
        private let keys: UnsafeMutablePointer<Int64>
        private let keyStride: Int

        private var failed = 0, held = 0, allowed = 0
        private var best = (failed: Int.max, held: -1)
        private var used: [Set<Int>]
        /// For each row, the cells it gives identities whose every other cell comes from rows earlier in the
        /// order (it completes them), and its candidates by their values there: when no more failure is
        /// allowed, only the candidates that give exactly what those identities need are tried.
        private var completing: [[Touch]] = []
        private var byCompletion: [[[Int64]: [Int]]] = []
        private var steps = 0
        /// Partial combinations from which no combination was found: the depth, the failures so far and what
        /// each open identity still needs (one side's sum less the other's). Any other way to the same state
        /// ends the same, so it is not searched again: the search becomes a dynamic program over the sums.
        private var deadEnds = DeadEnds()
        private var leaves = 0
        private var exhausted = false
        private var ticker = BudgetTicker(.reconstruct, every: 4096)

        init(width: Int, candidateCounts: [Int], values: [Double], identities: Int, touches byRow: [[Touch]],
             order: [Int], open: [Int], stepLimit: Int) {
            self.width = width
            self.candidateCounts = candidateCounts
            self.values = values
            var start = 0
            valueStart = candidateCounts.map { count in defer { start += count * width }; return start }
            var touches: [Touch] = [], touchStart = [0]
            for row in byRow {
                touches += row
                touchStart.append(touches.count)
            }
            self.touches = touches
            self.touchStart = touchStart
            self.order = order
            self.open = open
            self.stepLimit = stepLimit
            identityCount = identities
            state = .allocate(capacity: max(1, identities))
            state.initialize(repeating: IdentityState(), count: identities)
            for touch in touches {
                state[touch.identity].remaining += 1
                if touch.left {
                    state[touch.identity].leftLeast += touch.least
                    state[touch.identity].leftMost += touch.most
                } else {
                    state[touch.identity].rightLeast += touch.least
                    state[touch.identity].rightMost += touch.most
                }
            }
            doomStack = .allocate(capacity: touches.count + 1)
            choice = .allocate(capacity: max(1, candidateCounts.count))
            choice.initialize(repeating: 0, count: candidateCounts.count)
            keyStride = identities + 2
            keys = .allocate(capacity: (order.count + 1) * keyStride)
            used = [Set<Int>](repeating: [], count: candidateCounts.count)
            indexCompletions(byRow)
        }

        deinit {
            state.deallocate()
            doomStack.deallocate()
            choice.deallocate()
            keys.deallocate()
        }

        /// Dead ends remembered at most.
        static let mostDeadEnds = 2_000_000

        /// Writes the state of a partial combination at `depth`, as far as the rest of the search can tell,
        /// into the depth's key; returns its length.
        private func writeStateKey(_ depth: Int) -> Int {
            let key = keys + depth * keyStride
            key[0] = Int64(depth)
            key[1] = Int64(failed)
            var count = 2
            for identity in 0..<identityCount where state[identity].remaining > 0 {
                let identity = state[identity]
                key[count] = identity.doomed || identity.unknown > 0 ? .min : Self.key(identity.leftSum - identity.rightSum)
                count += 1
            }
            return count
        }

        /// The key of a value in the completion index: exact to a millionth (amounts have decimals).
        private static func key(_ value: Double) -> Int64 { Int64((value * 1_000_000).rounded()) }

        private mutating func indexCompletions(_ byRow: [[Touch]]) {
            var position = [Int](repeating: 0, count: candidateCounts.count)
            for (index, row) in order.enumerated() { position[row] = index }
            // The last row of each identity in the order, and how many cells each row gives it.
            var last = [Int](repeating: -1, count: identityCount)
            var cells = [[Int: Int]](repeating: [:], count: identityCount)
            for (row, rowTouches) in byRow.enumerated() {
                for touch in rowTouches {
                    if last[touch.identity] < 0 || position[row] > position[last[touch.identity]] { last[touch.identity] = row }
                    cells[touch.identity][row, default: 0] += 1
                }
            }
            completing = byRow.enumerated().map { row, rowTouches in
                rowTouches.filter { touch in
                    last[touch.identity] == row && cells[touch.identity][row] == 1
                        && (0..<candidateCounts[row]).allSatisfy { !values[valueStart[row] + $0 * width + touch.column].isNaN }
                }
            }
            byCompletion = completing.enumerated().map { row, touches in
                guard !touches.isEmpty, candidateCounts[row] > 1 else { return [:] }
                var index: [[Int64]: [Int]] = [:]
                for candidate in 0..<candidateCounts[row] {
                    let base = valueStart[row] + candidate * width
                    index[touches.map { Self.key(values[base + $0.column]) }, default: []].append(candidate)
                }
                return index
            }
        }

        /// The candidates of `row` to try: all of them, or, when no more failure is allowed and the row
        /// completes identities, those that give exactly what the identities need.
        private func candidates(of row: Int) -> [Int]? {
            guard !byCompletion[row].isEmpty, failed >= min(allowed, best.failed) else { return nil }
            for touch in completing[row] where state[touch.identity].unknown > 0 || state[touch.identity].doomed { return nil }
            let needed = completing[row].map { touch in
                let identity = state[touch.identity]
                return Self.key(touch.left ? identity.rightSum - identity.leftSum : identity.leftSum - identity.rightSum)
            }
            return byCompletion[row][needed] ?? []
        }

        mutating func run() throws -> [Set<Int>]? {
            var doomTop = 0
            while true {
                // A dead end under a tighter allowance may not be one under this: each pass starts afresh.
                deadEnds.removeAll()
                try visit(0, doomTop: &doomTop)
                if exhausted { return nil }
                if best.failed <= allowed || allowed >= identityCount { break }
                allowed = max(1, allowed * 2)
            }
            // No combination at all (none can be scored): nothing may be dropped.
            return best.failed == Int.max ? nil : used
        }

        private mutating func visit(_ depth: Int, doomTop: inout Int) throws {
            if exhausted { return }
            steps += 1
            try ticker.tick()
            if steps > stepLimit {
                exhausted = true
                return
            }
            if depth == order.count {
                leaves += 1
                if failed < best.failed || (failed == best.failed && held > best.held) {
                    best = (failed, held)
                    used = [Set<Int>](repeating: [], count: candidateCounts.count)
                }
                if failed == best.failed, held == best.held {
                    for row in open { used[row].insert(choice[row]) }
                }
                return
            }
            let key = keys + depth * keyStride
            let keyCount = writeStateKey(depth)
            let hash = DeadEnds.hash(key, count: keyCount)
            if deadEnds.contains(key, count: keyCount, hash: hash) { return }
            let leavesBefore = leaves
            defer {
                if leaves == leavesBefore, !exhausted, deadEnds.count < Self.mostDeadEnds {
                    deadEnds.insert(key, count: keyCount, hash: hash)
                }
            }
            let row = order[depth]
            let chosen = candidates(of: row)
            for step in 0..<(chosen?.count ?? candidateCounts[row]) {
                let candidate = chosen?[step] ?? step
                let base = valueStart[row] + candidate * width
                let savedFailed = failed, savedHeld = held, doomMark = doomTop
                for index in touchStart[row]..<touchStart[row + 1] {
                    let touch = touches[index]
                    // Changed in registers and stored once: read back from memory right after its fields were
                    // written one by one, an identity's state stalled the processor (store forwarding; the search's
                    // hottest instruction, ~5 % of a hard table's time).
                    var identity = state[touch.identity]
                    identity.give(touch, values[base + touch.column], sign: 1)
                    let outcome = identity.settle()
                    state[touch.identity] = identity
                    if outcome.doomed {
                        doomStack[doomTop] = touch.identity
                        doomTop += 1
                    }
                    failed += outcome.failed
                    held += outcome.held
                }
                choice[row] = candidate
                // Abandoned when it already breaks more identities than allowed, or than the best combination.
                if failed <= allowed, failed <= best.failed { try visit(depth + 1, doomTop: &doomTop) }
                for index in touchStart[row]..<touchStart[row + 1] {
                    let touch = touches[index]
                    state[touch.identity].give(touch, values[base + touch.column], sign: -1)
                }
                while doomTop > doomMark {
                    doomTop -= 1
                    state[doomStack[doomTop]].doomed = false
                }
                failed = savedFailed
                held = savedHeld
                if exhausted { return }
            }
        }
    }
}
