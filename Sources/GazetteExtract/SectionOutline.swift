import Foundation
import GazetteCore

/// Finds the template's numbered section headings (一、总体情况 … 六、其他需要报告的事项) in the body lines.
///
/// A heading is a short line that starts with a Chinese numeral and `、` (or reads as a heading in one of the
/// other forms reports use: ``headingNumber(_:)``), whose number is higher than the previous heading's, and
/// that is not a table row: in table 三 the row `四、结转下年度继续办理` is followed by
/// its numbers, and the rows `一、本年新收…` to `三、本年度办理结果` come after heading 三
/// (template.md §5, item 10). The heading wording is not required, so variants are found too; it decides only
/// between two lines numbered alike (a PDF copy prints that row apart from its numbers, before heading 四).
struct SectionOutline {
    let options: ExtractOptions

    func sections(of lines: [TextLine]) -> [SectionSpan] {
        var candidates: [(index: Int, number: Int)] = []
        for (index, line) in lines.enumerated() {
            guard let number = headingNumber(line.text) else { continue }
            let next = index + 1 < lines.count ? lines[index + 1].text : nil
            if let next, CellValue.isNumber(next) { continue }   // a table row label with its numbers
            candidates.append((index, number))
        }
        var headings: [(index: Int, number: Int)] = []
        var current = 0
        for (position, candidate) in candidates.enumerated() where candidate.number > current {
            // Two lines numbered alike before the next section: the one with its section's words is the heading.
            // A table row whose numbers were printed apart from it (`四、结转下年度继续办理` in PDF copies) is not.
            if !namesItsSection(lines[candidate.index].text, candidate.number),
               candidates[(position + 1)...].prefix(while: { $0.number <= candidate.number }).contains(where: {
                   $0.number == candidate.number && namesItsSection(lines[$0.index].text, $0.number)
               }) {
                continue
            }
            headings.append(candidate)
            current = candidate.number
        }
        var sections: [SectionSpan] = []
        let firstHeading = headings.first?.index ?? lines.count
        if firstHeading > 0 {
            sections.append(SectionSpan(number: 0, heading: "", headingLine: nil, start: 0, end: firstHeading))
        }
        for (position, heading) in headings.enumerated() {
            let end = position + 1 < headings.count ? headings[position + 1].index : lines.count
            sections.append(SectionSpan(number: heading.number, heading: lines[heading.index].text,
                                        headingLine: lines[heading.index].line, start: heading.index + 1, end: end))
        }
        return sections
    }

    /// Cuts headings out of lines that run them together with other text, as crawled pages that lost their
    /// line breaks do; each piece keeps its source line number.
    func splittingInlineHeadings(_ lines: [TextLine], grids: [SourceGrid]) -> ([TextLine], [SourceGrid]) {
        var result: [TextLine] = []
        var grids = grids
        var current = 0
        var gridsAt: [Int: [Int]] = [:]
        for (index, grid) in grids.enumerated() { gridsAt[grid.position, default: []].append(index) }
        for (lineIndex, line) in lines.enumerated() {
            // Grids placed before this line move with it.
            for grid in gridsAt[lineIndex] ?? [] { grids[grid].position = -1 - result.count }
            // Only a line longer than a heading that holds a 、 can hide one (checked on bytes: it is cheap).
            guard line.text.utf8.count > options.headingMaxCharacters, line.text.utf8.containsUTF8("、") else {
                if let number = headingNumber(line.text), number > current { current = number }
                result.append(line)
                continue
            }
            // Work on the bytes: a 、 (E3 80 81) right after a numeral is where a heading may start.
            let bytes = Array(line.text.utf8)
            var cuts: [(start: Int, end: Int)] = []
            var index = 3
            while index + 2 < bytes.count {
                // The numerals 一 … 八 are three bytes each, E4 to E5 first.
                if bytes[index] == 0xE3, bytes[index + 1] == 0x80, bytes[index + 2] == 0x81, bytes[index - 3] & 0xF0 == 0xE0,
                   let number = ChineseDigits.sectionNumber(scalar: bytes.withUnsafeBufferPointer { $0.codePoint(at: index - 3).value }),
                   number > current,
                   let end = inlineHeadingEnd(bytes, from: index - 3, number: number) {
                    cuts.append((index - 3, end))
                    current = number
                    index = end + 3
                    continue
                }
                index += 1
            }
            if let number = headingNumber(line.text), number > current { current = number }
            guard !cuts.isEmpty else {
                result.append(line)
                continue
            }
            var start = 0
            for cut in cuts {
                append(bytes[start..<cut.start], line.line, to: &result)
                append(bytes[cut.start..<cut.end], line.line, to: &result)
                start = cut.end
            }
            append(bytes[start...], line.line, to: &result)
        }
        for grid in grids.indices { grids[grid].position = grids[grid].position < 0 ? -1 - grids[grid].position : result.count }
        return (result, grids)
    }

