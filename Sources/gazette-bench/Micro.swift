internal import COpenCC
import Foundation
import GazetteCore
import GazetteDecode
import GazetteExtract
import GazetteNormalize

/// `gazette-bench micro`: one stage at a time against the C tool underneath it, on one large input made by
/// repeating the sample: decode against `iconv`, extract against `xmllint --html --noout`, script conversion
/// against libopencc and the PyPI opencc package. MB/s is 10^6 bytes
/// of input per second, best of `runs`.
func runMicro(_ arguments: Arguments, scratch folder: URL) async throws {
    guard let sample = try? String(contentsOfFile: arguments.sample, encoding: .utf8) else {
        fail("cannot read \(arguments.sample) (run from the package folder)", code: 66)
    }
    let target = Int(arguments.megabytes * 1e6)
    var text = ""
    while text.utf8.count < target { text += sample }
    let utf8File = folder.appendingPathComponent("input.utf8.txt")
    try Data(text.utf8).write(to: utf8File)
    print("input: \(arguments.sample) repeated to \(text.utf8.count / 1_000_000) MB (UTF-8); best of \(arguments.runs) runs\n")

    // Decode: the whole stage (BOM, declarations, uchardet, verification by iconv) against the iconv command.
    let decode = DecodeStage(options: try JSONDecoder().decode(DecodeOptions.self, from: Data("{}".utf8)))
    for encoding in ["GB18030", "BIG5-HKSCS", "UTF-8"] {
        let file = folder.appendingPathComponent("input.\(encoding).txt")
        shell("iconv -f UTF-8 -t \(encoding) \(quoted(utf8File.path)) > \(quoted(file.path))")
        let bytes = try Data(contentsOf: file)
        let fetched = FetchedDocument(source: Source(uri: file.path, sha256: "bench", bytes: bytes.count), content: bytes)
        let ours = try await best(arguments.runs) { _ = try await decode.run(fetched) }
        let theirs = await best(arguments.runs) { shell("iconv -f \(encoding) -t UTF-8 \(quoted(file.path)) > /dev/null") }
        compare("decode \(encoding)", bytes: bytes.count, ours: ours, tool: "iconv", theirs: theirs)
    }

    // Extract: the sample as an agency's page lays it out (a <p> per paragraph, each table a <table> with a row
    // per label and its numbers), against xmllint's HTML parser on the same bytes.
    var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bench</title></head><body>\n"
        + "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk\">政务公开</a></div><div class=\"content\">\n"
    let body = tablePage(sample)
    while page.utf8.count < target { page += body }
    page += "</div><div class=\"footer\">版权所有</div></body></html>\n"
    let htmlFile = folder.appendingPathComponent("input.html")
    try Data(page.utf8).write(to: htmlFile)
    let extract = ExtractStage(options: try JSONDecoder().decode(ExtractOptions.self, from: Data("{}".utf8)))
    let decoded = DecodedDocument(id: DocumentID(rawValue: "bench"),
                                  source: Source(uri: "input.html", sha256: "bench", bytes: page.utf8.count),
                                  encoding: EncodingInfo(name: "UTF-8", method: .meta, invalidBytes: 0), text: page, diagnostics: [])
    let ours = try await best(arguments.runs) { _ = try await extract.run(decoded) }
    let theirs = await best(arguments.runs) { shell("xmllint --html --noout \(quoted(htmlFile.path)) 2>/dev/null") }
    compare("extract HTML", bytes: page.utf8.count, ours: ours, tool: "xmllint --html --noout", theirs: theirs)

    // JSON: every stage's artifact is encoded for the work folder; Gazette's encoder against Foundation's (the
    // same bytes), on the golden report of the sample, encoded 100 times a run.
    let golden = "Tests/GazetteEndToEndTests/Golden/guangzhou/report.json"
    if let data = try? Data(contentsOf: URL(fileURLWithPath: golden)) {
        let report = try GazetteJSON.decode(Report.self, from: data)
        let size = try GazetteJSON.encode(report).count * 100
        let foundation = GazetteJSON.encoder()
        let encoded = try await best(arguments.runs) { for _ in 0..<100 { _ = try GazetteJSON.encode(report) } }
        let reference = try await best(arguments.runs) { for _ in 0..<100 { _ = try foundation.encode(report) } }
        compare("JSON encode a report", bytes: size, ours: encoded, tool: "Foundation JSONEncoder", theirs: reference)
        let decoded = try await best(arguments.runs) { for _ in 0..<100 { _ = try GazetteJSON.decode(Report.self, from: data) } }
        print("JSON decode a report   \(String(format: "%7.1f MB/s", megabytes(data.count * 100) / decoded)) (Foundation JSONDecoder)")
        // The work folder's binary form of the same report (what a run keeps of reconstruct).
        let binary = ArtifactBinary.encode(report)
        let binaryEncoded = await best(arguments.runs) { for _ in 0..<100 { _ = ArtifactBinary.encode(report) } }
        let binaryDecoded = try await best(arguments.runs) { for _ in 0..<100 { _ = try ArtifactBinary.decode(Report.self, from: binary) } }
        print("binary encode a report \(String(format: "%7.1f MB/s", megabytes(binary.count * 100) / binaryEncoded)) (the work folder's form)")
        print("binary decode a report \(String(format: "%7.1f MB/s", megabytes(binary.count * 100) / binaryDecoded))")
    }
    try await runConversionMicro(arguments, scratch: folder)
}

