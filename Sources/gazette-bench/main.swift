// gazette-bench: throughput of Gazette's stages beside the C tools underneath them, on the same bytes.
//
//   swift build -c release && .build/release/gazette-bench [--megabytes N] [--runs R]
//
// Prints MB/s (10^6 bytes of input per second, best of R runs) for decode against `iconv` and for extract
// against `xmllint --html --noout`. Inputs are made by repeating the report in Samples/.
import Foundation
import GazetteCore
import GazetteDecode
import GazetteExtract

struct Arguments {
    var megabytes = 4.0
    var runs = 3
    var sample = "Samples/guangzhou-2020-general-office.zh-Hant.txt"
    /// Only this measurement (`decode`, `extract`, `bulk`), for profiling.
    var only: String?
    /// Document counts for the bulk run of the whole `gazette run` (0 skips it).
    var bulk: [Int] = [100, 1000]
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--megabytes": megabytes = Double(iterator.next() ?? "") ?? megabytes
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--sample": sample = iterator.next() ?? sample
            case "--only": only = iterator.next()
            case "--bulk": bulk = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--jobs": jobs = Int(iterator.next() ?? "") ?? jobs
            default:
                FileHandle.standardError.write(Data("usage: gazette-bench [--megabytes N] [--runs R] [--sample FILE] [--only decode|extract|bulk] [--bulk 100,1000,10000] [--jobs J]\n".utf8))
                exit(64)
            }
        }
    }
}

/// Seconds of the fastest of `runs` calls.
func best(_ runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return fastest
}

/// Runs a command with its output discarded and returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

func megabytesPerSecond(_ bytes: Int, _ seconds: Double) -> String {
    String(format: "%7.1f MB/s", Double(bytes) / 1e6 / seconds)
}

func report(_ name: String, bytes: Int, ours: Double, tool: String, theirs: Double) {
    let ratio = theirs / ours * 100
    print("\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) gazette \(megabytesPerSecond(bytes, ours))   \(tool.padding(toLength: 22, withPad: " ", startingAt: 0)) \(megabytesPerSecond(bytes, theirs))   gazette at \(String(format: "%5.1f", ratio)) % of it")
}

let arguments = Arguments()
guard let sample = try? String(contentsOfFile: arguments.sample, encoding: .utf8) else {
    FileHandle.standardError.write(Data("gazette-bench: cannot read \(arguments.sample) (run from the package folder)\n".utf8))
    exit(66)
}
let target = Int(arguments.megabytes * 1e6)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

var text = ""
while text.utf8.count < target { text += sample }
let utf8File = folder.appendingPathComponent("input.utf8.txt")
try Data(text.utf8).write(to: utf8File)
print("input: \(arguments.sample) repeated to \(text.utf8.count / 1_000_000) MB (UTF-8); best of \(arguments.runs) runs\n")

// Decode: the whole stage (BOM, declarations, uchardet, verification by iconv) against the iconv command.
let decode = DecodeStage(options: try JSONDecoder().decode(DecodeOptions.self, from: Data("{}".utf8)))
for encoding in ["GB18030", "BIG5-HKSCS", "UTF-8"] where arguments.only == nil || arguments.only == "decode" {
    let file = folder.appendingPathComponent("input.\(encoding).txt")
    shell("iconv -f UTF-8 -t \(encoding) '\(utf8File.path)' > '\(file.path)'")
    let bytes = try Data(contentsOf: file)
    let fetched = FetchedDocument(source: Source(uri: file.path, sha256: "bench", bytes: bytes.count), content: bytes)
    let ours = try await best(arguments.runs) { _ = try await decode.run(fetched) }
    let theirs = await best(arguments.runs) { shell("iconv -f \(encoding) -t UTF-8 '\(file.path)' > /dev/null") }
    report("decode \(encoding)", bytes: bytes.count, ours: ours, tool: "iconv", theirs: theirs)
}

// Extract: the sample as an agency's page lays it out (a <p> per paragraph, each table a <table> with a row per
// label and its numbers), against xmllint's HTML parser on the same bytes.
var body = ""
var inTable = false
let sampleLines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
var index = 0
while index < sampleLines.count {
    var end = index + 1
    while end < sampleLines.count, !sampleLines[end].isEmpty, sampleLines[end].allSatisfy({ $0.isNumber || $0 == "." || $0 == "万" || $0 == "元" }) { end += 1 }
    if end > index + 1 {
        if !inTable { body += "<table border=\"1\">\n" }
        inTable = true
        body += "<tr>" + sampleLines[index..<end].map { "<td>\($0)</td>" }.joined() + "</tr>\n"
    } else {
        if inTable { body += "</table>\n" }
        inTable = false
        body += "<p>\(sampleLines[index])</p>\n"
    }
    index = end
}
if inTable { body += "</table>\n" }
var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bench</title></head><body>\n"
    + "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk\">政务公开</a></div><div class=\"content\">\n"
