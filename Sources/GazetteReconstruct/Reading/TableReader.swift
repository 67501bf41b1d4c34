/// A stretch of tokens read as one table of the template, before its format is chosen.
struct TableInstance: Sendable {
    /// A label token and the values after it (a row), or values with no label before them.
    struct RawRow: Sendable {
        var label: Token?
        /// The label matched a row or group of the table; an unknown label is kept only if values follow it.
        var matched: Bool
        var values: [Token] = []
    }

    var key: String
    var section: Int
    var caption: Token?
    var headerTokens: [Token] = []
    var rows: [RawRow] = []
}

/// Walks a document's tokens and cuts out the tables of the template, in the text forms where a table is
/// flattened into lines: one cell per line, or a row's cells on its label's line.
///
/// A caption, the label header or a row label opens its table; a header label opens one only when no other
/// table uses it. Labels are matched within the open table first, so a repeated label (`总计`, `其他`) is read
/// in context. A table ends at the next table, at the end of its section, or at prose.
struct TableReader {
    let matcher: LabelMatcher
    /// An unmatched label this long, once a table has rows, is prose: the table has ended.
    var proseLength = 24

    func read(_ tokens: [Token]) -> [TableInstance] {
        var tables: [TableInstance] = []
        var current: TableInstance?
        func close() {
            if let table = current, !table.rows.isEmpty || !table.headerTokens.isEmpty { tables.append(table) }
            current = nil
        }
        for token in tokens {
            if let table = current, token.section != table.section { close() }
            guard case .label(let key) = token.kind else {
                if current != nil { addValue(token, to: &current!) }
                continue
            }
            let matches = matcher.matches(key)
            if var table = current, let match = matches.first(where: { $0.entry.table == table.key }),
               !(match.entry.role == .caption && !table.rows.isEmpty) {
                apply(match, token, to: &table)
                current = table
                continue
            }
            if let opener = matches.first(where: opens) {
                close()
                var table = TableInstance(key: opener.entry.table, section: token.section)
                apply(opener, token, to: &table)
                current = table
                continue
            }
            guard var table = current else { continue }
            if !table.rows.isEmpty, token.text.count >= proseLength {
                close()
            } else {
                // An unknown label: a row if values follow it, else it is dropped when the next label comes.
                table.rows.append(TableInstance.RawRow(label: token, matched: false))
                current = table
            }
        }
        close()
        return tables.map(Self.withoutEmptyUnknownRows)
    }

    private func opens(_ match: LabelMatcher.Match) -> Bool {
        switch match.entry.role {
        case .caption, .labelHeader, .row: return true
        case .header: return match.entry.unique && match.score >= 0.99
        }
    }

    private func apply(_ match: LabelMatcher.Match, _ token: Token, to table: inout TableInstance) {
        switch match.entry.role {
        case .caption: table.caption = token
        case .labelHeader, .header: table.headerTokens.append(token)
        case .row: table.rows.append(TableInstance.RawRow(label: token, matched: true))
        }
    }

    private func addValue(_ token: Token, to table: inout TableInstance) {
        if table.rows.isEmpty { table.rows.append(TableInstance.RawRow(label: nil, matched: false)) }
        table.rows[table.rows.count - 1].values.append(token)
    }

    /// Unknown labels that no values followed were not rows (notes, stray lines): they stay in the prose.
    private static func withoutEmptyUnknownRows(_ table: TableInstance) -> TableInstance {
        var table = table
        table.rows.removeAll { !$0.matched && $0.label != nil && $0.values.isEmpty }
        return table
    }
}
