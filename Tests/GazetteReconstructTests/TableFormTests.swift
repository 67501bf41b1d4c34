import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// The sample report rewritten in each form real copies of its tables take; every form must give the
/// published values.
@Suite struct TableFormTests {
    enum Form: String, CaseIterable, Sendable {
        /// `规章 8 8 239`
        case spaceSeparated
        /// `规章<TAB>8<TAB>8<TAB>239`
        case tabSeparated
        /// `| 规章 | 8 | 8 | 239 |`, as PDF-to-markdown converters write tables
        case markdownPipes
        /// the labels of a table first, then its rows of numbers (labels torn from their numbers)
        case markdownTornLabels
        /// `<table>` markup, header spans included, as agencies' pages publish it
        case htmlTable
        /// one `<p>` per cell, as some CMS pages flatten tables
        case htmlParagraphs
    }

    let processor: DocumentProcessor
    let expected: ExpectedValues

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
        expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
    }

    @Test(arguments: Form.allCases)
    func everyFormGivesThePublishedValues(_ form: Form) throws {
        let lines = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt")).components(separatedBy: "\n")
        let (text, uri) = Self.render(lines, as: form)
        let result = processor.process(FetchRequest(uri: uri, content: Data(text.utf8)))
        let report = try #require(result.report)
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.template == "2019")
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.count == 40)
        #expect(checks.allSatisfy { $0.ok == true })
    }

    /// A block of the body: a label with the numbers after it, or a run of numbers alone, or a plain line.
    private enum Block {
        case row(label: String?, values: [String])
        case line(String)
    }

    private static func isNumber(_ line: String) -> Bool {
        !line.isEmpty && line.allSatisfy { $0.isNumber || $0 == "." || $0 == "万" || $0 == "元" }
    }

    private static func blocks(_ lines: [String]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            var end = index + 1
            while end < lines.count, isNumber(lines[end]) { end += 1 }
            if isNumber(lines[index]) {
                blocks.append(.row(label: nil, values: Array(lines[index..<end])))
            } else if end > index + 1 {
                blocks.append(.row(label: lines[index], values: Array(lines[(index + 1)..<end])))
            } else {
                blocks.append(.line(lines[index]))
            }
            index = end
        }
        return blocks
    }

    static func render(_ lines: [String], as form: Form) -> (text: String, uri: String) {
        let blocks = blocks(lines)
        func cells(_ label: String?, _ values: [String]) -> [String] { (label.map { [$0] } ?? []) + values }
        switch form {
        case .spaceSeparated, .tabSeparated:
            let separator = form == .spaceSeparated ? " " : "\t"
            return (blocks.map { block in
                switch block {
                case .row(let label, let values): cells(label, values).joined(separator: separator)
                case .line(let line): line
                }
            }.joined(separator: "\n"), "report.txt")
        case .markdownPipes:
            return (blocks.map { block in
                switch block {
                case .row(let label, let values): "| " + cells(label, values).joined(separator: " | ") + " |"
                case .line(let line): line
                }
            }.joined(separator: "\n"), "report.md")
        case .markdownTornLabels:
            // Consecutive labelled rows lose their alignment: their labels come first, then their numbers.
            var output: [String] = []
            var pendingLabels: [String] = [], pendingValues: [String] = []
            func flush() {
                output += pendingLabels.map { "| \($0) |" } + pendingValues
                pendingLabels = []
                pendingValues = []
            }
            for block in blocks {
                switch block {
                case .row(let label?, let values) where values.count == 3 && !label.hasPrefix("第"):
                    pendingLabels.append(label)
                    pendingValues.append("| " + values.joined(separator: " | ") + " |")
                case .row(let label, let values):
                    flush()
                    output.append("| " + cells(label, values).joined(separator: " | ") + " |")
                case .line(let line):
                    flush()
                    output.append(line)
                }
            }
            flush()
            return (output.joined(separator: "\n"), "report.md")
        case .htmlTable, .htmlParagraphs:
            var body: [String] = []
            var inTable = false
            for block in blocks {
                switch block {
                case .row(let label, let values):
                    if form == .htmlParagraphs {
                        body += cells(label, values).map { "<p>\($0)</p>" }
                    } else {
                        if !inTable { body.append("<table border=\"1\">") }
                        inTable = true
                        body.append("<tr>" + cells(label, values).map { "<td>\($0)</td>" }.joined() + "</tr>")
                    }
                case .line(let line):
                    if inTable { body.append("</table>") }
                    inTable = false
                    guard !line.isEmpty else { continue }
                    body.append(form == .htmlTable && line.count < 12 && !line.contains("、")
                                ? "<table><tr><th>\(line)</th></tr></table>" : "<p>\(line)</p>")
                }
            }
            if inTable { body.append("</table>") }
            let page = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>\(lines[0])</title></head>
                <body><div class="nav"><a href="/">首页</a></div>
                \(body.joined(separator: "\n"))
                </body></html>
                """
            return (page, "report.html")
        }
    }
}
