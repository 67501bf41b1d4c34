import Foundation
import GazetteCore

/// A row of one of the document's real tables.
struct GridRow: Hashable, Sendable {
    var grid: Int
    var row: Int
}

/// One cell-sized piece of a document's body: a label or a value, with its source line and section.
struct Token: Sendable {
    enum Kind: Sendable {
        case label(LabelKey)
        case value
    }

    var kind: Kind
    var text: String
    var line: Int
    var section: Int
    /// The row of a real (HTML) table the token is a cell of.
    var source: GridRow?
    /// In a text copy written one cell per line: the lines from the token before to this one, and from this
    /// one to the token after, when both are alone on their lines in one section; 0 otherwise. What
    /// ``CellSpacing`` learns the document's layout from, and finds empty cells by.
    var gapBefore = 0
    var gapAfter = 0
    /// A blank that may or may not be a cell: its row's spacing leaves the number of empty cells open, and
    /// the readings of the row decide (``RowReadings``).
    var isOptionalBlank = false

    init(kind: Kind, text: String, line: Int, section: Int, source: GridRow? = nil) {
        self.kind = kind
        self.text = text
        self.line = line
        self.section = section
        self.source = source
    }

    var isValue: Bool { if case .value = kind { true } else { false } }

    /// A blank value (an empty cell) on `line`.
    static func blank(line: Int, section: Int, optional: Bool = false) -> Token {
        var token = Token(kind: .value, text: "", line: line, section: section)
        token.isOptionalBlank = optional
        return token
    }

    /// This label joined with the piece of it on the next line: the first piece's line, the gaps outside.
    func joined(with next: Token, key: LabelKey) -> Token {
        var token = Token(kind: .label(key), text: text + next.text, line: line, section: section)
        token.gapBefore = gapBefore
        token.gapAfter = next.gapAfter
        return token
    }
}

/// Cuts body lines into tokens. A tab, or a run of two or more spaces, separates cells (text copies of
/// tables); within a cell, a label may be followed by values separated by single spaces (`规章 8 8 239`).
/// A single space inside a label is kept: header cells broken by `<br>` read `商业 企业`. In the sections
/// that hold the template's tables, a cell where labels and numbers run together is cut at the labels the
/// ``LabelScanner`` finds.
struct Tokenizer {
    let scanner: LabelScanner
    /// The sections whose lines are scanned for run-together labels.
    let tableSections: Set<Int>

    /// The tokens of a document's body, and the lines skipped as page numbers (``PageNumbers``).
    /// Throws only when the document's ``TimeBudget`` is spent.
    func tokens(of content: DocumentText) throws -> (tokens: [Token], pageNumberLines: [Int]) {
        var tokens: [Token] = []
        var pageNumberLines: [Int] = []
        let hasSections = content.sections.contains { $0.number > 0 }
        // The section of every line, heading lines included; body lines are those a section spans.
        var sectionOf = [Int](repeating: 0, count: content.lines.count)
        var isBody = [Bool](repeating: false, count: content.lines.count)
        for section in content.sections {
            if section.headingLine != nil, section.start > 0 { sectionOf[section.start - 1] = section.number }
            for index in section.start..<section.end {
                sectionOf[index] = section.number
                isBody[index] = true
            }
        }
        var gridsAt: [Int: [Int]] = [:]
        for (index, grid) in content.grids.enumerated() { gridsAt[grid.position, default: []].append(index) }
        // The tokens alone on a line of a table section: a table flattened one cell per line (``CellSpacing``).
        // nil where a skipped page number stood: the gap across it says nothing of the table's spacing.
        var aloneOnLine: [Int?] = []
        var ticker = BudgetTicker(.reconstruct, every: 256)
        for index in 0...content.lines.count {
            try ticker.tick()
            // A grid placed before line i belongs with the line before it (the section it closes).
            let gridSection = content.lines.isEmpty ? 0 : sectionOf[max(0, min(index, content.lines.count) - 1)]
            for grid in gridsAt[index] ?? [] {
                appendGrid(content.grids[grid], index: grid, section: gridSection, to: &tokens)
            }
            guard index < content.lines.count, isBody[index] else { continue }
            let line = content.lines[index]
            if PageNumbers.isPageNumber(line.text) {
                pageNumberLines.append(line.line)
                aloneOnLine.append(nil)
                continue
            }
            let scan = !hasSections || tableSections.contains(sectionOf[index])
            let first = tokens.count
            let cells = Self.cells(of: line.text)
            for cell in cells {
                // A cell longer than any table could be (a page with no line breaks at all) is not scanned:
                // the scan holds a folded copy of its text, which must stay small.
                if scan, cell != Self.blankCell, cell.utf8.count <= Self.longestScannedCell, let segments = scanner.scan(cell),
                   !Self.isWordsAroundLabels(segments) {
                    append(segments, line: line.line, section: sectionOf[index], to: &tokens)
                } else {
                    Self.appendCell(cell, line: line.line, section: sectionOf[index], to: &tokens)
                }
            }
            if scan, cells.count == 1, tokens.count == first + 1 { aloneOnLine.append(first) }
        }
        // Line gaps mean something only in text: an HTML page's lines are those of its markup.
        if content.format == .text { Self.noteGaps(between: aloneOnLine, in: &tokens) }
        return (tokens, pageNumberLines)
    }

