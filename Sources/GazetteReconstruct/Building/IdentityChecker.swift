import GazetteCore

/// Evaluates a table's accounting identities over the cells read.
///
/// Terms are expanded against the format's keys, not just the rows read, so a missing row makes the check
/// "not evaluated" instead of quietly summing fewer terms. A blank or placeholder cell does the same.
/// Published numbers that break an identity are reported, never repaired.
struct IdentityChecker: Sendable {
    private let rowKeys: [String]
    private let columnKeys: [String]
    /// The identities with their `*` terms expanded, once per checker: choosing among readings of run-together
    /// digits checks thousands of combinations with one checker.
    let identities: [(rule: String, forEach: IdentityTemplate.Axis, left: [String], right: [String])]

    // The same identities over indices, for ``check(_:)`` and ``keepsRowIdentities(key:values:)``, which run for
    // every table and every reading of a row: a grid of values by row and column index, no dictionary of
    // dictionaries keyed by strings.
    /// Row indices: the template's row keys, then any other row key a term names (never read, so always missing).
    private let rowIndex: [String: Int]
    /// Column indices: the columns' keys in order, then any other column key a term names.
    private let columnIndex: [String: Int]
    /// For each identity, its terms as indices: rows for an identity down the columns, columns for one along
    /// the rows.
    private let indexedTerms: [(left: [Int], right: [Int])]
    /// `columnKeys`' indices, and `rowKeys`'.
    private let columnKeyIndices: [Int]
    private let rowKeyIndices: [Int]
    /// Each column of the template by position: its key, and that key's index (nil for a column without one).
    private let columnKeyByPosition: [String?]
    private let columnIndexByPosition: [Int?]

    /// Built once per template, when it is read (``TableTemplate/checker``).
    init(rows: [RowTemplate], columns: [HeaderTemplate], identities: [IdentityTemplate]) {
        let rowKeys = rows.compactMap(\.key)
        let columnKeys = columns.compactMap(\.column)
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        let expanded = identities.map { identity in
            let keys = identity.forEach == .column ? rowKeys : columnKeys
            return (rule: identity.rule, forEach: identity.forEach, left: Self.expand(identity.left, over: keys),
                    right: Self.expand(identity.right, over: keys))
        }
        self.identities = expanded
        var rowIndex: [String: Int] = [:], columnIndex: [String: Int] = [:]
        func index(_ key: String, in table: inout [String: Int]) -> Int {
            if let known = table[key] { return known }
            table[key] = table.count
            return table.count - 1
        }
        rowKeyIndices = rowKeys.map { index($0, in: &rowIndex) }
        columnKeyIndices = columnKeys.map { index($0, in: &columnIndex) }
        columnKeyByPosition = columns.map(\.column)
        columnIndexByPosition = columns.map { $0.column.map { index($0, in: &columnIndex) } }
        indexedTerms = expanded.map { identity in
            identity.forEach == .column
                ? (identity.left.map { index($0, in: &rowIndex) }, identity.right.map { index($0, in: &rowIndex) })
                : (identity.left.map { index($0, in: &columnIndex) }, identity.right.map { index($0, in: &columnIndex) })
        }
        self.rowIndex = rowIndex
        self.columnIndex = columnIndex
    }

    /// The checks of a table as read. A cell flagged ambiguous is unknown here: its value is one reading among
    /// several, and a check on it would report what a choice did, not what was published. A missing or nil
    /// value leaves a check unevaluated.
    func check(_ rows: [Report.Row]) -> [Report.Check] {
        let width = columnIndex.count
        var grid = [Double?](repeating: nil, count: rowIndex.count * width)
        // Rows with a cell in some column: the identities along a row are evaluated for these.
        var hasCells = [Bool](repeating: false, count: rowIndex.count)
        for row in rows {
            guard let key = row.key, let rowAt = rowIndex[key] else { continue }
            for (position, cell) in row.cells.enumerated() {
                guard let column = cell.column else { continue }
                hasCells[rowAt] = true
                // Cells come in the template's column order: the key at their position is theirs (compared by
                // identity of storage, mostly), with no hashing.
                let columnAt = position < columnKeyByPosition.count && columnKeyByPosition[position] == column
                    ? columnIndexByPosition[position] : columnIndex[column]
                guard let columnAt else { continue }
                grid[rowAt * width + columnAt] = cell.flag == .ambiguous ? nil : cell.value
            }
        }
        var checks: [Report.Check] = []
        for (number, identity) in identities.enumerated() {
            let terms = indexedTerms[number]
            switch identity.forEach {
            case .column:
                for (column, columnAt) in zip(columnKeys, columnKeyIndices) {
                    checks.append(Self.evaluate(identity, terms, value: { grid[$0 * width + columnAt] }, column: column, row: nil,
                                                name: { "\($0).\(column)" }))
                }
            case .row:
                for (row, rowAt) in zip(rowKeys, rowKeyIndices) where hasCells[rowAt] {
                    checks.append(Self.evaluate(identity, terms, value: { grid[rowAt * width + $0] }, column: nil, row: row,
                                                name: { "\(row).\($0)" }))
                }
            }
        }
        return checks
    }

