import Foundation

/// A generated corpus of real report text in the forms scraped corpora hold: plain text and HTML pages, in
/// UTF-8, GB18030 and Big5, simplified and traditional. Built from the reports kept in the repository; every
/// document differs (a numbered line), so no two share a cache key. With `distinctProse` (the default of
/// `make bench`) its prose differs too: each long stretch of a sentence carries the document's number
/// (``ProseMarks``), as the prose of distinct reports differs, while the tables stay the template's. Six
/// reports repeated word for word measure memos, not work: Gazette's label memos (keyed by a line) and the
/// peer's charset_normalizer (`mess_ratio` and `coherence_ratio` are `lru_cache`d on the decoded chunk) both
/// hit on almost every document, and neither does on a real corpus; the peak-RSS runs then also miss the memos'
/// growth. `--same-prose` writes the corpus of the figures before 2026-12-01.
///
/// With `toolInputs`, the same bytes are also laid out for the raw tools: the documents of each encoding
/// concatenated (iconv), every HTML page in UTF-8 (xmllint) and every document's text in UTF-8 (opencc).
struct BenchCorpus {
    enum Form: String { case text, html }

    struct Variant {
        /// Index in ``reports``.
        var index: Int
        var report: String
        var form: Form
        var encoding: String
        var traditional: Bool
        /// The document's bytes before its numbered line, a ``ProseMarks/placeholder`` byte where a mark goes.
        var bytes: Data
        /// The same document in UTF-8 (for the raw tools).
        var utf8: Data
        /// The prose marks in the document's encoding, and in UTF-8.
        var marks: ProseMarks
        var utf8Marks: ProseMarks
    }

    let folder: URL
    let documents: Int
    let bytes: Int
    /// A list of the document paths, one per line (the Python peer reads it).
    let list: URL
    /// Tool inputs, when asked for: encoding → concatenated documents; all HTML in UTF-8; all text in UTF-8.
    var iconvInputs: [String: URL] = [:]
    var htmlInput: URL?
    var textInput: URL?
    /// Documents per form, encoding and script, for the record.
    var mix: [String: Int] = [:]

    /// The reports the corpus is made of: (name, path, traditional).
    static let reports: [(String, String, Bool)] = [
        ("guangzhou-2020", "Tests/GazetteDecodeTests/Fixtures/guangzhou-2020.zh-Hans.txt", false),
        ("guangzhou-2020", "Samples/guangzhou-2020-general-office.zh-Hant.txt", true),
        ("pingtan-2019", "Tests/GazetteDecodeTests/Fixtures/pingtan-2019.zh-Hans.txt", false),
        ("pingtan-2019", "Tests/GazetteDecodeTests/Fixtures/pingtan-2019.zh-Hant.txt", true),
        ("pingtan-2021", "Tests/GazetteReconstructTests/Fixtures/pingtan-2021.txt", false),
        ("pingtan-2021-rows", "Tests/GazetteReconstructTests/Fixtures/pingtan-2021.rows.txt", false),
    ]