/// Script conversion alone, stock t2s on the traditional sample repeated: Gazette's converter against libopencc
/// in-process (Debian's 1.1.6, one call for the whole text) and the PyPI opencc package's `convert`.
func runConversionMicro(_ arguments: Arguments, scratch folder: URL) async throws {
    guard let sample = try? String(contentsOfFile: arguments.sample, encoding: .utf8) else {
        fail("cannot read \(arguments.sample) (run from the package folder)", code: 66)
    }
    var text = ""
    while text.utf8.count < Int(arguments.megabytes * 1e6) { text += sample }
    let bytes = text.utf8.count
    let ours = try ScriptConversionBenchmark.traditionalToSimplified()
    let oursSeconds = await best(arguments.runs) { _ = ours(text) }
    guard let handle = opencc_open("t2s.json"), Int(bitPattern: handle) != -1 else { fail("libopencc cannot open t2s.json", code: 69) }
    defer { opencc_close(handle) }
    let libopenccSeconds = await best(arguments.runs) {
        var copy = text
        copy.withUTF8 { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                if let converted = opencc_convert_utf8(handle, pointer, buffer.count) { opencc_convert_utf8_free(converted) }
            }
        }
    }
    compare("convert t2s", bytes: bytes, ours: oursSeconds, tool: "libopencc in-process", theirs: libopenccSeconds)
    let file = folder.appendingPathComponent("input.t2s.txt")
    try Data(text.utf8).write(to: file)
    let script = "import opencc, time; c = opencc.OpenCC('t2s'); t = open('\(file.path)', encoding='utf-8').read(); "
        + "r = []\nfor _ in range(\(arguments.runs)):\n s = time.perf_counter(); c.convert(t); r.append(time.perf_counter() - s)\nprint(min(r))"
    if let output = shellOutput("python3 -c \(quoted(script))"), let seconds = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) {
        compare("convert t2s", bytes: bytes, ours: oursSeconds, tool: "PyPI opencc convert", theirs: seconds)
    } else {
        print("convert t2s: the PyPI opencc package is not installed (pip install opencc)")
    }
}

/// The body of a page holding `text`: a `<p>` per line, and each run of a label followed by number lines as a
/// table row.
func tablePage(_ text: String) -> String {
    var body = ""
    var inTable = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var index = 0
    while index < lines.count {
        var end = index + 1
        while end < lines.count, !lines[end].isEmpty,
              lines[end].allSatisfy({ $0.isNumber || $0 == "." || $0 == "万" || $0 == "元" }) { end += 1 }
        if end > index + 1 {
            if !inTable { body += "<table border=\"1\">\n" }
            inTable = true
            body += "<tr>" + lines[index..<end].map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        } else {
            if inTable { body += "</table>\n" }
            inTable = false
            if !lines[index].isEmpty { body += "<p>\(lines[index])</p>\n" }
        }
        index = end
    }
    if inTable { body += "</table>\n" }
    return body
}

private func compare(_ name: String, bytes: Int, ours: Double, tool: String, theirs: Double) {
    func rate(_ seconds: Double) -> String { String(format: "%7.1f MB/s", megabytes(bytes) / seconds) }
    let ratio = theirs / ours * 100
    print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) gazette \(rate(ours))   "
          + "\(tool.padding(toLength: 22, withPad: " ", startingAt: 0)) \(rate(theirs))   gazette at \(String(format: "%5.1f", ratio)) % of it")
}
