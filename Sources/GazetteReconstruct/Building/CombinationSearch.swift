import GazetteCore

/// Chooses among the readings of a table's rows jointly: the combinations that break the fewest identities
/// down the columns, then hold the most, found by a depth-first search that abandons a partial combination as
/// soon as it cannot do better than the best found (branch and bound).
///
/// A combination is scored on the identities all of whose cells it gives; an identity whose two sides can
/// no longer meet, whatever the rows still to choose give (each side's sum so far plus the least and the
/// most its remaining cells can add), will fail, and counts as failed at once. That is what makes tables of
/// many open rows searchable: the total row bounds its parts.
struct CombinationSearch {
    /// One row's candidate readings, as values by column position, one for every column (nil: unknown; an
    /// empty cell is 0 here).
    struct Row {
        var key: String?
        var candidates: [[Double?]]
    }

    /// Search steps at most; beyond it the search gives up and every candidate stays.
    var stepLimit = 2_000_000

    private struct Term {
        var row: Int
        var column: Int
    }

    private struct Identity {
        var left: [Term]
        var right: [Term]
    }

    /// For each row, the indices of the candidates some best combination uses; nil when the search ran out
    /// of steps (then no candidate may be dropped).
    static func survivors(_ rows: [Row], columns: [String?], instances: [IdentityChecker.Instance],
                          stepLimit: Int = 2_000_000) throws -> [Set<Int>]? {
        var search = CombinationSearch(stepLimit: stepLimit)
        return try search.run(rows, columns: columns, instances: instances)
    }

