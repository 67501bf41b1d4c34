import GazetteCore

/// Chooses one reading per row of run-together digits: each row's readings are first filtered by the
/// identities within a row (总计 = the six applicant columns), then the rows are chosen jointly so that the
/// identities down the columns hold (a small constraint search). Readings also differ in where a row's empty
/// cells stand, when its layout leaves that open (``RowCells``). What the identities cannot separate stays
/// ambiguous: every cell whose value differs between the surviving choices is flagged, with its alternatives.
struct ReadingSelection {
    struct Row {
        var key: String?
        var readings: [RowReadings.Reading]
        /// Readings for when none of `readings` keeps the row's identities (a placement of empty cells its
        /// layout did not settle alone).
        var fallback: [RowReadings.Reading] = []
    }

    struct Choice {
        /// The reading chosen for each row (the preferred among the survivors).
        var readings: [RowReadings.Reading]
        /// For each row and column, the distinct values the surviving choices give, when more than one
        /// (nil for an empty cell).
        var alternatives: [[[Double?]?]]
    }

    let template: TableTemplate
    /// Combinations of row readings tried at most; beyond it rows are chosen one by one.
    var combinationLimit = 200_000

    /// Throws only when the document's ``TimeBudget`` is spent.
    func choose(_ rows: [Row]) throws -> Choice {
        let checker = IdentityChecker(template: template)
        let columns = template.columns
        // 1. Within each row: keep the readings that break no identity of the row; order them by preference.
        var candidates: [[RowReadings.Reading]] = rows.map { row in
            guard let key = row.key, row.readings.count > 1 || !row.fallback.isEmpty else { return row.readings }
            func keepsIdentities(_ reading: RowReadings.Reading) -> Bool {
                !checker.check([key: values(of: reading, columns: columns)], axis: .row).contains { $0.ok == false }
            }
            var surviving = row.readings.filter(keepsIdentities)
            if surviving.isEmpty { surviving = row.fallback.filter(keepsIdentities) }
            guard row.readings.count > 1 || surviving.count > 1 || surviving.first.map({ $0 != row.readings.first }) == true else {
                return row.readings
            }
            // Each reading's preference computed once, not once per comparison.
            return (surviving.isEmpty ? row.readings : surviving).map { ($0, preference($0)) }
                .sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
        }
        // 2. Across rows: the combinations that break the fewest column identities, then hold the most.
        let open = candidates.indices.filter { candidates[$0].count > 1 }
        let combinations = open.reduce(1) { product, index in min(product * candidates[index].count, combinationLimit + 1) }
        var survivors: [[Int]] = []
        if !open.isEmpty, combinations <= combinationLimit {
            var best = (failed: Int.max, held: -1)
            var choice = [Int](repeating: 0, count: rows.count)
            var ticker = BudgetTicker(.reconstruct, every: 256)
            // Each reading's values by column, made once rather than once per combination it takes part in.
            let candidateValues = candidates.map { readings in readings.map { values(of: $0, columns: columns) } }
            func search(_ position: Int) throws {
                if position == open.count {
                    try ticker.tick()
                    var table: [String: [String: Double?]] = [:]
                    for (index, row) in rows.enumerated() {
                        guard let key = row.key, !candidates[index].isEmpty else { continue }
                        table[key] = candidateValues[index][choice[index]]
                    }
                    let checks = checker.check(table, axis: .column)
                    let score = (failed: checks.filter { $0.ok == false }.count, held: checks.filter { $0.ok == true }.count)
                    if score.failed < best.failed || (score.failed == best.failed && score.held > best.held) {
                        best = score
                        survivors = [choice]
                    } else if score == best {
                        survivors.append(choice)
                    }
                    return
                }
                for option in candidates[open[position]].indices {
                    choice[open[position]] = option
                    try search(position + 1)
                }
            }
            try search(0)
            // Keep, per row, only the readings some surviving combination uses.
            for index in open {
                let used = Set(survivors.map { $0[index] })
                candidates[index] = candidates[index].indices.filter(used.contains).map { candidates[index][$0] }
            }
        }
        let chosen = candidates.map { $0.first ?? [] }
        let alternatives = candidates.map { readings -> [[Double?]?] in
            guard readings.count > 1 else { return Array(repeating: nil, count: readings.first?.count ?? 0) }
            return (0..<readings[0].count).map { column in
                // An empty cell in one reading and a number in another differ too.
                var seen: [Double?] = []
                for reading in readings {
                    let part = reading[column]
                    guard part.value.value != nil || part.raw.isEmpty else { continue }
                    if !seen.contains(part.value.value) { seen.append(part.value.value) }
                }
                return seen.count > 1 ? seen : nil
            }
        }
        return Choice(readings: chosen, alternatives: alternatives)
    }

    /// The values a reading gives its columns, an empty cell counted as 0: readings that differ in where a
    /// row's empty cells stand are told apart only if a blank adds nothing to the sums it is part of, as in
    /// the published tables. Only the choice assumes it; the cell itself stays unknown.
    private func values(of reading: RowReadings.Reading, columns: [HeaderTemplate]) -> [String: Double?] {
        var values: [String: Double?] = [:]
        for (part, column) in zip(reading, columns) {
            if let key = column.column { values[key] = .some(part.value.value ?? (part.raw.isEmpty ? 0 : nil)) }
        }
        return values
    }

    /// Lower is preferred: zeros where the template expects them, then the most even cut (the shortest
    /// longest piece, then the smallest sum of squared lengths).
    private func preference(_ reading: RowReadings.Reading) -> [Int] {
        let columns = template.columns
        let zeroMisses = zip(reading, columns).filter { $0.1.preferZero && $0.0.value.value != 0 }.count
        let lengths = reading.map { $0.raw.filter(\.isNumber).count }
        return [zeroMisses, lengths.max() ?? 0, lengths.map { $0 * $0 }.reduce(0, +)]
    }
}
