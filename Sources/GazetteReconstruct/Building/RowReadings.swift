import GazetteCore
/// The ways the values read after a row label can fill the row's columns.
///
/// Values that come one per cell fill the columns as they are. Digits run together (`640020470` for seven
/// columns) are cut every way that gives each column a well-formed number: no leading zero except `0` itself,
/// a decimal point only in an amount column and never at a cut, a unit only on the last piece. White space
/// between runs is a hard boundary. An optional blank (``Token/isOptionalBlank``) is an empty cell in some
/// readings and nothing in others: a row whose layout leaves its empty cells open reads every way they can
/// stand.
struct RowReadings {
    /// One cell of a reading.
    struct Part: Equatable, Sendable {
        var raw: String
        var line: Int
        var value: CellValue
    }

    typealias Reading = [Part]

    /// All readings of `tokens` as columns of these kinds, in the order they are generated; nil when there are more than
    /// `limit` (of readings, or of the ways to cut one run), which a sane table never produces.
    /// Throws only when the document's ``TimeBudget`` is spent.
    static func enumerate(_ tokens: [Token], columns: [HeaderTemplate.Kind], limit: Int = 50_000) throws -> [Reading]? {
        // Certain tokens after each position: each fills one column at least, an optional blank none.
        var certainFrom = [Int](repeating: 0, count: tokens.count + 1)
        for index in tokens.indices.reversed() {
            certainFrom[index] = certainFrom[index + 1] + (tokens[index].isOptionalBlank ? 0 : 1)
        }
        if certainFrom[0] == columns.count {
            // One certain token a column; optional blanks would overfill the row.
            return [zip(tokens.filter { !$0.isOptionalBlank }, columns).map { token, column in
                Part(raw: token.text, line: token.line, value: CellValue.read(token.text))
            }]
        }
        guard certainFrom[0] < columns.count else { return nil }
        // A row whose empty cells are open is written one cell per line: each value is one cell, never cut.
        let cutsRuns = certainFrom[0] == tokens.count
        var readings: [Reading] = []
        var overflow = false
        var current: Reading = []
        var ticker = BudgetTicker(.reconstruct)

        func fill(token index: Int, column: Int) throws {
            if overflow { return }
            try ticker.tick()
            if index == tokens.count {
                if column == columns.count {
                    readings.append(current)
                    if readings.count > limit { overflow = true }
                }
                return
            }
            let token = tokens[index]
            if token.isOptionalBlank {
                // Kept as an empty cell, or dropped with the optional blanks after it in the same gap: each
                // number of empty cells in a gap is tried once.
                if column + certainFrom[index + 1] < columns.count {
                    current.append(Part(raw: "", line: token.line, value: CellValue(value: nil, unit: nil)))
                    try fill(token: index + 1, column: column + 1)
                    current.removeLast()
                }
                var next = index + 1
                while next < tokens.count, tokens[next].isOptionalBlank { next += 1 }
                try fill(token: next, column: column)
                return
            }
            let remainingTokens = certainFrom[index + 1]
            let maximumParts = columns.count - column - remainingTokens
            guard maximumParts >= 1 else { return }
            // The last certain token must fill every column left that no optional blank after it can: its cuts
            // into fewer pieces would be dead ends.
            let blanksAfter = tokens.count - index - 1 - remainingTokens
            let minimumParts = remainingTokens == 0 ? max(1, maximumParts - blanksAfter) : 1
            guard cutsRuns || minimumParts == 1 else { return }
            guard let splits = try splits(token.text, into: minimumParts...(cutsRuns ? maximumParts : 1), startingAt: column, columns: columns,
                                          limit: limit, ticker: &ticker) else {
                overflow = true
                return
            }
            for parts in splits {
                let count = current.count
                for part in parts { current.append(Part(raw: part.raw, line: token.line, value: part.value)) }
                try fill(token: index + 1, column: column + parts.count)
                current.removeSubrange(count...)
                if overflow { return }
            }
        }
        try fill(token: 0, column: 0)
        return overflow ? nil : readings
    }

