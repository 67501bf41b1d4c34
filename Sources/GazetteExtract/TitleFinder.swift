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

    static func find(in lines: [TextLine], pageTitle: String?) -> Found {
        for (index, line) in lines.prefix(12).enumerated() {
            for label in titleLabels where line.text.hasPrefix(label) {
                let rest = line.text.dropFirst(label.count).drop { $0 == " " }
                if rest.first == ":" || rest.first == "：" {
                    let title = TextLines.trim(rest.dropFirst())
                    if !title.isEmpty { return Found(title: title, line: line.line, lineIndex: index) }
                }
            }
        }
        if let pageTitle, !pageTitle.isEmpty {
            // A page's body usually repeats its <title>; take that line out of the body too.
            let index = lines.prefix(40).firstIndex { $0.text == pageTitle }
            return Found(title: pageTitle, line: index.map { lines[$0].line }, lineIndex: index)
        }
        guard let first = lines.first, first.text.count <= 100 else { return Found() }
        return Found(title: first.text, line: first.line, lineIndex: 0)
    }

    /// The agency and year in titles such as `广州市人民政府办公厅2020年政府信息公开工作年度报告`
    /// or `2020年广州市人民政府办公厅政府信息公开工作年度报告`.
    static func agencyAndYear(in title: String) -> (agency: String?, year: Int?) {
        let characters = Array(title)
        var index = 0
        while index + 4 < characters.count {
            let digits = characters[index..<index + 4]
            let yearEnd = index + 4
            if digits.allSatisfy(\.isASCIIDigit), characters[yearEnd] == "年",
               index == 0 || !characters[index - 1].isASCIIDigit,
               let year = Int(String(digits)), (1990...2100).contains(year) {
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

    private static let subjectMarkers = ["政府信息公开", "政府信息公開", "政务公开", "政務公開", "信息公开", "資訊公開"]
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
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
