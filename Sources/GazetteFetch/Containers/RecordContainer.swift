import Foundation
import GazetteCore

/// What a field of a crawler's export holds, as Gazette uses it.
public enum RecordField: String, CaseIterable, Sendable {
    case content, title, url, date, agency

    /// The header names crawlers give each field, in Chinese and English, the likelier first. English names
    /// are compared without case.
    static let names: [RecordField: [String]] = [
        .content: ["内容", "正文", "正文内容", "文章内容", "content", "html", "text", "body", "article", "page_content"],
        .title: ["标题", "文章标题", "题目", "title", "name", "headline"],
        .url: ["访问地址", "链接", "网址", "页面地址", "原文链接", "url", "link", "href", "page_url", "source_url"],
        .date: ["时间", "发布日期", "发布时间", "日期", "成文日期", "date", "published", "publish_date", "pubdate", "time"],
        .agency: ["来源网站", "来源", "发布机构", "网站", "site", "agency", "publisher", "source"],
    ]
}

/// What gives a container's documents, one at a time: a crawler's export of records (``RecordContainer``) or
/// a web archive (``WARCReader``).
protocol RecordSource: AnyObject {
    func next() -> FetchRequest?
}

/// A crawler's export read as many documents, one a record (SPEC.md, "Record containers"): CSV and TSV with
/// a header row, JSON Lines, and JSON whose top level is an array of objects; in UTF-8 (a BOM allowed) or
/// GB18030. Records are read as they are asked for, so a container of any size is read in constant memory.
///
/// A file is taken for a container by its name (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.json`) and then by
/// its content: its fields must include one Gazette knows (or one `--field` names). A `.csv` that is a report
/// saved under that name stays one document; a container with fields Gazette knows but no content field is
/// an error of the whole input (`fetch.no-content-field`).
public final class RecordContainer: RecordSource {
    enum Opening {
        /// Not a container: one document, as any file.
        case document
        case container(any RecordSource)
        /// A container that cannot give documents: the whole input fails with this code and message.
        case failed(GazetteError.Code, String)
    }

    private enum Reader {
        case csv(CSVRecordReader)
        case jsonLines(JSONLinesRecordReader)
        case jsonArray(JSONArrayRecordReader)
    }

    public let path: String
    private let reader: Reader
    /// The field name each role is read from: for CSV and TSV, from the header; JSON records name their
    /// fields each, so theirs are found again in every record (`named` first).
    private let fieldNames: [RecordField: String]
    private let named: [String: String]
    /// A first record read while the fields were found (JSON containers name their fields in each record).
    private var waiting: ContainerRecord?
    private var number = 0
    private let bytes: ByteStream
    /// A cut-short file is said once: in the record it cut, or after the last record when it cut none.
    private var toldTruncation = false

    private init(path: String, bytes: ByteStream, reader: Reader, fieldNames: [RecordField: String],
                 named: [String: String], waiting: ContainerRecord?) {
        self.path = path
        self.bytes = bytes
        self.reader = reader
        self.fieldNames = fieldNames
        self.named = named
        self.waiting = waiting
    }

    /// The documents `request` stands for: each record when it names a local file that is a container (one
    /// failing request when the container cannot give any), else the request itself. `named` maps a field
    /// (`content`, `title`, …) to the name it has in the export, over the names crawlers use; `maxBytes` bounds
    /// what one record of a web archive may hold in memory.
    public static func documents(of request: FetchRequest, named: [String: String], maxBytes: Int) -> AnyIterator<FetchRequest> {
        guard request.content == nil, InputLocation.scheme(of: request.uri) == nil else { return AnyIterator([request].makeIterator()) }
        switch open(request.uri, named: named, maxBytes: maxBytes) {
        case .document:
            return AnyIterator([request].makeIterator())
        case .container(let source):
            return AnyIterator { source.next() }
        case .failed(let code, let message):
            var failed = request
            failed.problem = FetchRequest.Problem(code: code.rawValue, message: message)
            return AnyIterator([failed].makeIterator())
        }
    }