    private mutating func run(_ rows: [Row], columns: [String?], instances: [IdentityChecker.Instance]) throws -> [Set<Int>]? {
        guard rows.allSatisfy({ $0.candidates.allSatisfy { $0.count == columns.count } }) else { return nil }
        var rowIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() where !row.candidates.isEmpty {
            if let key = row.key { rowIndex[key] = index }
        }
        var columnIndex: [String: Int] = [:]
        for (index, column) in columns.enumerated() { if let column { columnIndex[column] = index } }
        // Identities with a cell of a row not read are never evaluated: they score every combination alike.
        func term(_ cell: (row: String, column: String)) -> Term? {
            guard let row = rowIndex[cell.row], let column = columnIndex[cell.column] else { return nil }
            return Term(row: row, column: column)
        }
        var identities: [Identity] = []
        for instance in instances {
            let left = instance.left.compactMap(term), right = instance.right.compactMap(term)
            guard left.count == instance.left.count, right.count == instance.right.count else { continue }
            identities.append(Identity(left: left, right: right))
        }
        // Rows with one candidate are given first; then the open rows, totals (alone on a side) first, fewest
        // candidates first: the sums they set prune their parts.
        let open = rows.indices.filter { rows[$0].candidates.count > 1 }
        guard !open.isEmpty else { return rows.map { Set($0.candidates.indices) } }
        let totals = Set(identities.flatMap { identity in
            [identity.left, identity.right].filter { $0.count == 1 }.map { $0[0].row }
        })
        let order = rows.indices.filter { rows[$0].candidates.count == 1 }
            + open.sorted { (totals.contains($0) ? 0 : 1, rows[$0].candidates.count, $0) < (totals.contains($1) ? 0 : 1, rows[$1].candidates.count, $1) }
        // What each row gives each identity it is part of, and the least and most it can give (unknown: 0).
        var touching = [[(identity: Int, column: Int, left: Bool, least: Double, most: Double)]](repeating: [], count: rows.count)
        for (index, identity) in identities.enumerated() {
            for (terms, isLeft) in [(identity.left, true), (identity.right, false)] {
                for term in terms {
                    let values = rows[term.row].candidates.map { $0[term.column] ?? 0 }
                    touching[term.row].append((index, term.column, isLeft, values.min() ?? 0, values.max() ?? 0))
                }
            }
        }

        // The state of each identity under the partial combination.
        var remaining = identities.map { $0.left.count + $0.right.count }
        var leftSum = [Double](repeating: 0, count: identities.count), rightSum = leftSum
        // The least and the most the unchosen cells of each side can still add.
        var leftLeast = leftSum, leftMost = leftSum, rightLeast = leftSum, rightMost = leftSum
        for touches in touching {
            for touch in touches {
                if touch.left {
                    leftLeast[touch.identity] += touch.least
                    leftMost[touch.identity] += touch.most
                } else {
                    rightLeast[touch.identity] += touch.least
                    rightMost[touch.identity] += touch.most
                }
            }
        }
        var unknown = [Int](repeating: 0, count: identities.count)
        var doomed = [Bool](repeating: false, count: identities.count)
        var failed = 0, held = 0
        var best = (failed: Int.max, held: -1)
        var used = [Set<Int>](repeating: [], count: rows.count)
        var choice = [Int](repeating: 0, count: rows.count)
        var steps = 0
        var ticker = BudgetTicker(.reconstruct, every: 4096)
        var exhausted = false
        var allowed = 0

        func settle(_ identity: Int) -> (failed: Int, held: Int) {
            if doomed[identity] { return (0, 0) }
            if remaining[identity] == 0 {
                if unknown[identity] > 0 { return (0, 0) }
                return abs(leftSum[identity] - rightSum[identity]) < 1e-6 ? (0, 1) : (1, 0)
            }
            if unknown[identity] == 0,
               leftSum[identity] + leftMost[identity] < rightSum[identity] + rightLeast[identity] - 1e-6
                || rightSum[identity] + rightMost[identity] < leftSum[identity] + leftLeast[identity] - 1e-6 {
                doomed[identity] = true
                return (1, 0)
            }
            return (0, 0)
        }

        func visit(_ depth: Int) throws {
            if exhausted { return }
            steps += 1
            try ticker.tick()
            if steps > stepLimit {
                exhausted = true
                return
            }
            if depth == order.count {
                if failed < best.failed || (failed == best.failed && held > best.held) {
                    best = (failed, held)
                    used = [Set<Int>](repeating: [], count: rows.count)
                }
                if failed == best.failed, held == best.held {
                    for row in open { used[row].insert(choice[row]) }
                }
                return
            }
            let row = order[depth]
            for (candidate, values) in rows[row].candidates.enumerated() {
                let savedFailed = failed, savedHeld = held
                var newlyDoomed: [Int] = []
                for touch in touching[row] {
                    let value = values[touch.column]
                    remaining[touch.identity] -= 1
                    if touch.left {
                        leftLeast[touch.identity] -= touch.least
                        leftMost[touch.identity] -= touch.most
                    } else {
                        rightLeast[touch.identity] -= touch.least
                        rightMost[touch.identity] -= touch.most
                    }
                    if let value {
                        if touch.left { leftSum[touch.identity] += value } else { rightSum[touch.identity] += value }
                    } else {
                        unknown[touch.identity] += 1
                    }
                    let wasDoomed = doomed[touch.identity]
                    let outcome = settle(touch.identity)
                    if !wasDoomed, doomed[touch.identity] { newlyDoomed.append(touch.identity) }
                    failed += outcome.failed
                    held += outcome.held
                }
                choice[row] = candidate
                // Abandoned when it already breaks more identities than allowed, or than the best combination.
                if failed <= allowed, failed <= best.failed { try visit(depth + 1) }
                for touch in touching[row] {
                    let value = values[touch.column]
                    remaining[touch.identity] += 1
                    if touch.left {
                        leftLeast[touch.identity] += touch.least
                        leftMost[touch.identity] += touch.most
                    } else {
                        rightLeast[touch.identity] += touch.least
                        rightMost[touch.identity] += touch.most
                    }
                    if let value {
                        if touch.left { leftSum[touch.identity] -= value } else { rightSum[touch.identity] -= value }
                    } else {
                        unknown[touch.identity] -= 1
                    }
                }
                for identity in newlyDoomed { doomed[identity] = false }
                failed = savedFailed
                held = savedHeld
                if exhausted { return }
            }
        }
        // Combinations that break no identity first, then one, two, four…: a search allowed no failure
        // abandons a partial combination at its first broken identity.
        while true {
            try visit(0)
            if exhausted { return nil }
            if best.failed <= allowed { break }
            guard allowed < identities.count else { break }
            allowed = max(1, allowed * 2)
        }
        return rows.indices.map { open.contains($0) ? used[$0] : Set(rows[$0].candidates.indices) }
    }
}
