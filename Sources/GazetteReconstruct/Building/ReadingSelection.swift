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

    /// Throws only when the document's ``TimeBudget`` is spent.
    func choose(_ rows: [Row]) throws -> Choice {
        let checker = template.checker
        let columns = template.columns
        // 1. Within each row: keep the readings that break no identity of the row; order them by preference.
        var candidates: [[RowReadings.Reading]] = rows.map { row in
            guard let key = row.key, row.readings.count > 1 || !row.fallback.isEmpty else { return row.readings }
            func keepsIdentities(_ reading: RowReadings.Reading) -> Bool {
                Self.keepsRowIdentities(reading, key: key, checker: checker)
            }
            var surviving = row.readings.filter(keepsIdentities)
            if surviving.isEmpty { surviving = row.fallback.filter(keepsIdentities) }
            guard row.readings.count > 1 || surviving.count > 1 || surviving.first.map({ $0 != row.readings.first }) == true else {
                return row.readings
            }
            // Each reading's preference computed once, not once per comparison.
            return (surviving.isEmpty ? row.readings : surviving).map { ($0, preference($0)) }
                .sorted { $0.1 < $1.1 }.map(\.0)
        }
        // 2. Across rows: the combinations that break the fewest column identities, then hold the most.
        if candidates.contains(where: { $0.count > 1 }) {
            let searchRows = rows.indices.map { index in
                CombinationSearch.Row(key: rows[index].key, candidates: candidates[index].map { vector(of: $0) })
            }
            if let used = try CombinationSearch.survivors(searchRows, columns: columns.map(\.column),
                                                          instances: checker.instances(axis: .column)) {
                for index in candidates.indices where candidates[index].count > 1 {
                    candidates[index] = candidates[index].indices.filter(used[index].contains).map { candidates[index][$0] }
                }
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

    /// A cell's value as the choice among readings sees it: an empty cell is 0 (a placeholder stays unknown).
    private static func choiceValue(_ part: RowReadings.Part) -> Double? {
        part.value.value ?? (part.raw.isEmpty ? 0 : nil)
    }

    /// Whether a reading of row `key` keeps the identities within the row. An empty cell counts as 0: readings
    /// that differ in where a row's empty cells stand are told apart only if a blank adds nothing to the sums it
    /// is part of, as in the published tables. Only the choice assumes it; the cell itself stays unknown.
    static func keepsRowIdentities(_ reading: RowReadings.Reading, key: String, checker: IdentityChecker) -> Bool {
        checker.keepsRowIdentities(key: key, values: reading.map(choiceValue))
    }

    /// A reading's values by column position, an empty cell counted as 0 (see ``keepsRowIdentities(_:key:checker:)``).
    /// A reading kept as read when it could not fill the row has fewer cells: the missing ones are unknown.
    private func vector(of reading: RowReadings.Reading) -> [Double?] {
        var values: [Double?] = []
        values.reserveCapacity(max(reading.count, template.columns.count))
        for part in reading { values.append(Self.choiceValue(part)) }
        while values.count < template.columns.count { values.append(nil) }
        return values
    }

    /// Lower is preferred: zeros where the template expects them, then the most even cut (the shortest
    /// longest piece, then the smallest sum of squared lengths). A piece's length counts its digits.
    private func preference(_ reading: RowReadings.Reading) -> (zeroMisses: Int, longest: Int, squares: Int) {
        var zeroMisses = 0, longest = 0, squares = 0
        for (part, column) in zip(reading, template.columns) where column.preferZero && part.value.value != 0 {
            zeroMisses += 1
        }
        for part in reading {
            let length = part.raw.numberCount
            longest = max(longest, length)
            squares += length * length
        }
        return (zeroMisses, longest, squares)
    }
}