    /// Whether a scanned cell is words that hold a label, not labels and numbers run together: no numbers, and
    /// text beside its labels (`本年度未发生…行政复议、行政诉讼案件。`, or a wrapped label's piece `(六)其他处` whose
    /// `其他` is no label of its own). Such a cell stays whole, as prose or as a piece to join with the next.
    private static func isWordsAroundLabels(_ segments: [LabelScanner.Segment]) -> Bool {
        var hasText = false
        for segment in segments {
            switch segment {
            case .values: return false
            case .text(let text):
                if text.unicodeScalars.contains(where: \.isASCIIDigit) { return false }
                hasText = true
            case .label: break
            }
        }
        return hasText
    }

    /// Gives each pair of tokens that follow each other, alone on their lines of one section, the lines
    /// between them.
    private static func noteGaps(between alone: [Int?], in tokens: inout [Token]) {
        for case let (previous?, next?) in zip(alone, alone.dropFirst())
        where next == previous + 1 && tokens[next].section == tokens[previous].section {
            let gap = tokens[next].line - tokens[previous].line
            guard gap >= 1 else { continue }
            tokens[previous].gapAfter = gap
            tokens[next].gapBefore = gap
        }
    }

    /// The cells of a real table, row by row. Spanned copies are skipped (a spanning label is read once).
    /// A row with no number is a header: its blank cells mean nothing. In a row with numbers, a blank cell
    /// after the first filled one is an unknown value, kept so the columns do not shift.
    private func appendGrid(_ grid: SourceGrid, index: Int, section: Int, to tokens: inout [Token]) {
        for (rowIndex, row) in grid.rows.enumerated() {
            let source = GridRow(grid: index, row: rowIndex)
            let own = row.filter { !$0.spanned }
            let isData = own.contains { !$0.text.isEmpty && CellValue.isValueText($0.text) && $0.text.contains(where: \.isNumber) }
            var started = false
            for cell in own {
                if cell.text.isEmpty {
                    if isData, started { tokens.append(Token(kind: .value, text: "", line: cell.line, section: section, source: source)) }
                    continue
                }
                started = true
                let kind: Token.Kind = CellValue.isValueText(cell.text) ? .value : .label(LabelKey.cached(cell.text))
                tokens.append(Token(kind: kind, text: cell.text, line: cell.line, section: section, source: source))
            }
        }
    }