while page.utf8.count < target { page += body }
page += "</div><div class=\"footer\">版权所有</div></body></html>\n"
let htmlFile = folder.appendingPathComponent("input.html")
try Data(page.utf8).write(to: htmlFile)
let extract = ExtractStage(options: try JSONDecoder().decode(ExtractOptions.self, from: Data("{}".utf8)))
let decoded = DecodedDocument(id: DocumentID(rawValue: "bench"), source: Source(uri: "input.html", sha256: "bench", bytes: page.utf8.count),
                              encoding: EncodingInfo(name: "UTF-8", method: .meta, invalidBytes: 0), text: page, diagnostics: [])
if arguments.only == nil || arguments.only == "extract" {
let oursExtract = try await best(arguments.runs) { _ = try await extract.run(decoded) }
let theirsExtract = await best(arguments.runs) { shell("xmllint --html --noout '\(htmlFile.path)' 2>/dev/null") }
report("extract HTML", bytes: page.utf8.count, ours: oursExtract, tool: "xmllint --html --noout", theirs: theirsExtract)
}

// Bulk: `gazette run` (the release build beside this one) over N generated documents in mixed encodings and
// forms, each distinct; docs/s, MB/s and peak RSS (from /usr/bin/time), a fresh work folder each time.
if arguments.only == nil || arguments.only == "bulk", !arguments.bulk.isEmpty {
    let gazette = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gazette").path
    guard FileManager.default.isExecutableFile(atPath: gazette) else {
        FileHandle.standardError.write(Data("gazette-bench: \(gazette) is missing; swift build -c release builds it\n".utf8))
        exit(69)
    }
    // Each form is encoded once; documents differ by an ASCII line at the end, the same in every encoding.
    let page = "<html><head><meta charset=\"utf-8\"><title>t</title></head><body>"
        + sample.split(separator: "\n").map { "<p>\($0)</p>" }.joined() + "</body></html>"
    let forms: [(String, Data)] = [
        ("txt", Data(sample.utf8)),
        ("txt", try encodeWithIconv(sample, "GB18030")),
        ("txt", try encodeWithIconv(sample, "BIG5-HKSCS")),
        ("html", Data(page.utf8)),
    ]
    print("\nbulk: gazette run, --jobs \(arguments.jobs), fresh work folder")
    for count in arguments.bulk {
        let corpus = folder.appendingPathComponent("bulk-\(count)")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        var bytes = 0
        for number in 0..<count {
            let (suffix, body) = forms[number % forms.count]
            let data = body + Data("\n<!-- document \(number) -->\n".utf8)
            bytes += data.count
            try data.write(to: corpus.appendingPathComponent(String(format: "doc-%06d.%@", number, suffix)))
        }
        let timing = folder.appendingPathComponent("time-\(count).txt")
        let start = DispatchTime.now().uptimeNanoseconds
        shell("/usr/bin/time -f '%M' -o '\(timing.path)' '\(gazette)' run '\(corpus.path)' --out '\(folder.path)/out-\(count)' --work '\(folder.path)/work-\(count)' --jobs \(arguments.jobs) 2>/dev/null")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let peak = (try? String(contentsOf: timing, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } ?? 0
        print(String(format: "%6d documents  %8.1f docs/s  %6.2f MB/s  peak RSS %7.1f MB", count, Double(count) / seconds,
                     Double(bytes) / 1e6 / seconds, Double(peak) / 1024))
        try? FileManager.default.removeItem(at: corpus)
        try? FileManager.default.removeItem(atPath: "\(folder.path)/work-\(count)")
    }
}

func encodeWithIconv(_ text: String, _ encoding: String) throws -> Data {
    let input = folder.appendingPathComponent("encode-in.txt"), output = folder.appendingPathComponent("encode-out.txt")
    try Data(text.utf8).write(to: input)
    shell("iconv -f UTF-8 -t \(encoding) '\(input.path)' > '\(output.path)'")
    return try Data(contentsOf: output)
}
