/// The layout of a text copy that writes its tables one cell per line, and the empty cells it shows.
///
/// Such a copy turns an empty cell into an empty line, and extract keeps no empty lines: only the gap in the
/// line numbers is left. But crawlers also space their lines: a blank line or two after every cell, more
/// after every row, often something else again around the prose. So a gap is read against the layout of
/// the document's own tables: the step from one cell of a row to the next (the gap that the gaps inside
/// rows are multiples of), and the step from a row's last cell to the next row's label (the commonest such
/// gap). A gap of the usual size is layout, each further step an empty cell. A gap the layout does not
/// explain is left open: the row's width and the template's identities decide (``BlankSlot``).
struct CellSpacing: Equatable, Sendable {
    /// Lines from one cell of a row to the next.
    var cell: Int
    /// Lines from a row's last cell to the next row's label.
    var row: Int

    /// More empty cells than this in a gap the layout explains is a break in the text, not a run of empty cells.
    static let mostEmptyCellsInARow = 12
    /// The room of a gap whose end is unknown (the row is the last before another section): wider than any
    /// table of the template.
    static let unboundedRoom = 64
    /// The share of the gaps inside rows that the cell step must divide.
    static let regularShare = 0.75

    /// Whether the layout puts anything but single line breaks between cells: worth telling the user.
    var isSpaced: Bool { cell > 1 || row != cell }

    /// The layout of the tables read, from their rows written one cell per line; nil when no row is.
    static func learn(from instances: [TableInstance]) -> CellSpacing? {
        var inRow: [Int] = [], rowEnds: [Int] = []
        for instance in instances {
            for (index, row) in instance.rows.enumerated() where isOneCellPerLine(row) {
                if let label = row.label, let gap = gap(from: label, to: row.values[0]) { inRow.append(gap) }
                for (previous, next) in zip(row.values, row.values.dropFirst()) {
                    if let gap = gap(from: previous, to: next) { inRow.append(gap) }
                }
                if index + 1 < instance.rows.count, let next = instance.rows[index + 1].label,
                   let gap = gap(from: row.values[row.values.count - 1], to: next) {
                    rowEnds.append(gap)
                }
            }
        }
        guard !inRow.isEmpty else { return nil }
        // The largest step that divides most gaps inside rows: a longer gap is a multiple of it (empty cells).
        let candidates = Set(inRow).sorted(by: >)
        let cell = candidates.first { step in
            Double(inRow.filter { $0 % step == 0 }.count) >= regularShare * Double(inRow.count)
        } ?? 1
        // The commonest row gap (the smaller on a tie): a longer one after a row holds its trailing empty cells.
        var counts: [Int: Int] = [:]
        for gap in rowEnds { counts[gap, default: 0] += 1 }
        let row = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? cell
        return CellSpacing(cell: cell, row: row)
    }

    /// The instances with a ``BlankSlot`` before, between and after the values of each row written one cell
    /// per line.
    func placingSlots(in instances: [TableInstance]) -> [TableInstance] {
        instances.map { instance in
            var instance = instance
            for index in instance.rows.indices {
                let next = index + 1 < instance.rows.count ? instance.rows[index + 1].label : nil
                if Self.isOneCellPerLine(instance.rows[index]) {
                    instance.rows[index].blankSlots = slots(of: instance.rows[index], nextLabel: next)
                } else if instance.rows[index].values.isEmpty, let label = instance.rows[index].label, let next {
                    // A label's gap to the next row is a row end's: the empty cells a row end shows.
                    instance.rows[index].emptyCellsShown = Self.gap(from: label, to: next).flatMap { rowEnd($0, endingAt: next.line).likely }
                }
            }
            return instance
        }
    }

    /// The slots of a row written one cell per line. Only gaps inside the row and between two rows of its
    /// table have a regular size; the gap from a header to an unlabelled row, or from a table's last row to
    /// what follows, is left to the row's width (and the identities).
    private func slots(of row: TableInstance.RawRow, nextLabel: Token?) -> [BlankSlot] {
        let values = row.values
        var slots: [BlankSlot] = []
        slots.reserveCapacity(values.count + 1)
        let first = values[0]
        if let label = row.label {
            slots.append(Self.gap(from: label, to: first).map { inRow($0, endingAt: first.line) } ?? .none(line: first.line))
        } else {
            slots.append(first.gapBefore > 0 ? unexplained(first.gapBefore, endingAt: first.line) : .none(line: first.line))
        }
        for (previous, next) in zip(values, values.dropFirst()) {
            slots.append(Self.gap(from: previous, to: next).map { inRow($0, endingAt: next.line) } ?? .none(line: next.line))
        }
        let last = values[values.count - 1]
        if let nextLabel, let gap = Self.gap(from: last, to: nextLabel) {
            slots.append(rowEnd(gap, endingAt: nextLabel.line))
        } else {
            let gap = last.gapAfter > 0 ? last.gapAfter : Self.unboundedRoom + 1
            slots.append(unexplained(gap, endingAt: last.line + gap))
        }
        return slots
    }

    /// A gap of `gap` lines inside a row, ending at the value on `line`.
    private func inRow(_ gap: Int, endingAt line: Int) -> BlankSlot {
        let likely = gap % cell == 0 ? gap / cell - 1 : nil
        return BlankSlot(likely: likely.flatMap { $0 <= Self.mostEmptyCellsInARow ? $0 : nil },
                         most: gap - 1, firstLine: line - gap + cell, step: cell)
    }

    /// A gap of `gap` lines from the end of a row (or of a header) to what follows it on `line`.
    private func rowEnd(_ gap: Int, endingAt line: Int) -> BlankSlot {
        let likely = gap >= row && (gap - row) % cell == 0 ? (gap - row) / cell : nil
        return BlankSlot(likely: likely.flatMap { $0 <= Self.mostEmptyCellsInARow ? $0 : nil },
                         most: gap - 1, firstLine: line - gap + cell, step: cell)
    }

    /// A gap whose regular size the layout does not know.
    private func unexplained(_ gap: Int, endingAt line: Int) -> BlankSlot {
        BlankSlot(likely: nil, most: gap - 1, firstLine: line - gap + cell, step: cell)
    }

    /// The lines from one token to the next, when they follow each other alone on their lines.
    private static func gap(from previous: Token, to next: Token) -> Int? {
        guard previous.gapAfter > 0, previous.gapAfter == next.gapBefore,
              next.line - next.gapBefore >= previous.line else { return nil }
        return next.gapBefore
    }

    /// A row whose values are alone on their lines, each right after the one before.
    private static func isOneCellPerLine(_ row: TableInstance.RawRow) -> Bool {
        guard let first = row.values.first, row.values.allSatisfy({ $0.source == nil && !$0.isOptionalBlank }) else { return false }
        if row.values.count == 1 { return first.gapBefore > 0 || first.gapAfter > 0 }
        return zip(row.values, row.values.dropFirst()).allSatisfy { gap(from: $0, to: $1) != nil }
    }
}

/// Where a row written one cell per line may hold empty cells: before its first value, between two values,
/// or after its last.
struct BlankSlot: Equatable, Sendable {
    /// The empty cells the layout shows here; nil when the gap does not fit the layout.
    var likely: Int?
    /// The most empty cells the gap has room for (each takes a line at least).
    var most: Int
    /// The line of the first empty cell here, and the lines from one to the next.
    var firstLine: Int
    var step: Int

    /// No room for an empty cell (the value's neighbour is not alone on its line).
    static func none(line: Int) -> BlankSlot { BlankSlot(likely: 0, most: 0, firstLine: line, step: 1) }
}