    private func append(_ segments: [LabelScanner.Segment], line: Int, section: Int, to tokens: inout [Token]) {
        for segment in segments {
            switch segment {
            case .label(let text):
                tokens.append(Token(kind: .label(LabelKey.cached(text)), text: text, line: line, section: section))
            case .text(let text), .values(let text):
                // Text between template labels is a cell like any other: numbers after it are values
                // (`情形) 5 0 0 0 0 0 5`, the end of a wrapped row label, with the row's values).
                Self.appendCell(text, line: line, section: section, to: &tokens)
            }
        }
    }

    /// The cells of a line. Pipes (markdown tables from PDF converters) and tabs are strict separators:
    /// an empty cell between them is a blank value, kept so the columns after it do not shift. Elsewhere a
    /// run of two or more spaces separates cells.
    static func cells(of text: String) -> [String] {
        let trimmed = text.trimmed
        // Asked on the bytes first (every line comes here); a pipe at either end is then asked as a character.
        let (hasEndPipe, hasTab) = trimmed.withUTF8InPlace { bytes in
            (bytes.first == 0x7C || bytes.last == 0x7C, bytes.contains(0x09))
        }
        if hasEndPipe, trimmed.hasPrefix("|") || trimmed.hasSuffix("|") {
            var inner = Substring(trimmed)
            if inner.hasPrefix("|") { inner = inner.dropFirst() }
            if inner.hasSuffix("|") { inner = inner.dropLast() }
            let cells = inner.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmed }
            // The |---|:---:| line under a markdown header carries nothing.
            if cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 == "-" || $0 == ":" } }) { return [] }
            return cells.map { $0.isEmpty ? blankCell : $0 }
        }
        if hasTab {
            return trimmed.split(separator: "\t", omittingEmptySubsequences: false).map {
                let cell = String($0).trimmed
                return cell.isEmpty ? blankCell : cell
            }
        }
        // On the bytes, not Characters: this runs over every line of a report. Most lines (prose, a label alone,
        // a value alone) have no white space but single spaces: they are one cell as they are.
        return trimmed.withUTF8InPlace { bytes in
            if !hasCellBreak(bytes) { return bytes.isEmpty ? [] : [trimmed] }
            // A run of two or more white-space code points separates cells; one alone is a space in the cell.
            var cells: [String] = []
            var current: [UInt8] = []
            var spaces = 0
            func close() {
                var start = 0, end = current.count
                while start < end, current[start] == 0x20 { start += 1 }
                while end > start, current[end - 1] == 0x20 { end -= 1 }
                if start < end { cells.append(String(decoding: current[start..<end], as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            var index = 0
            while index < bytes.count {
                let space = bytes.whiteSpaceLength(at: index)
                if space > 0 {
                    if spaces >= 1 {
                        if spaces == 1 { close() }
                        spaces = 2
                    } else {
                        spaces = 1
                        current.append(0x20)
                    }
                    index += space
                    continue
                }
                spaces = 0
                let length = bytes[index].utf8SequenceLength
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                index += length
            }
            close()
            return cells
        }
    }

    /// Whether white space other than single spaces separates cells in `bytes`, or stands for a space.
    static func hasCellBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = false
        var index = 0
        // A code point at a time (a line of Chinese is three bytes a character): asked of every line of a report.
        while index < bytes.count {
            let space = bytes.whiteSpaceLength(at: index)
            if space > 0 {
                if bytes[index] != 0x20 || previousWasSpace { return true }
                previousWasSpace = true
                index += space
            } else {
                previousWasSpace = false
                index += bytes[index].utf8SequenceLength
            }
        }
        return false
    }

    /// Cells longer than this (in bytes) are never scanned for run-together labels; a report's tables run
    /// together take a few tens of kilobytes.
    static let longestScannedCell = 1_000_000

    /// What an empty cell between separators becomes: a blank value (unknown, never 0).
    static let blankCell = "\u{2205}"

    /// A value, or signed changes run together with the cells around them (`39-1939`: 39, -19, 39), which
    /// only a reading of the row can cut.
    /// Not dates or telephone numbers (`2020-01-20`, `0591-2345678`): no group of digits starts with a 0.
    static func isValue(_ text: String) -> Bool {
        if CellValue.isValueText(text) { return true }
        var digits = 0, signs = 0, previousWasSign = true, groupStartsWithZero = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                if groupStartsWithZero { return false }
                groupStartsWithZero = previousWasSign && scalar == "0"
                digits += 1
                previousWasSign = false
            case "+", "-", "＋", "－":
                guard !previousWasSign else { return false }
                signs += 1
                previousWasSign = true
                groupStartsWithZero = false
            case ".":
                previousWasSign = false
                groupStartsWithZero = false
            default: return false
            }
        }
        return signs > 0 && digits > signs && !previousWasSign
    }

    /// A piece of text cut after each bracketed note that follows a number (`69（其中修订16件）3665（含自然失效29件）`:
    /// `69（其中修订16件）`, `3665（含自然失效29件）`): a note closes its cell, and its digits are not values.
    static func cutAfterNotes(_ part: Substring) -> [Substring] {
        // On the bytes: every piece with a closing bracket comes here, and lines of prose hold many.
        let cuts: [Int] = part.withUTF8InPlace { bytes in
            // A note follows a number (``CellValue/splittingNote(_:)``): a piece with no digit, such as a label
            // `（一）主动公开`, has none to cut. Full-width digits are EF BC 90 to EF BC 99.
            guard bytes.contains(where: \.isASCIIDigit) || hasFullWidthDigit(bytes) else { return [] }
            var cuts: [Int] = []
            var start = 0
            var index = 0
            while index < bytes.count {
                let length = bytes[index].utf8SequenceLength
                let next = index + length
                // `)`, or `）` (EF BC 89); a bracket that ends the piece leaves nothing after it to cut.
                let closes = bytes[index] == 0x29 || (length == 3 && bytes[index] == 0xEF && bytes[index + 1] == 0xBC && bytes[index + 2] == 0x89)
                if closes, next < bytes.count, CellValue.noteStart(in: UnsafeBufferPointer(rebasing: bytes[start..<next])) != nil {
                    cuts.append(next)
                    start = next
                }
                index = next
            }
            return cuts
        }
        guard !cuts.isEmpty else { return [part] }
        var pieces: [Substring] = []
        var start = part.startIndex
        for cut in cuts {
            let end = part.utf8.index(part.startIndex, offsetBy: cut)
            pieces.append(part[start..<end])
            start = end
        }
        pieces.append(part[start...])
        return pieces
    }

    /// Whether these UTF-8 bytes hold a full-width digit, ０ to ９ (EF BC 90 to EF BC 99).
    private static func hasFullWidthDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0xEF, bytes[index + 1] == 0xBC, (0x90...0x99).contains(bytes[index + 2]) { return true }
            index += 1
        }
        return false
    }

    /// A cell that is a label, a label followed by values, or values.
    static func appendCell(_ text: String, line: Int, section: Int, to tokens: inout [Token]) {
        if text == blankCell {
            tokens.append(.blank(line: line, section: section))
            return
        }
        // Split at spaces in bytes: splitting Characters costs grapheme breaking on every line of prose. Most cells
        // (a label, a value, a line of prose) have no space and no closing bracket: they are their only part.
        let split: [String]? = text.withUTF8InPlace { bytes in
            guard bytes.isEmpty || bytes.contains(0x20) || hasClosingBracket(bytes) else { return nil }
            var parts: [String] = []
            for piece in bytes.split(separator: 0x20) {
                let part = String(text.slice(utf8Offsets: piece.startIndex..<piece.endIndex))
                if hasClosingBracket(UnsafeBufferPointer(rebasing: piece)) {
                    parts += cutAfterNotes(Substring(part)).map(String.init)
                } else {
                    parts.append(part)
                }
            }
            return parts
        }
        guard var parts = split else {
            // One part, as most cells are: a label or a value, with no array of parts made.
            if let value = valueText(text) {
                tokens.append(Token(kind: .value, text: value, line: line, section: section))
            } else {
                tokens.append(Token(kind: .label(LabelKey.cached(text)), text: text, line: line, section: section))
            }
            return
        }
        var firstValue = parts.count
        while firstValue > 0, let value = valueText(parts[firstValue - 1]) {
            parts[firstValue - 1] = value
            firstValue -= 1
        }
        if firstValue > 0 {
            let label = firstValue == 1 ? parts[0] : parts[..<firstValue].joined(separator: " ")
            tokens.append(Token(kind: .label(LabelKey.cached(label)), text: label, line: line, section: section))
        }
        for part in parts[firstValue...] {
            tokens.append(Token(kind: .value, text: part, line: line, section: section))
        }
    }

    /// A part of a cell as a value: itself, or its digits with their sign words folded (``foldingSignWords(_:)``);
    /// nil when it is no value.
    private static func valueText(_ part: String) -> String? {
        if isValue(part) { return part }
        if let folded = foldingSignWords(part), isValue(folded) { return folded }
        return nil
    }

    /// Whether a closing bracket a note could end with, `)` or `）`, is in the text.
    private static func hasClosingBracket(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.containsUTF8(")") || bytes.containsUTF8("）")
    }

    /// A run of digits whose signs are words or dashes (`97增加82179`, `156减少5997`, `12—310`: changes of 本年增/减
    /// run together with their neighbours), its signs written `+` and `-` as the readings cut them; nil for any
    /// other text. The cell's `raw` is this folded run: its line shows the words.
    static func foldingSignWords(_ text: String) -> String? {
        // Every cell's trailing part that is no value comes here (a label, a line of prose): most are turned
        // away by their first code point, with nothing built.
        let scalars = text.unicodeScalars
        guard let first = scalars.first, first.isASCIIDigit || isChangeSign(first) else { return nil }
        var folded = String.UnicodeScalarView()
        var changed = false
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            var next = scalars.index(after: index)
            switch scalar {
            case "0"..."9", ".", "+", "-", "＋", "－":
                folded.append(scalar)
            case "增", "減", "减":
                // `增加` and `减少` are one sign.
                if next < scalars.endIndex, scalars[next] == (scalar == "增" ? "加" : "少") { next = scalars.index(after: next) }
                folded.append(scalar == "增" ? "+" : "-")
                changed = true
            case "—", "–", "−":
                folded.append("-")
                changed = true
            default:
                return nil
            }
            index = next
        }
        return changed ? String(folded) : nil
    }

    /// A sign word's or dash's first code point.
    private static func isChangeSign(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "+", "-", "＋", "－", "增", "減", "减", "—", "–", "−": true
        default: false
        }
    }
}

