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
enum EmptyCellLines {
    /// A one-cell line of a table section that gave one token: the token's index, its line and section.
    struct Cell {
        var token: Int
        var line: Int
        var section: Int
    }

    /// More missing steps than this in one gap is a break in the text, not a run of empty cells.
    static let mostEmptyCellsInARow = 12

    /// `tokens` with a blank value for each empty line between two `cells` that follow each other (in the
    /// token stream and in one section). The step is the smallest distance between such cells; an HTML page
    /// has none (its line numbers are those of the markup).
    static func insertingBlanks(into tokens: [Token], cells: [Cell], format: DocumentText.Format) -> [Token] {
        guard format == .text else { return tokens }
        let pairs = zip(cells, cells.dropFirst()).filter { $1.token == $0.token + 1 && $1.section == $0.section }
        guard let step = pairs.map({ $1.line - $0.line }).min(), step >= 1 else { return tokens }
        var blanks: [Int: [Token]] = [:]
        for (previous, next) in pairs where tokens[previous.token].isValue || tokens[next.token].isValue {
            let gap = next.line - previous.line
            guard gap > step, gap % step == 0, gap / step - 1 <= mostEmptyCellsInARow else { continue }
            blanks[next.token] = (1..<(gap / step)).map {
                Token(kind: .value, text: "", line: previous.line + $0 * step, section: next.section)
            }
        }
        guard !blanks.isEmpty else { return tokens }
        var result: [Token] = []
        result.reserveCapacity(tokens.count + blanks.values.reduce(0) { $0 + $1.count })
        for (index, token) in tokens.enumerated() {
            if let inserted = blanks[index] { result += inserted }
            result.append(token)
        }
        return result
    }
}