    private func append(_ piece: ArraySlice<UInt8>, _ number: Int, to lines: inout [TextLine]) {
        let text = TextLines.trim(Substring(String(decoding: piece, as: UTF8.self)))
        if !text.isEmpty { lines.append(TextLine(line: number, text: text)) }
    }

    /// The byte offset where an inline heading that starts at byte `start` ends, or nil when no keyword of its
    /// section follows: after its first 情况/事项 (the template's headings end so), else at the first space,
    /// digit or full stop.
    private func inlineHeadingEnd(_ bytes: [UInt8], from start: Int, number: Int) -> Int? {
        // A window of the heading's greatest length; a character cut at its end decodes as U+FFFD, harmlessly.
        let window = String(decoding: bytes[start..<min(bytes.count, start + 4 * (2 + options.headingMaxCharacters))], as: UTF8.self)
        guard let keywords = options.sectionKeywords[String(number)] else { return nil }
        let plain = window.isPlainText
        let searched = window.dropFirst(2).prefix(20)
        // Plain text and a plain keyword: found on bytes, where a search by characters folds each one first
        // (a list item `一、` in prose asks this of every keyword).
        let region = plain ? Array(searched.utf8) : []
        guard keywords.contains(where: { keyword in
            plain && keyword.isPlainText ? region.firstOffset(of: Array(keyword.utf8)) != nil : searched.contains(keyword)
        }) else { return nil }
        var best: String.Index?
        if plain {
            // Every code point its own character and its own canonical form: the first ending is found on bytes,
            // where Foundation's search would fold each character first.
            let utf8 = Array(window.utf8)
            let end = Self.headingEndings.compactMap { ending in utf8.firstOffset(of: ending).map { $0 + ending.count } }.min()
            best = end.map { window.utf8.index(window.utf8.startIndex, offsetBy: $0) }
        } else {
            for ending in ["情况", "情況", "事项", "事項"] {
                if let range = window.range(of: ending), best.map({ range.upperBound < $0 }) ?? true { best = range.upperBound }
            }
        }
        var end: String.Index
        if let best, best == window.endIndex || window[best] != "、" {
            end = best
        } else {
            end = window.index(window.startIndex, offsetBy: 2)
            var count = 2
            while end < window.endIndex, count < 20, !window[end].isWhitespace, !window[end].isNumber, window[end] != "。" {
                end = window.index(after: end)
                count += 1
            }
        }
        return start + window[..<end].utf8.count
    }

    /// The section a heading line opens, or nil. Headings are numbered `一、总体情况` (or `一.`, `一．`), and in
    /// some reports `第一部分 总体情况`, `1.总体情况`, or not at all (`总体情况`). A Chinese numeral with its
    /// separator, or 第…部分, is enough; an Arabic number or no number is taken only when the words of that
    /// section follow and the line ends as the template's headings do (…情况, …事项), since `1.属于国家秘密`
    /// and the like are table rows.
    func headingNumber(_ text: String) -> Int? {
        // Every line of a report comes here, twice: a line of plain code points is read on its bytes, where its
        // characters are its code points; any other line by its characters.
        guard !text.isEmpty, text.utf8.count <= options.headingMaxCharacters * 4 else { return nil }
        return text.withUTF8InPlace { headingNumber(plainBytes: $0) } ?? headingNumber(characters: text)
    }

