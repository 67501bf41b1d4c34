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
        /// For a label with no values in a table written one cell per line: the empty cells the gap after it
        /// holds by the layout (``CellSpacing``), nil when the layout does not explain that gap.
        var emptyCellsShown: Int?

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
    /// Some of its rows' labels or values are lines of text, not cells of a real table (a PDF copy lists its
    /// row labels as text and their values in a markdown table): its grid is its reading, not those rows.
    var rowsFromText = false

    mutating func note(_ token: Token) {
        if let source = token.source, gridRows.last != source, !gridRows.contains(source) { gridRows.append(source) }
    }

    /// Notes a token of a row (a label or a value): its table row, or that the row is text.
    mutating func noteRowToken(_ token: Token) {
        if token.source == nil { rowsFromText = true } else { note(token) }
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
        // The labels that matched nothing since the last value or match: a label broken over lines (`本年新` /
        // `制作数量`, `三、本年` / `度办` / `理结` / `果`) matches once its pieces are joined.
        var unmatched: [Token] = []
        for token in tokens {
            if let section = state.current?.section, token.section != section { state.close() }
            guard case .label(let key) = token.kind else {
                unmatched = []
                if state.current == nil, let key = unlabelledTable(in: token.section) {
                    // Numbers with no table open, in a section whose table has an unlabelled row (四): its header
                    // was unreadable (PDF text layers break it into vertical columns), its values are not.
                    state.current = TableInstance(key: key, section: token.section)
                }
                if state.current != nil { addValue(token, to: &state.current!) }
                continue
            }
            let matches = matcher.matches(key)
            if matches.isEmpty, joinsPieces(unmatched, with: token, in: &state) {
                unmatched = []
                continue
            }
            if continuesRowLabel(with: token, ownScore: matches.first?.score ?? 0, in: &state) {
                unmatched = []
                continue
            }
            if matches.isEmpty {
                unmatched.append(token)
                // Only pieces that could still be part of one label are kept: prose lines are long.
                var bytes = unmatched.reduce(0) { $0 + $1.text.utf8.count }
                while bytes > LabelKey.longestLabelBytes, !unmatched.isEmpty { bytes -= unmatched.removeFirst().text.utf8.count }
            } else {
                unmatched = []
            }
            place(token, matches: matches, in: &state)
        }
        state.close()
        return state.tables.map(Self.withoutEmptyUnknownRows)
    }

    /// Joins the last unmatched pieces (as many as make a label, the most first) with `token` when together they
    /// match; the pieces' unknown rows give way to the joined label. Two lines of prose are not tried.
    private func joinsPieces(_ pieces: [Token], with token: Token, in state: inout State) -> Bool {
        for start in pieces.indices {
            let joinedPieces = pieces[start...]
            guard joinedPieces.allSatisfy({ $0.section == token.section }),
                  joinedPieces.reduce(token.text.utf8.count, { $0 + $1.text.utf8.count }) <= LabelKey.longestLabelBytes
            else { continue }
            let text = joinedPieces.map(\.text).joined() + token.text
            let key = LabelKey.cached(text)
            let matches = matcher.matches(key)
            guard !matches.isEmpty else { continue }
            // Pieces placed as unknown rows of the open table, with no values yet, are the label's.
            for piece in joinedPieces.reversed() {
                if let last = state.current?.rows.last, !last.matched, last.values.isEmpty, last.label?.text == piece.text,
                   last.label?.line == piece.line {
                    state.current!.rows.removeLast()
                }
            }
            var joined = joinedPieces.first!
            for piece in joinedPieces.dropFirst() { joined = joined.joined(with: piece, key: key) }
            place(joined.joined(with: token, key: key), matches: matches, in: &state)
            return true
        }
        return false
    }

    /// A row (or group) label wrapped over two lines whose first part already reads as its row (`（二）部分公开（区分处理的，只`
    /// / `计这一情形，不计其他情形）`): the rest, which matches nothing alone, joins the row's label when the two
    /// together read as the same row, at least as well as the first part alone, instead of becoming an unknown
    /// row that takes the values. A piece with a numbering of its own starts a label (`二、上年结转…数量` / `三、本年`).
    /// A piece that reads as another label on its own joins only when the two together read better still
    /// (`4.无正当理由大量反` / `复申请`, which alone is nearly `重复申请`), scored by `ownScore`.
    private func continuesRowLabel(with token: Token, ownScore: Double, in state: inout State) -> Bool {
        // Asked for every label: the open table is read through `state.current`, not copied.
        guard let tableKey = state.current?.key, let last = state.current?.rows.last, last.matched, last.values.isEmpty,
              let label = last.label, label.section == token.section,
              case .label(let ownKey) = token.kind, ownKey.number == nil,
              label.text.utf8.count + token.text.utf8.count <= LabelKey.longestLabelBytes,
              case .label(let firstKey) = label.kind,
              let first = matcher.matches(firstKey).first(where: { $0.entry.table == tableKey }),
              case .row = first.entry.role else { return false }
        let text = label.text + token.text
        let key = LabelKey.cached(text)
        // The same row, or the same group (`三、本年度办理结` / `果`), read at least as well.
        guard let joined = matcher.matches(key).first(where: { $0.entry.table == tableKey }),
              joined.entry.role == first.entry.role, joined.entry.label == first.entry.label,
              joined.score >= first.score, joined.score > ownScore else { return false }
        state.current!.rows[state.current!.rows.count - 1].label = label.joined(with: token, key: key)
        return true
    }

    /// Places a label: in the open table when it belongs there, else opening the table it names, else as an
    /// unknown row of the open table (or the end of it, when it is prose).
    /// The open table is changed in place (`state.current!`): a copy of it, changed and put back, would copy its
    /// rows at every label.
    private func place(_ token: Token, matches: [LabelMatcher.Match], in state: inout State) {
        if let key = state.current?.key, let match = matches.first(where: { $0.entry.table == key }),
           !(match.entry.role == .caption && state.current?.rows.isEmpty == false) {
            apply(match, token, to: &state.current!)
            return
        }
        if let opener = matches.first(where: opens) {
            state.close()
            var table = TableInstance(key: opener.entry.table, section: token.section)
            apply(opener, token, to: &table)
            state.current = table
            return
        }
        guard let rows = state.current?.rows.count else { return }
        // Characters counted only when the bytes are enough: each takes one at least.
        if rows > 0, token.text.utf8.count >= proseLength, token.text.count >= proseLength {
            state.close()
        } else {
            // An unknown label: a row if values follow it, else it is dropped when the next label comes.
            state.current!.rows.append(TableInstance.RawRow(label: token, matched: false))
            state.current!.noteRowToken(token)
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
        case .row:
            if token.source == nil { table.rowsFromText = true }
            table.rows.append(TableInstance.RawRow(label: token, matched: true))
        }
    }

    private func addValue(_ token: Token, to table: inout TableInstance) {
        table.noteRowToken(token)
        if table.rows.isEmpty { table.rows.append(TableInstance.RawRow(label: nil, matched: false)) }
        let last = table.rows.count - 1
        // Room for a row of most template tables (1 to 7 columns; the appeals table has 15) at the first value,
        // not regrown at the second and fourth.
        if table.rows[last].values.isEmpty { table.rows[last].values.reserveCapacity(8) }
        table.rows[last].values.append(token)
    }

    /// Unknown labels that no values followed were not rows (notes, stray lines): they stay in the prose.
    private static func withoutEmptyUnknownRows(_ table: TableInstance) -> TableInstance {
        var table = table
        table.rows.removeAll { !$0.matched && $0.label != nil && $0.values.isEmpty }
        return table
    }
}