    /// Every way to cut one run into a number of pieces within `counts`, each valid for its column; nil when
    /// there are more than `limit`, or when finding them takes more than `limit` steps: a run of dozens of
    /// digits has millions of cuts, and far more dead ends.
    private static func splits(_ text: String, into counts: ClosedRange<Int>, startingAt column: Int,
                               columns: [HeaderTemplate.Kind], limit: Int,
                               ticker: inout BudgetTicker) throws -> [[(raw: String, value: CellValue)]]? {
        let whole = CellValue.read(text)
        var result: [[(raw: String, value: CellValue)]] = []
        if counts.contains(1), !whole.unreadable, whole.fits(columns[column]),
           whole.value == nil || isWellFormed(text.utf8) {
            result.append([(text, whole)])
        }
        guard counts.upperBound >= 2 else { return result }
        // Only a run of digits (with at most one point, signs and a trailing unit) can be cut. ASCII bytes from
        // here: the cut loop below runs thousands of times per run-together row.
        let (body, unit) = splittingUnit(text)
        guard let digits = cuttableBytes(body) else { return result }
        let point = UInt8(ascii: ".")

        // Pieces as byte ranges while cutting; their text is made only for a cut that works out.
        var pieces: [(range: Range<Int>, value: CellValue)] = []
        var overflow = false
        var steps = 0
        func cut(from start: Int, column current: Int) throws {
            let piecesLeft = counts.upperBound - pieces.count
            guard !overflow, piecesLeft >= 1, current < columns.count else { return }
            let kind = columns[current]
            // Every piece still needed after this one takes at least a digit.
            let lastEnd = digits.count - max(0, counts.lowerBound - pieces.count - 1)
            guard start < lastEnd else { return }
            for end in (start + 1)...lastEnd {
                try ticker.tick()
                steps += 1
                if steps > limit {
                    overflow = true
                    return
                }
                let isLast = end == digits.count
                // A sign only starts a piece: one inside it spoils every longer piece from here too.
                if end - start >= 2, isSign(digits[end - 1]) { break }
                let signed = isSign(digits[start])
                let magnitude = start + (signed ? 1 : 0)
                // A signed piece is a change: only a column of changes holds one.
                guard magnitude < end, !signed || kind == .signed else { continue }
                let piece = digits[magnitude..<end]
                // A leading zero spoils every longer piece from here too.
                if end - magnitude >= 2, digits[magnitude] == UInt8(ascii: "0"), digits[magnitude + 1] != point { break }
                guard isWellFormed(piece), kind == .amount || !piece.contains(point) else { continue }
                // The last piece carries the unit, and a signed one its sign, which only CellValue knows how to read.
                let value = isLast || signed ? CellValue.read(String(decoding: digits[start..<end], as: UTF8.self) + (isLast ? unit : ""))
                    : CellValue(value: number(piece), unit: nil)
                guard !value.unreadable, value.fits(kind) else { continue }
                pieces.append((start..<end, value))
                if isLast {
                    if counts.contains(pieces.count), pieces.count >= 2 {
                        result.append(pieces.map { piece in
                            let text = String(decoding: digits[piece.range], as: UTF8.self)
                            return (piece.range.upperBound == digits.count ? text + unit : text, piece.value)
                        })
                    }
                    if result.count > limit { overflow = true }
                } else {
                    try cut(from: end, column: current + 1)
                }
                pieces.removeLast()
                if overflow { return }
            }
        }
        try cut(from: 0, column: column)
        return overflow ? nil : result
    }

    /// A run's text and what trails its digits: its unit and its note (`1237.40万元`: `1237.40`, `万元`;
    /// `3665（含自然失效29件）`: `3665`, `（含自然失效29件）`), which the last piece carries.
    static func splittingUnit(_ text: String) -> (body: Substring, unit: String) {
        let (withoutNote, note) = CellValue.splittingNote(Substring(text))
        var body = withoutNote
        var unit = ""
        while let last = body.last, !(last.isASCII && (last.isNumber || last == ".")) {
            unit = String(last) + unit
            body = body.dropLast()
        }
        return (body, unit + (note ?? ""))
    }

    /// The ASCII bytes of a run that can be cut, full-width signs as ASCII: digits, at most one point, and
    /// signs (a signed change run together with its neighbours, `97+82179`, starts a piece), none last; nil
    /// for anything else.
    static func cuttableBytes(_ body: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.utf8.count)
        for scalar in body.unicodeScalars {
            switch scalar {
            case "＋": bytes.append(UInt8(ascii: "+"))
            case "－": bytes.append(UInt8(ascii: "-"))
            default:
                // Anything else that is not ASCII rules the run out below.
                guard scalar.isASCII else { return nil }
                bytes.append(UInt8(scalar.value))
            }
        }
        let point = UInt8(ascii: ".")
        guard bytes.count >= 2, bytes.allSatisfy({ $0.isASCIIDigit || $0 == point || isSign($0) }),
              bytes.filter({ $0 == point }).count <= 1, let last = bytes.last, !isSign(last) else { return nil }
        return bytes
    }

    static func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }

    /// The number ASCII digits (with at most one point, well formed) stand for.
    static func number(_ piece: ArraySlice<UInt8>) -> Double? {
        if piece.count <= 15, !piece.contains(UInt8(ascii: ".")) {
            return Double(piece.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        return Double(String(decoding: piece, as: UTF8.self))
    }

    /// No leading zero (but `0` and `0.5`), no point at either end.
    static func isWellFormed<Digits: BidirectionalCollection<UInt8>>(_ digits: Digits) -> Bool {
        let point = UInt8(ascii: ".")
        guard let first = digits.first, let last = digits.last, first != point, last != point else { return false }
        if first == UInt8(ascii: "0") {
            let second = digits.index(after: digits.startIndex)
            if second != digits.endIndex, digits[second] != point { return false }
        }
        return true
    }

}
