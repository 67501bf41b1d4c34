import Foundation
import GazetteCore

/// Empty cells of tables flattened one cell per line.
///
/// A text copy that puts each cell on a line of its own turns an empty cell into an empty line, and extract
/// keeps no empty lines: only the gap in the line numbers is left. Without it the values after an empty cell
/// move up into its column. So where two one-cell lines of a table section are further apart than the
/// document's usual step between such lines (1, or 2 in a copy that puts a blank line after every line),
/// each missing step is an empty cell: a blank value, unknown and never 0, on the empty line's number.
///
/// Only between one-cell lines (rows written as `规章 8 8 239`, and blank lines around them, are not cells),
/// and only next to a value. A gap between two labels is left alone: in a header it is a blank corner or
/// mere spacing, and between a table's title and its header, spacing; the one case it misses, a row with no
/// value at all, loses nothing the table could read (the row stays without values, as before).
struct EmptyCellLines {
    /// The usual distance between consecutive one-cell lines of a table section.
    let step: Int

    /// More missing steps than this in one gap is a break in the text, not a run of empty cells.
    static let mostEmptyCellsInARow = 12

    /// The step of `lines`, from the consecutive one-cell lines (`isCell`) of the same table section;
    /// nil for an HTML page (its line numbers are those of the markup) or when no two such lines follow.
    init?(format: DocumentText.Format, lines: [TextLine], isCell: (Int) -> Bool, section: (Int) -> Int?) {
        guard format == .text else { return nil }
        var smallest = Int.max
        for index in lines.indices.dropFirst() where isCell(index) && isCell(index - 1) {
            guard let current = section(index), current == section(index - 1) else { continue }
            smallest = min(smallest, lines[index].line - lines[index - 1].line)
        }
        guard smallest != Int.max, smallest >= 1 else { return nil }
        step = smallest
    }

    /// The line numbers of the empty cells between a one-cell line at `previous` and one at `next`, when
    /// the line before or the line after is a value; none otherwise.
    func emptyLines(after previous: Int, before next: Int, nextToValue: Bool) -> [Int] {
        let gap = next - previous
        guard nextToValue, gap > step, gap % step == 0 else { return [] }
        let missing = gap / step - 1
        guard missing <= Self.mostEmptyCellsInARow else { return [] }
        return (1...missing).map { previous + $0 * step }
    }
}
