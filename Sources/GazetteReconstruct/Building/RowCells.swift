/// The cells of a row read from the document, once the table's width is known: its values, and the empty
/// cells its layout shows (``CellSpacing``).
///
/// The layout is trusted where it accounts for the row's width: the gaps it explains hold what it shows, and
/// the width fills the one gap it cannot explain (often the last, before the next section). Where it does not
/// (several gaps it cannot explain, or a row that comes out too wide or too narrow), the empty cells are left
/// open, first only in the gaps the layout cannot explain, then in every gap with room for them: ``RowReadings`` enumerates the
/// placements that fill the width and ``ReadingSelection`` keeps those the identities allow, flagging the
/// cells that still differ. A placement is never taken by habit.
enum RowCells {
    /// How sure the placement of the row's empty cells is.
    enum Placement: Equatable {
        /// No empty cells, or where the layout shows them.
        case layout
        /// Left open in some gaps: the readings decide.
        case open
    }

    /// The row's cells for a table `width` columns wide; optional blanks where the placement is open.
    static func tokens(of row: TableInstance.RawRow, width: Int) -> (tokens: [Token], placement: Placement) {
        guard let slots = row.blankSlots, slots.count == row.values.count + 1 else { return (row.values, .layout) }
        let values = row.values.count
        let known = slots.reduce(0) { $0 + ($1.likely ?? 0) }
        let unexplained = slots.indices.filter { slots[$0].likely == nil }
        let needed = width - values - known
        if needed >= 0 {
            // The gaps the layout explains hold what it shows; the width tells what the others hold when one
            // gap is left, or when nothing is left over.
            if unexplained.isEmpty, needed == 0 { return (expand(row, slots) { ($0.likely ?? 0, 0) }, .layout) }
            if unexplained.count == 1, needed <= slots[unexplained[0]].most {
                return (expand(row, slots) { ($0.likely ?? needed, 0) }, .layout)
            }
            if unexplained.count > 1, needed == 0 { return (expand(row, slots) { ($0.likely ?? 0, 0) }, .layout) }
            if unexplained.count > 1, needed <= unexplained.reduce(0, { $0 + slots[$1].most }) {
                return (expand(row, slots) { slot in slot.likely.map { ($0, 0) } ?? (0, slot.most) }, .open)
            }
        }
        // The layout is wrong about this row: its empty cells may be in any gap with room for them.
        let room = slots.reduce(0) { $0 + $1.most }
        if values <= width, width <= values + room {
            return (expand(row, slots) { (0, $0.most) }, .open)
        }
        // The row cannot fill the width however its gaps are read: the layout's reading, for the row-width warning.
        return (expand(row, slots) { slot in (slot.likely ?? 0, 0) }, .layout)
    }

    /// The values with, in each slot, `fixed` blanks followed by `optional` ones.
    private static func expand(_ row: TableInstance.RawRow, _ slots: [BlankSlot],
                               counts: (BlankSlot) -> (fixed: Int, optional: Int)) -> [Token] {
        var tokens: [Token] = []
        let section = row.values[0].section
        for (index, slot) in slots.enumerated() {
            let (fixed, optional) = counts(slot)
            for blank in 0..<(fixed + optional) {
                tokens.append(.blank(line: slot.firstLine + blank * slot.step, section: section, optional: blank >= fixed))
            }
            if index < row.values.count { tokens.append(row.values[index]) }
        }
        return tokens
    }
}
