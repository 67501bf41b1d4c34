import Foundation
import GazetteCore

/// The documents of a WARC web archive (1.0 and 1.1; plain, or gzip-compressed a member per record as
/// `.warc.gz` is written): `response` records of a 2xx answer and `resource` records are documents, their HTTP
/// headers kept (the `Content-Type` charset reaches decode as the declared charset); `request`, `metadata` and
/// `warcinfo` records, and redirects, are skipped; a non-2xx answer is a `fetch.http-status` error; a
/// `revisit` record is the earlier payload it names when that payload is in the same file. Chunked and
/// gzip/deflate HTTP bodies are decoded. Records are read one at a time.
final class WARCReader: RecordSource {
    private let file: FileBytes
    private let path: String
    /// The fetch stage's `max_bytes`: a larger block is skipped unread (`fetch.too-large`), a body that
    /// inflates past it is refused.
    private let maxBytes: Int
    private var buffer: [UInt8] = []
    private var index = 0
    private var number = 0
    private var ended = false
    /// Payloads of earlier responses by their digest, for revisit records; bounded.
    private var payloads: [String: (content: Data, contentType: String?)] = [:]
    private var payloadBytes = 0
    private static let payloadLimit = 64 << 20

    init?(path: String, maxBytes: Int) {
        guard let file = FileBytes(path: InputLocation.path(of: path)) else { return nil }
        self.file = file
        self.path = path
        self.maxBytes = maxBytes
        guard let head = peekBytes(5), head == Array("WARC/".utf8) else { return nil }
    }

    /// The next document (or error) of the archive; nil at the end.
    func next() -> FetchRequest? {
        while !ended {
            skipBlankLines()
            guard peekBytes(1) != nil else {
                ended = true
                if file.truncated { return problem("the compressed archive is cut short after record \(number)") }
                return nil
            }
            number += 1
            guard let headers = readHeaderBlock(), headers.first?.hasPrefix("WARC/") == true else {
                ended = true
                return problem("record \(number) does not start with a WARC version line")
            }
            let fields = Self.fields(headers.dropFirst())
            guard let length = fields["content-length"].flatMap(Int.init), length >= 0 else {
                ended = true
                return problem("record \(number) has no Content-Length")
            }
            guard length <= maxBytes else {
                guard skipBytes(length) else {
                    ended = true
                    return problem("record \(number)'s Content-Length (\(length)) runs past the end of the file")
                }
                return problem("record \(number) holds \(length) bytes, more than max_bytes (\(maxBytes))", code: .fetchTooLarge)
            }
            guard let block = readBytes(length) else {
                ended = true
                return problem("record \(number)'s Content-Length (\(length)) runs past the end of the file")
            }
            if let request = document(fields: fields, block: block) { return request }
        }
        return nil
    }

    // MARK: Records

    private func document(fields: [String: String], block: [UInt8]) -> FetchRequest? {
        let type = fields["warc-type"]?.lowercased() ?? ""
        // WARC 1.0 as wget writes it puts the URI in angle brackets.
        let target = fields["warc-target-uri"].map { $0.hasPrefix("<") && $0.hasSuffix(">") ? String($0.dropFirst().dropLast()) : $0 }
        // The crawler's own records (wget's arguments and log, Heritrix's DNS lookups) are not pages.
        if let target, ["metadata:", "dns:"].contains(where: { target.lowercased().hasPrefix($0) }) { return nil }
        switch type {
        case "response":
            guard let response = HTTPResponse(block) else { return problem("record \(number): the HTTP response cannot be read") }
            if (300..<400).contains(response.status) { return nil }   // the redirect's target is a record of its own
            guard (200..<300).contains(response.status) else {
                var request = problem("HTTP \(response.status) for \(target ?? "?")", code: .fetchHTTPStatus)
                request.url = target
                return request
            }
            guard let body = response.decodedBody(limit: maxBytes) else {
                return problem("record \(number): the body's \(response.header("content-encoding") ?? "") encoding cannot be decoded, or it inflates past max_bytes (\(maxBytes))")
            }
            remember(Data(body), contentType: response.header("content-type"), digest: fields["warc-payload-digest"])
            return request(content: Data(body), contentType: response.header("content-type"), url: target, type: type)
        case "resource":
            return request(content: Data(block), contentType: fields["content-type"], url: target, type: type)
        case "revisit":
            guard let digest = fields["warc-payload-digest"], let earlier = payloads[digest] else {
                return problem("record \(number) revisits \(target ?? "?") whose payload is not in this file",
                               code: .fetchRevisitNotFound)
            }
            return request(content: earlier.content, contentType: earlier.contentType, url: target, type: type)
        default:
            return nil   // request, metadata, warcinfo, conversion, continuation
        }
    }

