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

    /// Built once per template, when it is read (``TableTemplate/checker``).
    init(rows: [RowTemplate], columns: [HeaderTemplate], identities: [IdentityTemplate]) {
        let rowKeys = rows.compactMap(\.key)
        let columnKeys = columns.compactMap(\.column)
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.identities = identities.map { identity in
            let keys = identity.forEach == .column ? rowKeys : columnKeys
            return (identity.rule, identity.forEach, Self.expand(identity.left, over: keys), Self.expand(identity.right, over: keys))
        }
    }

    /// The checks of a table as read. A cell flagged ambiguous is unknown here: its value is one reading among
    /// several, and a check on it would report what a choice did, not what was published.
    func check(_ rows: [Report.Row]) -> [Report.Check] {
        var values: [String: [String: Double?]] = [:]
        for row in rows {
            guard let key = row.key else { continue }
            for cell in row.cells {
                if let column = cell.column { values[key, default: [:]][column] = .some(cell.flag == .ambiguous ? nil : cell.value) }
            }
        }
        return check(values)
    }

    /// The checks over values by row key and column key; a missing or nil value leaves a check unevaluated.
    func check(_ values: [String: [String: Double?]], axis: IdentityTemplate.Axis? = nil) -> [Report.Check] {
        var checks: [Report.Check] = []
        for identity in identities where axis == nil || identity.forEach == axis {
            switch identity.forEach {
            case .column:
                for column in columnKeys {
                    checks.append(evaluate(identity.rule, left: identity.left.map { ($0, column) },
                                           right: identity.right.map { ($0, column) }, values: values, column: column, row: nil))
                }
            case .row:
                for row in rowKeys where values[row] != nil {
                    checks.append(evaluate(identity.rule, left: identity.left.map { (row, $0) },
                                           right: identity.right.map { (row, $0) }, values: values, column: nil, row: row))
                }
            }
        }
        return checks
    }

    private func evaluate(_ rule: String, left: [(String, String)], right: [(String, String)],
                          values: [String: [String: Double?]], column: String?, row: String?) -> Report.Check {
        var missing: [String] = []
        func sum(_ terms: [(String, String)]) -> Double {
            terms.reduce(0) { total, term in
                guard let value = values[term.0]?[term.1] ?? nil else {
                    missing.append("\(term.0).\(term.1)")
                    return total
                }
                return total + value
            }
        }
        let leftSum = sum(left), rightSum = sum(right)
        if !missing.isEmpty {
            return Report.Check(rule: rule, column: column, row: row, ok: nil, left: nil, right: nil, missing: missing)
        }
        return Report.Check(rule: rule, column: column, row: row, ok: abs(leftSum - rightSum) < 1e-6,
                            left: leftSum, right: rightSum)
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
