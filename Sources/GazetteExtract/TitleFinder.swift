import Foundation
import GazetteCore

/// Finds the report's title and reads the agency and the year from it.
enum TitleFinder {
    struct Found {
        var title: String?
        var line: Int?
        /// Index into the lines of the title line, which is then not part of the body.
        var lineIndex: Int?
    }

    /// Labels crawlers put before the title in saved text (`标题: …`).
    private static let titleLabels = ["标题", "標題", "title", "Title", "TITLE"]

    /// The title: a crawler's `标题:` line; else the first of the page's titles (`pageTitles`, best first) that
    /// names a report; else the report's heading among the top lines; else the title field of the record of
    /// a crawler's export the document is (`recordTitle`); else the page's first title; else the first line,
    /// if short.
    static func find(in lines: [TextLine], pageTitles: [String], recordTitle: String? = nil) -> Found {
        for (index, line) in lines.prefix(12).enumerated() {
            for label in titleLabels where line.text.hasPrefix(label) {
                let rest = line.text.dropFirst(label.count).drop { $0 == " " }
                if rest.first == ":" || rest.first == "：" {
                    let title = TextLines.trim(rest.dropFirst())
                    if !title.isEmpty { return Found(title: title, line: line.line, lineIndex: index) }
                }
            }
        }
        // A page's body usually repeats its title; take that line out of the body too.
        func fromPage(_ title: String) -> Found {
            let index = lines.prefix(40).firstIndex { $0.text == title }
            return Found(title: title, line: index.map { lines[$0].line }, lineIndex: index)
        }
        // Many pages' <title> is only the site's name: then their <h1>, or the report's own heading near the
        // top of the body, names the agency and the year.
        if let title = pageTitles.first(where: looksLikeReportTitle) { return fromPage(title) }
        if let heading = headingLine(in: lines) ?? embeddedHeading(in: lines) { return heading }
        if let recordTitle { return Found(title: recordTitle) }
        if let title = pageTitles.first { return fromPage(title) }
        guard let first = lines.first, first.text.count <= 100 else { return Found() }
        return Found(title: first.text, line: first.line, lineIndex: 0)
    }

    /// The first of the top lines that reads as a report's title.
    private static func headingLine(in lines: [TextLine]) -> Found? {
        guard let index = lines.prefix(12).firstIndex(where: { looksLikeReportTitle($0.text) }) else { return nil }
        return Found(title: lines[index].text, line: lines[index].line, lineIndex: index)
    }

    /// A report's title inside a top line, between spaces: crawled text runs the heading together with the
    /// breadcrumbs before it (`当前位置： 首页… 某区2021年度政府信息公开工作年度报告 来源：…`) or with the first
    /// paragraph after it. Only a piece that also holds a year counts (a breadcrumb may end in 年报). The line
    /// stays in the body: it holds more than the title.
    private static func embeddedHeading(in lines: [TextLine]) -> Found? {
        for line in lines.prefix(12) {
            // The heading is at the head of its line (after breadcrumbs, or before the first paragraph): a long
            // line is cut at 200 characters, its last piece then dropped as possibly cut short.
            let isLong = line.text.utf8.count > 600
            let head = isLong ? Substring(line.text.prefix(200)) : Substring(line.text)
            var pieces = head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{00A0}" })
            if isLong, !pieces.isEmpty { pieces.removeLast() }
            guard pieces.count > 1 || (isLong && !pieces.isEmpty) else { continue }
            if let piece = pieces.first(where: { looksLikeReportTitle(String($0)) && agencyAndYear(in: String($0)).year != nil }) {
                return Found(title: String(piece), line: line.line, lineIndex: nil)
            }
        }
        return nil
    }

    /// A short line naming an annual report (`…2020年政府信息公开工作年度报告`), not a sentence about one
    /// (`…现将2020年度报告公布如下。`): the line is taken out of the body, so only a title may pass.
    static func looksLikeReportTitle(_ text: String) -> Bool {
        guard text.utf8.count <= 80 * 4, text.count <= 80,
              !text.contains(where: { sentencePunctuation.contains($0) }) else { return false }
        return reportWords.contains { text.contains($0) } || text.hasSuffix("报告") || text.hasSuffix("報告")
    }

    private static let reportWords = ["年度报告", "年度報告", "年报", "年報"]
    private static let sentencePunctuation: Set<Character> = ["。", "，", "；", "：", ",", ";", ":"]

    /// The agency and year in titles such as `广州市人民政府办公厅2020年政府信息公开工作年度报告`
    /// or `2020年广州市人民政府办公厅政府信息公开工作年度报告`. The year may be written in ASCII digits,
    /// full-width digits (`２０２０年`) or Chinese numerals (`二〇二〇年`), as official titles are.
    static func agencyAndYear(in title: String) -> (agency: String?, year: Int?) {
        let characters = Array(title)
        var index = 0
        while index + 4 < characters.count {
            let yearEnd = index + 4
            if characters[yearEnd] == "年", let year = Self.year(characters[index..<yearEnd]),
               index == 0 || YearDigit(characters[index - 1]) == nil {
                var agency = String(characters[..<index])
                if agency.isEmpty {
                    // The year comes first: the agency runs from after 年(度) to the report's subject.
                    var rest = String(characters[(yearEnd + 1)...])
                    if rest.hasPrefix("度") { rest.removeFirst() }
                    agency = subjectMarkers.compactMap { marker in rest.range(of: marker).map { String(rest[..<$0.lowerBound]) } }
                        .min { $0.count < $1.count } ?? ""
                }
                agency = agency.trimmingSuffix(["关于", "關於", "的"])
                return (agency.isEmpty ? nil : agency, year)
            }
            index += 1
        }
        let agency = subjectMarkers.compactMap { marker in title.range(of: marker).map { String(title[..<$0.lowerBound]) } }
            .min { $0.count < $1.count }?.trimmingSuffix(["关于", "關於", "的"])
        return (agency.flatMap { $0.isEmpty ? nil : $0 }, nil)
    }

    /// Four digits of one form that make a plausible report year.
    private static func year(_ characters: ArraySlice<Character>) -> Int? {
        let digits = characters.compactMap(YearDigit.init)
        guard digits.count == 4, Set(digits.map(\.form)).count == 1 else { return nil }
        let year = digits.reduce(0) { $0 * 10 + $1.value }
        return (1990...2100).contains(year) ? year : nil
    }

    /// A digit of a year: its value and the form it is written in.
    private struct YearDigit {
        enum Form { case ascii, fullWidth, chinese }
        var value: Int
        var form: Form

        init?(_ character: Character) {
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
            switch scalar.value {
            case 0x30...0x39: (value, form) = (Int(scalar.value - 0x30), .ascii)
            case 0xFF10...0xFF19: (value, form) = (Int(scalar.value - 0xFF10), .fullWidth)
            default:
                guard let digit = ChineseDigits.values[character] else { return nil }
                (value, form) = (digit, .chinese)
            }
        }
    }

    private static let subjectMarkers = ["政府信息公开", "政府信息公開", "政务公开", "政務公開", "信息公开", "資訊公開"]
}

extension String {
    /// Without the words around an agency's name in a title: a leading 关于, a trailing 的.
    fileprivate func trimmingSuffix(_ words: [String]) -> String {
        var result = self.trimmingCharacters(in: [" ", "　"])
        for word in words where result.hasSuffix(word) { result.removeLast(word.count) }
        for word in words where result.hasPrefix(word) { result.removeFirst(word.count) }
        return result
    }

    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