    private func request(content: Data, contentType: String?, url: String?, type: String) -> FetchRequest {
        var request = FetchRequest(uri: "\(path)#record=\(number)", content: content, contentType: contentType)
        request.url = url
        request.record = SourceRecord(container: path, number: number,
                                      fields: ["warc-type": type].merging(url.map { ["warc-target-uri": $0] } ?? [:]) { $1 })
        return request
    }

    private func problem(_ message: String, code: GazetteError.Code = .fetchBadRecord) -> FetchRequest {
        var request = FetchRequest(uri: "\(path)#record=\(max(number, 1))")
        request.problem = FetchRequest.Problem(code: code.rawValue, message: message)
        return request
    }

    private func remember(_ content: Data, contentType: String?, digest: String?) {
        guard let digest, payloadBytes + content.count <= Self.payloadLimit else { return }
        payloads[digest] = (content, contentType)
        payloadBytes += content.count
    }

    /// Header lines `Name: value`, names lowercased.
    static func fields(_ lines: ArraySlice<String>) -> [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    // MARK: Bytes

    private func fill(_ count: Int) -> Bool {
        while buffer.count - index < count {
            guard let chunk = file.next() else { return false }
            buffer.removeFirst(index)
            index = 0
            buffer += chunk
        }
        return true
    }

    private func peekBytes(_ count: Int) -> [UInt8]? {
        fill(count) ? Array(buffer[index..<(index + count)]) : nil
    }

    /// Passes over `count` bytes a chunk at a time, holding none of them; false when the file ends first.
    private func skipBytes(_ count: Int) -> Bool {
        var left = count
        while left > 0 {
            if index == buffer.count {
                guard let chunk = file.next() else { return false }
                buffer = chunk
                index = 0
            }
            let taken = min(left, buffer.count - index)
            index += taken
            left -= taken
        }
        return true
    }

    private func readBytes(_ count: Int) -> [UInt8]? {
        guard fill(count) else { return nil }
        defer { index += count }
        return Array(buffer[index..<(index + count)])
    }

    private func skipBlankLines() {
        while let byte = peekBytes(1)?.first, byte == 0x0D || byte == 0x0A { index += 1 }
    }

    /// Lines up to an empty line (CRLF or LF ends); nil when the file ends first.
    private func readHeaderBlock() -> [String]? {
        var lines: [String] = []
        var line: [UInt8] = []
        while let byte = peekBytes(1)?.first {
            index += 1
            if byte == 0x0A {
                if line.last == 0x0D { line.removeLast() }
                if line.isEmpty { return lines }
                lines.append(String(decoding: line, as: UTF8.self))
                line.removeAll()
            } else {
                line.append(byte)
            }
        }
        return nil
    }
}

/// An HTTP response as a WARC `response` record holds it: status, headers, body.
struct HTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    init?(_ block: [UInt8]) {
        // The header ends at the first empty line.
        var end: Int?
        var bodyStart = 0
        for offset in block.indices where block[offset] == 0x0A {
            if offset + 1 < block.count, block[offset + 1] == 0x0A { end = offset; bodyStart = offset + 2; break }
            if offset + 2 < block.count, block[offset + 1] == 0x0D, block[offset + 2] == 0x0A { end = offset; bodyStart = offset + 3; break }
        }
        guard let end else { return nil }
        // Split as bytes: "\r\n" is one Character to Swift, so a String would not split at "\n".
        let lines = block[..<end].split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self) }
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/"),
              let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        status = code
        headers = WARCReader.fields(lines.dropFirst())
        body = Array(block[bodyStart...])
    }

    func header(_ name: String) -> String? { headers[name] }

    /// The body with its transfer and content encodings undone; nil when they cannot be, or when it inflates
    /// past `limit` bytes.
    func decodedBody(limit: Int) -> [UInt8]? {
        var body = self.body
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let unchunked = Self.unchunk(body) else { return nil }
            body = unchunked
        }
        switch header("content-encoding")?.lowercased() {
        case nil, "", "identity": return body
        case "gzip", "x-gzip": return Inflater.inflate(body, windowBits: 15 + 16, limit: limit)
        case "deflate":
            return Inflater.inflate(body, windowBits: 15, limit: limit) ?? Inflater.inflate(body, windowBits: -15, limit: limit)
        default: return nil
        }
    }

    static func unchunk(_ data: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var offset = 0
        while offset < data.count {
            guard let lineEnd = data[offset...].firstIndex(of: 0x0A) else { return nil }
            let sizeText = String(decoding: data[offset..<lineEnd], as: UTF8.self)
                .split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16) else { return nil }
            offset = lineEnd + 1
            if size == 0 { return output }
            guard offset + size <= data.count else { return nil }
            output += data[offset..<(offset + size)]
            offset += size
            while offset < data.count, data[offset] == 0x0D || data[offset] == 0x0A { offset += 1 }
        }
        return output
    }
}