extension Token {
    /// The most cells this token can give: with its digits cut one by one, one for each; one at least.
    var mostCells: Int { max(1, text.numberCount) }
}

extension String {
    /// How many of its characters are numbers (`Character.isNumber`): the digits a run of them could be cut into.
    /// Counted in place, with no filtered copy: asked of every token and reading of every table mapped.
    var numberCount: Int {
        if let count = withUTF8InPlace(Self.numberCount(ofPlain:)) { return count }
        var count = 0
        for character in self where character.isNumber { count += 1 }
        return count
    }

    /// ``numberCount`` of text whose code points are each a character alone (ASCII, or
    /// ``Unicode/Scalar/isPlainCharacter(_:)``), counted on its bytes with no grapheme breaking; nil for other text.
    /// An ASCII character is a number when it is a digit (a control character never joins one: `\r\n` is neither);
    /// any other plain code point, when it has a numeric type, as `Character.isNumber` asks of a character's first.
    private static func numberCount(ofPlain bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte.isASCIIDigit { count += 1 }
                index += 1
                continue
            }
            let (value, length) = bytes.codePoint(at: index)
            guard Unicode.Scalar.isPlainCharacter(value) else { return nil }
            if Unicode.Scalar(value).unsafelyUnwrapped.properties.numericType != nil { count += 1 }
            index += length
        }
        return count
    }
}
