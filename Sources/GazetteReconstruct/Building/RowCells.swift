/// The cells of a row read from the document, once the table's width is known: its values, and the empty
/// cells its layout shows (``CellSpacing``).
///
/// The layout is trusted where it accounts for the row's width: the gaps it explains hold what it shows, and
/// the width fills the one gap it cannot explain (often the last, before the next section). Where it does not
/// (several gaps it cannot explain, or a row that comes out too wide or too narrow), the empty cells are left
/// open, first only in the gaps the layout cannot explain, then in every gap with room for them: ``RowReadings`` enumerates the
/// placements that fill the width and ``ReadingSelection`` keeps those the identities allow, flagging the
/// cells that still differ. A placement the layout does not settle alone also comes with every placement of
/// the row's empty cells, read when it breaks the row's identities. A placement is never taken by habit.
enum RowCells {
    /// How sure the placement of the row's empty cells is.
    enum Placement: Equatable {
        /// No empty cells, or where the layout shows them.
        case layout
        /// Left open in some gaps: the readings decide.
        case open
    }

    /// A row's cells as planned: the placement the layout and the width give, and, where they leave room for
    /// doubt, every placement, for when the first breaks the row's identities.
    struct Cells {
        var tokens: [Token]
        var placement: Placement
        /// Every placement of the row's empty cells in the gaps with room for them (optional blanks); nil when
        /// the layout alone settles the row, or the row has a single value.
        var fallback: [Token]?
    }

    /// The row's cells for a table `width` columns wide; optional blanks where the placement is open.
    static func cells(of row: TableInstance.RawRow, width: Int) -> Cells {
        guard let slots = row.blankSlots, slots.count == row.values.count + 1 else {
            return Cells(tokens: row.values, placement: .layout)
        }
        let values = row.values.count
        let known = slots.reduce(0) { $0 + ($1.likely ?? 0) }
        let unexplained = slots.indices.filter { slots[$0].likely == nil }
        let needed = width - values - known
        if unexplained.isEmpty, needed == 0 {
            return Cells(tokens: expand(row, slots, width: width) { ($0.likely ?? 0, 0) }, placement: .layout)
        }
        // Not settled by the layout alone. In a single-spaced copy a stray blank line is an empty cell to the
        // layout: the row may also read with its empty cells in any gap with room for them (not a row of one
        // value, which may be digits run together, cut to fill the row).
        let room = slots.reduce(0) { $0 + $1.most }
        let anywhere = values >= 2 && values <= width && width <= values + room
            ? expand(row, slots, width: width) { (0, $0.most) } : nil
        if needed >= 0 {
            // The gaps the layout explains hold what it shows; the width tells what the others hold when one gap
            // is left, or when nothing is left over; else they are open.
            if unexplained.count == 1, needed <= slots[unexplained[0]].most {
                return Cells(tokens: expand(row, slots, width: width) { ($0.likely ?? needed, 0) }, placement: .layout,
                             fallback: anywhere)
            }
            if unexplained.count > 1, needed == 0 {
                return Cells(tokens: expand(row, slots, width: width) { ($0.likely ?? 0, 0) }, placement: .layout,
                             fallback: anywhere)
            }
            if unexplained.count > 1, needed <= unexplained.reduce(0, { $0 + slots[$1].most }) {
                return Cells(tokens: expand(row, slots, width: width) { slot in slot.likely.map { ($0, 0) } ?? (0, slot.most) },
                             placement: .open, fallback: anywhere)
            }
        }
        // The layout is wrong about this row.
        if let anywhere { return Cells(tokens: anywhere, placement: .open) }
        if values == 1 { return Cells(tokens: row.values, placement: .layout) }
        // The row cannot fill the width however its gaps are read: the layout's reading, for the row-width warning.
        return Cells(tokens: expand(row, slots, width: width) { slot in (slot.likely ?? 0, 0) }, placement: .layout)
    }

    /// The values with, in each slot, `fixed` blanks followed by `optional` ones.
    /// Never more optional blanks in a slot than the row has columns.
    private static func expand(_ row: TableInstance.RawRow, _ slots: [BlankSlot], width: Int,
                               counts: (BlankSlot) -> (fixed: Int, optional: Int)) -> [Token] {
        var tokens: [Token] = []
        let section = row.values[0].section
        for (index, slot) in slots.enumerated() {
            let (fixed, room) = counts(slot)
            let optional = min(room, width)
            for blank in 0..<(fixed + optional) {
                tokens.append(.blank(line: slot.firstLine + blank * slot.step, section: section, optional: blank >= fixed))
            }
            if index < row.values.count { tokens.append(row.values[index]) }
        }
        return tokens
    }
}
