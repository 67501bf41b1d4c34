import GazetteCore

/// The readings of a row that prints only its non-empty cells (issue 18, form 1): copies of some provinces
/// write a 7-column row as `一、本年新收政府信息公开申请数量11`, its empty cells dropped, not written as 0. Any
/// cut of its digits into pieces, each piece in any column after the one before, the other columns empty:
/// `11` is 1 in one of the six applicant columns and 1 in 总计, or 11 in one column.
///
/// A run of twenty digits has hundreds of thousands of such readings and a handful that add up, so the row's
/// own identities prune as the reading is made. It is made from the right: a total stands to the right of
/// its parts, so once it is placed, parts that already sum past it end the branch (`bound`); `accept` keeps
/// the complete readings.
extension RowReadings {
    /// Whether a reading whose cells from `column` on are decided (values by column position, an empty cell
    /// 0, an unknown one nil) can still be completed: the row's identities, as far as they can be judged.
    typealias PartialBound = (_ values: [Double?], _ column: Int) -> Bool

    /// The signs a change may start with, as ``CellValue`` reads them.
    static let signs: Set<Character> = ["+", "-", "＋", "－", "增", "减", "減"]

    /// Every placement of `tokens`' pieces in `columns` that `bound` and `accept` let through; nil when there
    /// are more than `limit`, or when finding them takes more than `stepLimit` steps. Runs of digits are cut
    /// only with `cutsRuns`; otherwise each token is one cell. The readings with the values leftmost come first.
    /// Without `allowsBlanks` every column takes a piece: the readings of a row that writes all its cells, made
    /// under its identities when there are too many to list without them.
    static func droppingBlanks(_ tokens: [Token], columns: [HeaderTemplate.Kind], cutsRuns: Bool, limit: Int = 50_000,
                               stepLimit: Int = 1_000_000, bound: PartialBound = { _, _ in true },
                               allowsBlanks: Bool = true, accept: (Reading) -> Bool) throws -> [Reading]? {
        // Each token as its sign, digits and unit when it is a run that may be cut, else as one piece. The sign
        // of a signed change goes with the first piece (`-911`: -9 and 11, or -91 and 1, or -911).
        struct Run {
            var token: Token
            var sign: String
            var digits: [UInt8]?
            var unit: String
        }
        let runs = tokens.map { token -> Run in
            var (body, unit) = splittingUnit(token.text)
            var sign = ""
            if let first = body.first, Self.signs.contains(first) {
                sign = String(first)
                body = body.dropFirst()
            }
            // A sign inside the run starts a piece of its own (`39-1939`: 39, -19, 39).
            return Run(token: token, sign: sign, digits: cutsRuns ? cuttableBytes(body) : nil, unit: unit)
        }
        guard !runs.isEmpty, runs.count <= columns.count else { return nil }
        let width = columns.count
        var readings: [Reading] = []
        var parts = [Part?](repeating: nil, count: width)
        var decided = [Double?](repeating: nil, count: width)
        var steps = 0
        var overflow = false
        var ticker = BudgetTicker(.reconstruct)
        // A run's first piece (with its sign) and its last (with its unit) are read by CellValue, and met again
        // in every branch that cuts the run at the same place: each is read once, by run and by where it ends
        // (a first piece) or starts (a last one).
        var firstPieces = runs.map { [(text: String, value: CellValue)?](repeating: nil, count: ($0.digits?.count ?? 0) + 1) }
        var lastPieces = firstPieces

        func blank(_ line: Int) -> Part { Part(raw: "", line: line, value: CellValue(value: nil, unit: nil)) }

        // Fills `column` and those left of it: run `index` up to byte `end` (and the runs before it) still to place.
        func fill(run index: Int, end: Int, column: Int) throws {
            if overflow { return }
            steps += 1
            try ticker.tick()
            if steps > stepLimit || readings.count > limit {
                overflow = true
                return
            }
            if index < 0 {
                // Every piece placed: the columns left of here are empty, where a row may have empty cells.
                guard allowsBlanks || column < 0 else { return }
                var reading: Reading = []
                reading.reserveCapacity(width)
                for position in 0..<width {
                    reading.append(position <= column ? blank(runs[0].token.line) : parts[position]!)
                }
                if accept(reading) { readings.append(reading) }
                return
            }
            // Each run left takes a column at least.
            guard index + 1 <= column + 1 else { return }
            let run = runs[index]
            // An empty cell here first: the values move left, and the first reading has them leftmost.
            if allowsBlanks {
                parts[column] = blank(run.token.line)
                decided[column] = 0
                if bound(decided, column), column > 0 { try fill(run: index, end: end, column: column - 1) }
                decided[column] = nil
                if overflow { return }
            }
            try place(run, index: index, end: end, column: column)
        }

        // A piece of `run` ending at byte `end` (the whole token, when it is not cut) in `column`, then the rest.
        func place(_ run: Run, index: Int, end: Int, column: Int) throws {
            let kind = columns[column]
            guard let digits = run.digits else {
                let value = CellValue.read(run.token.text)
                guard !value.unreadable, value.fits(kind) else { return }
                try put(Part(raw: run.token.text, line: run.token.line, value: value), column: column) {
                    try fill(run: index - 1, end: index > 0 ? (runs[index - 1].digits?.count ?? 0) : 0, column: column - 1)
                }
                return
            }
            let isLast = end == digits.count
            for start in stride(from: end - 1, through: 0, by: -1) {
                // A piece holds a sign only as its first character; one further left would hold it inside.
                if start < end - 1, Self.isSign(digits[start + 1]) { break }
                let signed = Self.isSign(digits[start]) || (start == 0 && !run.sign.isEmpty)
                let piece = digits[(Self.isSign(digits[start]) ? start + 1 : start)..<end]
                // A signed piece is a change: only a column of changes holds one.
                guard !piece.isEmpty, !signed || kind == .signed, isWellFormed(piece), kind == .amount || !piece.contains(UInt8(ascii: ".")) else { continue }
                // A run's first piece takes the run's sign; a piece after an inner sign, that sign.
                func made() -> (text: String, value: CellValue) {
                    let text = (start == 0 ? run.sign : "") + String(decoding: digits[start..<end], as: UTF8.self) + (isLast ? run.unit : "")
                    return (text, isLast || start == 0 || signed ? CellValue.read(text) : CellValue(value: number(piece), unit: nil))
                }
                let (text, value): (String, CellValue)
                if start == 0 {
                    if firstPieces[index][end] == nil { firstPieces[index][end] = made() }
                    (text, value) = firstPieces[index][end]!
                } else if isLast {
                    if lastPieces[index][start] == nil { lastPieces[index][start] = made() }
                    (text, value) = lastPieces[index][start]!
                } else {
                    (text, value) = made()
                }
                // An inner sign must start a piece: no cut may leave it at the end of the one before.
                if start > 0, Self.isSign(digits[start - 1]), !signed { continue }
                guard !value.unreadable, value.fits(kind) else { continue }
                try put(Part(raw: text, line: run.token.line, value: value), column: column) {
                    if start == 0 {
                        try fill(run: index - 1, end: index > 0 ? (runs[index - 1].digits?.count ?? 0) : 0, column: column - 1)
                    } else if column > 0 {
                        try fill(run: index, end: start, column: column - 1)
                    }
                }
                if overflow { return }
            }
        }

        // `part` in `column` while `next` fills the rest, if the row's identities allow it so far.
        func put(_ part: Part, column: Int, then next: () throws -> Void) throws {
            parts[column] = part
            decided[column] = part.value.value
            if bound(decided, column) { try next() }
            decided[column] = nil
        }

        try fill(run: runs.count - 1, end: runs[runs.count - 1].digits?.count ?? 0, column: width - 1)
        return overflow ? nil : readings
    }
}