    /// The variants, in the order documents cycle through them: each report as text and as HTML, in each
    /// encoding its script is published in.
    static func variants(scratch: URL) throws -> [Variant] {
        var variants: [Variant] = []
        for (index, (name, path, traditional)) in reports.enumerated() {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                fail("cannot read \(path) (run from the package folder)", code: 66)
            }
            let marked = ProseMarks.placed(in: text)
            let encodings = traditional ? ["UTF-8", "BIG5-HKSCS", "GB18030"] : ["UTF-8", "GB18030"]
            var marks: [String: ProseMarks] = [:]
            for encoding in encodings {
                marks[encoding] = try ProseMarks(encoding: encoding, traditional: traditional) { try encode($0, to: encoding, scratch: scratch) }
            }
            for form in [Form.text, .html] {
                for encoding in encodings {
                    let label = encoding == "BIG5-HKSCS" ? "big5" : encoding.lowercased()
                    let content = form == .text ? marked : page(marked, charset: label, traditional: traditional)
                    let utf8 = Data((form == .text ? marked : page(marked, charset: "utf-8", traditional: traditional)).utf8)
                    variants.append(Variant(index: index, report: name, form: form, encoding: encoding, traditional: traditional,
                                            bytes: try encode(content, to: encoding, scratch: scratch), utf8: utf8,
                                            marks: marks[encoding]!, utf8Marks: marks["UTF-8"]!))
                }
            }
        }
        return variants
    }

    static func generate(count: Int, variants: [Variant], in folder: URL, toolInputs: Bool,
                         distinctProse: Bool) throws -> BenchCorpus {
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: folder)
        let documentsFolder = folder.appendingPathComponent("documents")
        try fileManager.createDirectory(at: documentsFolder, withIntermediateDirectories: true)
        var handles: [String: FileHandle] = [:]
        func append(_ data: Data, to name: String) throws {
            if handles[name] == nil {
                let url = folder.appendingPathComponent(name)
                fileManager.createFile(atPath: url.path, contents: nil)
                handles[name] = try FileHandle(forWritingTo: url)
            }
            handles[name]!.write(data)
        }
        var paths: [String] = []
        var total = 0
        var mix: [String: Int] = [:]
        let byReport = reports.indices.map { index in variants.filter { $0.index == index } }
        for number in 0..<count {
            // Documents cycle through reports fastest, so any prefix of the corpus holds every report.
            let forms = byReport[number % reports.count]
            let variant = forms[(number / reports.count) % forms.count]
            let suffix = Data((variant.form == .html ? "\n<!-- document \(number) -->\n" : "\nDocument \(number)\n").utf8)
            let mark = distinctProse ? number : nil
            let data = variant.marks.marking(variant.bytes, number: mark) + suffix
            let file = documentsFolder.appendingPathComponent(
                String(format: "doc-%06d-%@.%@", number, variant.report, variant.form == .html ? "html" : "txt"))
            try data.write(to: file)
            paths.append(file.path)
            total += data.count
            mix["\(variant.form.rawValue) \(variant.encoding) \(variant.traditional ? "traditional" : "simplified")", default: 0] += 1
            if toolInputs {
                try append(data, to: "tool-iconv-\(variant.encoding).bin")
                let utf8 = variant.utf8Marks.marking(variant.utf8, number: mark) + suffix
                try append(utf8, to: "tool-opencc.txt")
                if variant.form == .html { try append(utf8, to: "tool-xmllint.html") }
            }
        }
        for handle in handles.values { try handle.close() }
        let list = folder.appendingPathComponent("documents.list")
        try Data((paths.joined(separator: "\n") + "\n").utf8).write(to: list)
        var corpus = BenchCorpus(folder: documentsFolder, documents: count, bytes: total, list: list, mix: mix)
        if toolInputs {
            for name in handles.keys where name.hasPrefix("tool-iconv-") {
                corpus.iconvInputs[String(name.dropFirst("tool-iconv-".count).dropLast(".bin".count))] = folder.appendingPathComponent(name)
            }
            corpus.htmlInput = handles["tool-xmllint.html"] == nil ? nil : folder.appendingPathComponent("tool-xmllint.html")
            corpus.textInput = folder.appendingPathComponent("tool-opencc.txt")
        }
        return corpus
    }

    /// The report as an agency's page: navigation and footer around the text, a `<p>` per paragraph and the
    /// tables as `<table>` rows (``tablePage(_:)``), the charset declared in a `<meta>`. The site's chrome is
    /// in the report's script (a Big5 page has no simplified characters).
    private static func page(_ text: String, charset: String, traditional: Bool) -> String {
        let title = text.split(separator: "\n").first.map(String.init) ?? ""
        let chrome = traditional
            ? ["首頁", "政務公開", "年度報告", "主辦單位：人民政府辦公室", "網站標識碼 版權所有", "分享到"]
            : ["首页", "政务公开", "年度报告", "主办单位：人民政府办公室", "网站标识码 版权所有", "分享到"]
        return """
            <!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=\(charset)">
            <title>\(title)</title><meta name="ArticleTitle" content="\(title)"></head><body>
            <div class="nav"><a href="/">\(chrome[0])</a> <a href="/zwgk">\(chrome[1])</a> <a href="/zwgk/ndbg">\(chrome[2])</a></div>
            <div class="article">
            \(tablePage(text))</div>
            <div class="footer"><p>\(chrome[3])</p><p>\(chrome[4])</p></div>
            <script>var share = "\(chrome[5])";</script></body></html>
            """
    }

    private static func encode(_ text: String, to encoding: String, scratch: URL) throws -> Data {
        if encoding == "UTF-8" { return Data(text.utf8) }
        let input = scratch.appendingPathComponent("encode-in.txt"), output = scratch.appendingPathComponent("encode-out.bin")
        try Data(text.utf8).write(to: input)
        guard shell("iconv -f UTF-8 -t \(encoding) \(quoted(input.path)) > \(quoted(output.path))") == 0 else {
            fail("iconv cannot write the corpus in \(encoding)")
        }
        return try Data(contentsOf: output)
    }
}

/// The marks that make each document's prose its own: after a full stop or comma that ends 20 characters or
/// more of a line (outside tags, since the last mark), `第<document>-<mark>号` (號 in traditional text), as
/// distinct reports differ by their numbers, names and dates. A mark holds no label of the template, so the
/// tables read as before (the same cells, values and checks as without marks).
struct ProseMarks {
    /// Where a mark goes, in the text and its bytes: no encoding here writes this byte inside a character.
    static let placeholder: UInt8 = 0x01

    /// 第 and 号 (or 號) as bytes of the encoding; the digits and the dash are ASCII in every encoding here.
    private let opening: [UInt8]
    private let closing: [UInt8]

    init(encoding: String, traditional: Bool, encode: (String) throws -> Data) throws {
        let words = try encode(traditional ? "第\n號" : "第\n号").split(separator: 0x0A).map(Array.init)
        guard words.count == 2 else { fail("cannot write the prose marks in \(encoding)") }
        (opening, closing) = (words[0], words[1])
    }

    /// `text` with a placeholder where each mark goes.
    static func placed(in text: String) -> String {
        var marked = ""
        marked.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var run = 0
        for scalar in text.unicodeScalars {
            marked.unicodeScalars.append(scalar)
            switch scalar {
            case "<", ">", "\n":
                run = 0
            case "。" where run >= 20, "，" where run >= 20:
                marked.unicodeScalars.append(Unicode.Scalar(placeholder))
                run = 0
            default:
                run += 1
            }
        }
        return marked
    }

    /// `bytes` with each placeholder replaced by document `number`'s mark, or dropped when `number` is nil.
    func marking(_ bytes: Data, number: Int?) -> Data {
        var output = Data()
        output.reserveCapacity(bytes.count + 256)
        var mark = 0
        for byte in bytes {
            guard byte == Self.placeholder else {
                output.append(byte)
                continue
            }
            guard let number else { continue }
            mark += 1
            output.append(contentsOf: opening)
            output.append(contentsOf: Array("\(number)-\(mark)".utf8))
            output.append(contentsOf: closing)
        }
        return output
    }
}
