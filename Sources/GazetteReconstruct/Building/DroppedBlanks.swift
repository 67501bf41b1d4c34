import GazetteCore

/// The readings of a row that prints only its non-empty cells (issue 18, form 1): copies of some provinces
/// write a 7-column row as `一、本年新收政府信息公开申请数量11`, its empty cells dropped, not written as 0. Any
/// cut of its digits into pieces, each piece in any column after the one before, the other columns empty:
/// `11` is 1 in one of the six applicant columns and 1 in 总计, or 11 in one column. Only the readings that
/// `accept` keeps are stored (the row's own identities): a run of ten digits has thousands of readings and a
/// handful that add up.
extension RowReadings {
    /// Every placement of `tokens`' pieces in `columns` that `accept` keeps; nil when there are more than
    /// `limit` kept, or when finding them takes more than `stepLimit` steps. Runs of digits are cut only with
    /// `cutsRuns`; otherwise each token is one cell.
    static func droppingBlanks(_ tokens: [Token], columns: [HeaderTemplate], cutsRuns: Bool, limit: Int = 50_000,
                               stepLimit: Int = 3_000_000, accept: (Reading) -> Bool) throws -> [Reading]? {
        // Each token as its digits and unit when it is a run that may be cut, else as one piece.
        struct Run {
            var token: Token
            var digits: [UInt8]?
            var unit: String
        }
        let runs = tokens.map { token -> Run in
            var body = Substring(token.text)
            var unit = ""
            while let last = body.last, !(last.isASCII && (last.isNumber || last == ".")) {
                unit = String(last) + unit
                body = body.dropLast()
            }
            let digits = Array(body.utf8)
            let point = UInt8(ascii: ".")
            let cuttable = digits.count >= 2 && digits.allSatisfy { $0.isASCIIDigit || $0 == point }
                && digits.filter { $0 == point }.count <= 1
            return Run(token: token, digits: cutsRuns && cuttable ? digits : nil, unit: unit)
        }
        guard runs.count <= columns.count else { return nil }
        var readings: [Reading] = []
        var current: Reading = []
        current.reserveCapacity(columns.count)
        var steps = 0
        var overflow = false
        var ticker = BudgetTicker(.reconstruct)

        // Fills `column` on: run `index` from byte `start` (0 for a whole token) still to place.
        func fill(run index: Int, from start: Int, column: Int) throws {
            if overflow { return }
            steps += 1
            try ticker.tick()
            if steps > stepLimit || readings.count > limit {
                overflow = true
                return
            }
            if index == runs.count {
                // Every piece placed: the columns left are empty.
                let filled = current.count
                while current.count < columns.count {
                    current.append(Part(raw: "", line: runs.last?.token.line ?? 0, value: CellValue(value: nil, unit: nil)))
                }
                if accept(current) { readings.append(current) }
                current.removeSubrange(filled...)
                return
            }
            // Each run left takes a column at least.
            guard column + (runs.count - index) <= columns.count else { return }
            let run = runs[index]
            // A value here first, then an empty cell: the first reading is the one with the values leftmost.
            try place(run, index: index, from: start, column: column)
            if overflow { return }
            current.append(Part(raw: "", line: run.token.line, value: CellValue(value: nil, unit: nil)))
            try fill(run: index, from: start, column: column + 1)
            current.removeLast()
        }

        // A piece of `run` from byte `start` (the whole token, when it is not cut) in `column`, then the rest.
        func place(_ run: Run, index: Int, from start: Int, column: Int) throws {
            let kind = columns[column].kind ?? .count
            guard let digits = run.digits else {
                let value = CellValue.read(run.token.text)
                if !value.unreadable, value.fits(kind) {
                    current.append(Part(raw: run.token.text, line: run.token.line, value: value))
                    try fill(run: index + 1, from: 0, column: column + 1)
                    current.removeLast()
                }
                return
            }
            for end in (start + 1)...digits.count {
                let piece = digits[start..<end]
                if end - start >= 2, digits[start] == UInt8(ascii: "0"), digits[start + 1] != UInt8(ascii: ".") { break }
                guard isWellFormed(piece), kind == .amount || !piece.contains(UInt8(ascii: ".")) else { continue }
                let isLast = end == digits.count
                let text = String(decoding: piece, as: UTF8.self) + (isLast ? run.unit : "")
                let value = isLast ? CellValue.read(text) : CellValue(value: number(piece), unit: nil)
                guard !value.unreadable, value.fits(kind) else { continue }
                current.append(Part(raw: text, line: run.token.line, value: value))
                if isLast {
                    try fill(run: index + 1, from: 0, column: column + 1)
                } else if column + 1 < columns.count {
                    try fill(run: index, from: end, column: column + 1)
                }
                current.removeLast()
                if overflow { return }
            }
        }
        try fill(run: 0, from: 0, column: 0)
        return overflow ? nil : readings
    }
}