    /// Whether values by column position (nil unknown), read for row `key`, break none of the identities along
    /// a row: an identity with an unknown term breaks nothing. Asked for every reading of every row.
    func keepsRowIdentities(key: String, values: [Double?]) -> Bool {
        guard let rowAt = rowIndex[key], rowKeyIndices.contains(rowAt) else { return true }
        var byColumn = [Double?](repeating: nil, count: columnIndex.count)
        for (position, value) in values.enumerated() where position < columnIndexByPosition.count {
            if let columnAt = columnIndexByPosition[position] { byColumn[columnAt] = value }
        }
        for (number, identity) in identities.enumerated() where identity.forEach == .row {
            let terms = indexedTerms[number]
            if let left = Self.sum(terms.left, { byColumn[$0] }), let right = Self.sum(terms.right, { byColumn[$0] }),
               !(abs(left - right) < 1e-6) {
                return false
            }
        }
        return true
    }

    /// The sum of the terms' values, in term order; nil when one is unknown.
    @inline(__always)
    private static func sum(_ terms: [Int], _ value: (Int) -> Double?) -> Double? {
        var total = 0.0
        for term in terms {
            guard let known = value(term) else { return nil }
            total += known
        }
        return total
    }

    /// One check of `identity` (its `terms` as indices): evaluated when every term is known; else unevaluated,
    /// naming the unknown terms, left then right, each by `name` of its key.
    private static func evaluate(_ identity: (rule: String, forEach: IdentityTemplate.Axis, left: [String], right: [String]),
                                 _ terms: (left: [Int], right: [Int]), value: (Int) -> Double?,
                                 column: String?, row: String?, name: (String) -> String) -> Report.Check {
        let rule = identity.rule
        if let left = sum(terms.left, value), let right = sum(terms.right, value) {
            return Report.Check(rule: rule, column: column, row: row, ok: abs(left - right) < 1e-6, left: left, right: right)
        }
        var missing: [String] = []
        for (index, key) in zip(terms.left, identity.left) where value(index) == nil { missing.append(name(key)) }
        for (index, key) in zip(terms.right, identity.right) where value(index) == nil { missing.append(name(key)) }
        return Report.Check(rule: rule, column: column, row: row, ok: nil, left: nil, right: nil, missing: missing)
    }

    /// One evaluation of an identity: its cells on each side, by row key and column key.
    struct Instance {
        var rule: String
        var left: [(row: String, column: String)]
        var right: [(row: String, column: String)]
    }

    /// Every evaluation of the identities over `axis`: one per column (or row) they apply to.
    func instances(axis: IdentityTemplate.Axis) -> [Instance] {
        identities.filter { $0.forEach == axis }.flatMap { identity in
            switch identity.forEach {
            case .column:
                columnKeys.map { column in
                    Instance(rule: identity.rule, left: identity.left.map { ($0, column) }, right: identity.right.map { ($0, column) })
                }
            case .row:
                rowKeys.map { row in
                    Instance(rule: identity.rule, left: identity.left.map { (row, $0) }, right: identity.right.map { (row, $0) })
                }
            }
        }
    }

    /// For readings of row `key` made from the right (``RowReadings/droppingBlanks``): whether the cells
    /// decided so far can still keep the row's identities that set one cell (a total) against cells left of it
    /// (its parts, counts that are never negative): once the total is placed, parts that sum past it, or that
    /// are all placed and miss it, end the reading.
    func partialBound(row key: String, columns: [HeaderTemplate]) -> RowReadings.PartialBound {
        var positions: [String: Int] = [:]
        for (index, column) in columns.enumerated() { if let column = column.column { positions[column] = index } }
        let sums: [(total: Int, parts: [Int])] = instances(axis: .row).compactMap { instance in
            guard instance.left.first?.row == key else { return nil }
            let left = instance.left.compactMap { positions[$0.column] }, right = instance.right.compactMap { positions[$0.column] }
            guard left.count == instance.left.count, right.count == instance.right.count else { return nil }
            if left.count == 1, right.allSatisfy({ $0 < left[0] }) { return (left[0], right) }
            if right.count == 1, left.allSatisfy({ $0 < right[0] }) { return (right[0], left) }
            return nil
        }
        guard !sums.isEmpty else { return { _, _ in true } }
        return { values, column in
            for sum in sums where sum.total >= column {
                guard let total = values[sum.total] else { continue }
                var partial = 0.0
                var complete = true
                for part in sum.parts {
                    if part < column { complete = false; continue }
                    guard let value = values[part] else { complete = false; partial = -.infinity; break }
                    partial += value
                }
                if partial > total + 1e-6 || (complete && abs(partial - total) > 1e-6) { return false }
            }
            return true
        }
    }

    /// `outcome.withheld.*` stands for every key that starts with `outcome.withheld.`.
    private static func expand(_ terms: [String], over keys: [String]) -> [String] {
        terms.flatMap { term in
            term.hasSuffix("*") ? keys.filter { $0.hasPrefix(String(term.dropLast())) } : [term]
        }
    }
}