    /// ``headingNumber(_:)`` on the bytes of a line whose every code point is a character of its own
    /// (``Unicode/Scalar/isPlainCharacter(_:)``); `.some(nil)` when it is no heading, nil when the line is not plain.
    private func headingNumber(plainBytes bytes: UnsafeBufferPointer<UInt8>) -> Int?? {
        // The code points, in a buffer on the stack (a line this short has at most 4 × 40 bytes).
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes.count) { buffer -> Int?? in
            var count = 0
            var index = 0
            while index < bytes.count {
                let (value, length) = bytes.codePoint(at: index)
                guard Unicode.Scalar.isPlainCharacter(value) else { return nil }
                buffer[count] = value
                count += 1
                index += length
            }
            guard count <= options.headingMaxCharacters else { return .some(nil) }
            return headingNumber(plain: UnsafeBufferPointer(rebasing: buffer[..<count]), bytes: bytes)
        }
    }

    /// ``headingNumber(_:)`` of a plain line's code points (its characters) and bytes.
    private func headingNumber(plain scalars: UnsafeBufferPointer<UInt32>, bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let first = scalars[0]
        if let number = ChineseDigits.sectionNumber(scalar: first) {
            guard scalars.count > 1, Self.isSeparator(scalars[1]) else { return nil }
            return Self.isTitle(scalars[2...]) ? number : nil
        }
        if first == 0x7B2C, scalars.count > 3, let number = ChineseDigits.sectionNumber(scalar: scalars[1]),  // 第
           scalars[2] == 0x90E8, scalars[3] == 0x5206 {                                                     // 部分
            // Spaces, 、 and colons between 第…部分 and the title.
            let title = scalars[4...].drop { [0x20, 0x3000, 0x3001, 0xFF1A, 0x3A].contains($0) }
            return Self.isTitle(title) ? number : nil
        }
        // Most short lines are table cells: only one ending as the template's headings do may be a heading.
        guard Self.endsAsHeading(bytes) else { return nil }
        var title = scalars[...]
        var titleBytes = bytes[...]
        var stated: Int?
        // 1 to 8, then 、 . ． or a space.
        if (0x31...0x38).contains(first), scalars.count > 1, Self.isSeparator(scalars[1]) || scalars[1] == 0x20 || scalars[1] == 0x3000 {
            stated = Int(first - 0x30)
            title = scalars[2...]
            titleBytes = bytes[(1 + (scalars[1] < 0x80 ? 1 : 3))...]
        }
        // No sentence punctuation: 。，；,;
        guard Self.isTitle(title), !title.contains(where: { [0x3002, 0xFF0C, 0xFF1B, 0x2C, 0x3B].contains($0) }) else { return nil }
        let named = (1...8).first { number in
            options.sectionKeywords[String(number)]?.contains { Self.holds(UnsafeBufferPointer(rebasing: titleBytes), $0) } ?? false
        }
        guard let named, stated == nil || stated == named else { return nil }
        return named
    }

    /// `、`, `.` or `．`: what follows a heading's numeral.
    private static func isSeparator(_ scalar: UInt32) -> Bool { scalar == 0x3001 || scalar == 0x2E || scalar == 0xFF0E }

    /// A heading's text after its number, as plain code points: not empty, and not ending in a number.
    private static func isTitle(_ title: some BidirectionalCollection<UInt32>) -> Bool {
        guard let last = title.last else { return false }
        // A plain code point is its own character: `Character.isNumber` asks its numeric type.
        return Unicode.Scalar(last)?.properties.numericType == nil
    }

    /// Whether plain text holds `keyword`: on bytes when the keyword is plain too (every code point its own
    /// character, so the bytes match where the characters would), else by Foundation's search.
    private static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ keyword: String) -> Bool {
        guard keyword.isPlainText else { return String(decoding: bytes, as: UTF8.self).contains(keyword) }
        // Foundation finds no empty string.
        guard !keyword.isEmpty else { return false }
        return keyword.withUTF8InPlace { bytes.firstOffset(of: $0) != nil }
    }

    /// ``headingNumber(_:)`` by characters, for lines that are not plain.
    func headingNumber(characters text: String) -> Int? {
        // The cheap tests first: few bytes, before counting characters.
        guard let first = text.first, text.utf8.count <= options.headingMaxCharacters * 4,
              text.count <= options.headingMaxCharacters else { return nil }
        if let number = ChineseDigits.sectionNumber(first) {
            let rest = text.dropFirst()
            guard let separator = rest.first, separator == "、" || separator == "." || separator == "．" else { return nil }
            return Self.isTitle(rest.dropFirst()) ? number : nil
        }
        if first == "第", text.count > 3, let number = ChineseDigits.sectionNumber(text.dropFirst().first!),
           text.dropFirst(2).hasPrefix("部分") {
            let title = text.dropFirst(4).drop { $0 == " " || $0 == "\u{3000}" || $0 == "、" || $0 == "：" || $0 == ":" }
            return Self.isTitle(title) ? number : nil
        }
        // Most short lines are table cells: only one ending as the template's headings do may be a heading.
        guard Self.endsAsHeading(text.utf8) else { return nil }
        var title = Substring(text)
        var stated: Int?
        if first.isASCII, let digit = first.wholeNumberValue, (1...8).contains(digit),
           let separator = text.dropFirst().first, ["、", ".", "．", " ", "\u{3000}"].contains(separator) {
            stated = digit
            title = text.dropFirst(2)
        }
        guard Self.isTitle(title), !title.contains(where: { "。，；,;".contains($0) }) else { return nil }
        let named = (1...8).first { number in
            options.sectionKeywords[String(number)]?.contains { title.contains($0) } ?? false
        }
        guard let named, stated == nil || stated == named else { return nil }
        return named
    }

    /// Whether a heading line holds one of the words of section `number`.
    private func namesItsSection(_ text: String, _ number: Int) -> Bool {
        guard let keywords = options.sectionKeywords[String(number)] else { return false }
        guard text.isPlainText else { return keywords.contains { text.contains($0) } }
        return text.withUTF8InPlace { bytes in keywords.contains { Self.holds(bytes, $0) } }
    }

    /// The words the template's section headings end with, as UTF-8.
    private static let headingEndings = ["情况", "情況", "事项", "事項"].map { Array($0.utf8) }

    /// Whether `text` ends with one of ``headingEndings`` (compared on bytes: this runs for every short line).
    private static func endsAsHeading(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        headingEndings.contains { ending in
            bytes.count >= ending.count && bytes.suffix(ending.count).elementsEqual(ending)
        }
    }

    /// A heading's text after its number: not empty, and not ending in a number (`一、本年新收…数量 457`).
    private static func isTitle(_ title: Substring) -> Bool {
        guard let last = title.last else { return false }
        return !last.isNumber
    }
}