    /// The extensions of the exports whose records are documents, and of web archives.
    private static let recordExtensions = ["csv", "tsv", "jsonl", "ndjson", "json"]
    private static let archiveExtension = "warc"
    /// The endings of a container's name: its extension, or `.gz` (compressed, the extension before it).
    private static let containerEndings = (["gz", archiveExtension] + recordExtensions).map { "." + $0 }
    private static let longestEnding = containerEndings.map(\.utf8.count).max() ?? 0

    /// Whether `path`'s extension may be a container's: false for a name ending any other way, told from its last
    /// bytes. Every input of a run is asked, and a URL made of each path cost more than reading a small document.
    static func mayNameContainer(_ path: String) -> Bool {
        var name = path.utf8[...]
        while name.last == UInt8(ascii: "/") { name = name.dropLast() }
        let tail = name.suffix(longestEnding).map(\.asciiLowercased)
        return containerEndings.contains { tail.suffix($0.utf8.count).elementsEqual($0.utf8) }
    }

    /// Opens `path` as a container if it is one.
    static func open(_ path: String, named: [String: String], maxBytes: Int) -> Opening {
        guard mayNameContainer(path) else { return .document }
        // `export.csv.gz` is a CSV container, compressed (a compressed file under any name is read inflated).
        var url = URL(fileURLWithPath: path)
        if url.pathExtension.lowercased() == "gz" { url.deletePathExtension() }
        let fileExtension = url.pathExtension.lowercased()
        if fileExtension == archiveExtension {
            // A web archive holds bytes in any charset, read as they are: its records are not fields of text.
            return WARCReader(path: path, maxBytes: maxBytes).map { .container($0) } ?? .document
        }
        guard recordExtensions.contains(fileExtension),
              let text = ContainerText(path: InputLocation.path(of: path)) else { return .document }
        let bytes = ByteStream(text)
        let reader: Reader
        var names: [String]
        var waiting: ContainerRecord?
        switch fileExtension {
        case "csv", "tsv":
            guard let csv = CSVRecordReader(bytes, delimiter: UInt8(ascii: fileExtension == "tsv" ? "\t" : ",")) else {
                return .document
            }
            reader = .csv(csv)
            names = csv.header
        case "json":
            guard let array = JSONArrayRecordReader(bytes) else { return .document }
            reader = .jsonArray(array)
            waiting = array.next()
            names = waiting?.fieldNames ?? []
        default:
            let lines = JSONLinesRecordReader(bytes)
            reader = .jsonLines(lines)
            waiting = lines.next()
            names = waiting?.fieldNames ?? []
            // A first line that is not an object: not JSON Lines after all (unless a later line shows it is).
            if names.isEmpty, case .malformed? = waiting { return .document }
        }
        let fieldNames = resolve(names, named: named)
        guard !fieldNames.isEmpty else { return .document }
        guard fieldNames[.content] != nil else {
            return .failed(.fetchNoContentField, "a \(fileExtension.uppercased()) container with fields \(names.joined(separator: ", ")) and none holding the content; name it with --field content=NAME")
        }
        return .container(RecordContainer(path: path, bytes: bytes, reader: reader, fieldNames: fieldNames, named: named,
                                          waiting: waiting))
    }

    /// The field each role is read from: a name given for it, else the first of the names crawlers use.
    static func resolve(_ names: [String], named: [String: String]) -> [RecordField: String] {
        var resolved: [RecordField: String] = [:]
        for field in RecordField.allCases {
            if let given = named[field.rawValue] {
                if names.contains(given) { resolved[field] = given }
                continue
            }
            for candidate in RecordField.names[field]! {
                if let name = names.first(where: { $0 == candidate || $0.lowercased() == candidate }) {
                    resolved[field] = name
                    break
                }
            }
        }
        return resolved
    }

