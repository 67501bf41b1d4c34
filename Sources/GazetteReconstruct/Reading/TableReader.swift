/// A stretch of tokens read as one table of the template, before its format is chosen.
struct TableInstance: Sendable {
    /// A label token and the values after it (a row), or values with no label before them.
    struct RawRow: Sendable {
        var label: Token?
        /// The label matched a row or group of the table; an unknown label is kept only if values follow it.
        var matched: Bool
        var values: [Token] = []
        /// Where empty cells may stand among the values, when the row is written one cell per line:
        /// `values.count + 1` slots (``CellSpacing``).
        var blankSlots: [BlankSlot]?

        /// The cells the row's layout shows: its values and the empty cells its gaps hold.
        var likelyCellCount: Int { values.count + (blankSlots?.reduce(0) { $0 + ($1.likely ?? 0) } ?? 0) }
    }

    var key: String
    var section: Int
    var caption: Token?
    var headerTokens: [Token] = []
    var rows: [RawRow] = []
    /// The rows of real tables this table was read from, in order: its grid is made of them.
    var gridRows: [GridRow] = []

    mutating func note(_ token: Token) {
        if let source = token.source, gridRows.last != source, !gridRows.contains(source) { gridRows.append(source) }
    }
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

    /// The tables read so far and the one open.
    private struct State {
        var tables: [TableInstance] = []
        var current: TableInstance?

        mutating func close() {
            if let table = current, !table.rows.isEmpty || !table.headerTokens.isEmpty { tables.append(table) }
            current = nil
        }
    }

    func read(_ tokens: [Token]) -> [TableInstance] {
        var state = State()
        // The last label that matched nothing, while no value has followed it: a header cell broken over two
        // lines (`本年新` / `制作数量`) matches once joined to the next piece.
        var unmatched: Token?
        for token in tokens {
            if let table = state.current, token.section != table.section { state.close() }
            guard case .label(let key) = token.kind else {
                unmatched = nil
                if state.current == nil, let key = unlabelledTable(in: token.section) {
                    // Numbers with no table open, in a section whose table has an unlabelled row (四): its header
                    // was unreadable (PDF text layers break it into vertical columns), its values are not.
                    state.current = TableInstance(key: key, section: token.section)
                }
                if state.current != nil { addValue(token, to: &state.current!) }
                continue
            }
            let matches = matcher.matches(key)
            // Two unmatched labels in a row may be one label torn in two; two lines of prose are not tried.
            if matches.isEmpty, let previous = unmatched,
               previous.text.utf8.count + token.text.utf8.count <= LabelKey.longestLabelBytes {
                let text = previous.text + token.text
                let joinedMatches = matcher.matches(LabelKey.cached(text))
                if !joinedMatches.isEmpty {
                    if let last = state.current?.rows.last, last.label?.text == previous.text, !last.matched {
                        state.current!.rows.removeLast()
                    }
                    unmatched = nil
                    let joined = previous.joined(with: token, key: LabelKey.cached(text))
                    place(joined, matches: joinedMatches, in: &state)
                    continue
                }
            }
            if matches.isEmpty, continuesRowLabel(with: token, in: &state) {
                unmatched = nil
                continue
            }
            unmatched = matches.isEmpty ? token : nil
            place(token, matches: matches, in: &state)
        }
        state.close()
        return state.tables.map(Self.withoutEmptyUnknownRows)
    }

    /// A row label wrapped over two lines whose first part already reads as its row (`（二）部分公开（区分处理的，只`
    /// / `计这一情形，不计其他情形）`): the rest, which matches nothing alone, joins the row's label when the two
    /// together read as the same row, instead of becoming an unknown row that takes the values.
    private func continuesRowLabel(with token: Token, in state: inout State) -> Bool {
        guard var table = state.current, let last = table.rows.last, last.matched, last.values.isEmpty,
              let label = last.label, label.section == token.section,
              label.text.utf8.count + token.text.utf8.count <= LabelKey.longestLabelBytes,
              case .label(let firstKey) = label.kind,
              let row = matcher.matches(firstKey).first(where: { $0.entry.table == table.key })?.entry.role,
              case .row(let rowKey?) = row else { return false }
        let text = label.text + token.text
        let key = LabelKey.cached(text)
        guard let joined = matcher.matches(key).first(where: { $0.entry.table == table.key }),
              joined.entry.role == .row(key: rowKey) else { return false }
        table.rows[table.rows.count - 1].label = label.joined(with: token, key: key)
        state.current = table
        return true
    }

    /// Places a label: in the open table when it belongs there, else opening the table it names, else as an
    /// unknown row of the open table (or the end of it, when it is prose).
    private func place(_ token: Token, matches: [LabelMatcher.Match], in state: inout State) {
        if var table = state.current, let match = matches.first(where: { $0.entry.table == table.key }),
           !(match.entry.role == .caption && !table.rows.isEmpty) {
            apply(match, token, to: &table)
            state.current = table
            return
        }
        if let opener = matches.first(where: opens) {
            state.close()
            var table = TableInstance(key: opener.entry.table, section: token.section)
            apply(opener, token, to: &table)
            state.current = table
            return
        }
        guard var table = state.current else { return }
        if !table.rows.isEmpty, token.text.count >= proseLength {
            state.close()
        } else {
            // An unknown label: a row if values follow it, else it is dropped when the next label comes.
            table.rows.append(TableInstance.RawRow(label: token, matched: false))
            table.note(token)
            state.current = table
        }
    }

    /// The template table of a section whose only data row has no label, if the section has one.
    private func unlabelledTable(in section: Int) -> String? {
        let keys = Set(matcher.library.formats.flatMap(\.tables)
            .filter { $0.section == section && $0.rows.contains(where: \.unlabelled) }.map(\.key))
        return keys.count == 1 ? keys.first : nil
    }

    private func opens(_ match: LabelMatcher.Match) -> Bool {
        switch match.entry.role {
        case .caption, .labelHeader, .row: return true
        case .header: return match.entry.unique && match.score >= 0.99
        }
    }

    private func apply(_ match: LabelMatcher.Match, _ token: Token, to table: inout TableInstance) {
        table.note(token)
        switch match.entry.role {
        case .caption: table.caption = token
        case .labelHeader, .header:
            // An unknown label with no values yet, followed by more of the header, was not a row (`单位：件`
            // amid the header): the values after the header are not its.
            if let last = table.rows.last, !last.matched, last.values.isEmpty { table.rows.removeLast() }
            table.headerTokens.append(token)
        case .row: table.rows.append(TableInstance.RawRow(label: token, matched: true))
        }
    }

    private func addValue(_ token: Token, to table: inout TableInstance) {
        table.note(token)
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