    /// The next record as a fetch request; nil at the end. A record that cannot be read is a request that
    /// fails with `fetch.bad-record` and its number.
    func next() -> FetchRequest? {
        let record: ContainerRecord?
        if let waiting {
            record = waiting
            self.waiting = nil
        } else {
            switch reader {
            case .csv(let csv): record = csv.next()
            case .jsonLines(let lines): record = lines.next()
            case .jsonArray(let array): record = array.next()
            }
        }
        guard let record = record ?? untoldTruncation() else { return nil }
        number += 1
        if case .malformed = record, bytes.truncated { toldTruncation = true }
        let uri = "\(path)#record=\(number)"
        var request = FetchRequest(uri: uri)
        switch record {
        case .malformed(let why):
            request.problem = FetchRequest.Problem(code: GazetteError.Code.fetchBadRecord.rawValue,
                                                   message: "record \(number) of \(path) cannot be read: \(why)")
            return request
        case .fields(let fields):
            let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            var fieldNames = fieldNames
            if case .csv = reader {} else { fieldNames = Self.resolve(fields.map(\.name), named: named) }
            let content = fieldNames[.content].flatMap { byName[$0] } ?? ""
            request.content = Data(content.utf8)
            request.contentType = Self.looksLikeHTML(content) ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
            request.url = fieldNames[.url].flatMap { byName[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            var others = byName
            if let name = fieldNames[.content] { others[name] = nil }
            var sourceRecord = SourceRecord(container: path, number: number, fields: others)
            sourceRecord.title = fieldNames[.title].flatMap { byName[$0] }
            sourceRecord.date = fieldNames[.date].flatMap { byName[$0] }
            sourceRecord.agency = fieldNames[.agency].flatMap { byName[$0] }
            request.record = sourceRecord
            return request
        }
    }

    /// The end of a cut-short file that cut no record: the records after the cut are lost, and that is said
    /// as the next record.
    private func untoldTruncation() -> ContainerRecord? {
        guard bytes.truncated, !toldTruncation else { return nil }
        toldTruncation = true
        return .malformed("the compressed file is cut short after record \(number): the records after it are lost")
    }

    /// Whether a field's text is HTML: after any white space it opens with a tag, or its head
    /// (``htmlHeadBytes``) holds a tag a page's body is made of (``bodyTags``, ASCII letters in any case).
    ///
    /// On the bytes: every record of a container comes here. Lowercasing the head's characters and searching the
    /// copy for each tag went through Foundation's string search (`NSString.range(of:)`), a fifth of the CPU of
    /// a one-job run of records; a text record, holding none of the tags, was searched through seven times.
    static func looksLikeHTML(_ content: String) -> Bool {
        content.withUTF8InPlace { bytes in
            let headCount = min(bytes.count, htmlHeadBytes)
            var start = 0
            // White space is read on the whole text: a code point cut by the head's end is still read whole.
            while start < headCount, case let space = bytes.whiteSpaceLength(at: start), space > 0 { start += space }
            guard start < headCount else { return false }
            if bytes[start] == UInt8(ascii: "<") { return true }
            return (start..<headCount).contains { index in
                bytes[index] == UInt8(ascii: "<") && bodyTags.contains { tag in
                    index + tag.count <= headCount && tag.indices.dropFirst().allSatisfy { bytes[index + $0].asciiLowercased == tag[$0] }
                }
            }
        }
    }

    /// How far into a record's text ``looksLikeHTML(_:)`` looks for a body's tag: 2,048 characters of Chinese
    /// (the window was 2,048 characters before it was read on the bytes). A text report may quote markup
    /// further down.
    static let htmlHeadBytes = 6_144

    /// The tags that make a text HTML wherever they stand in its head, lowercased, each from its `<`.
    static let bodyTags: [[UInt8]] = ["<p>", "<p ", "<div", "<table", "<br", "<html", "<span"].map { Array($0.utf8) }
}
