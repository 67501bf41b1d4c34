import Foundation

/// gazette-bench's command line.
struct Arguments {
    /// `corpus` (the default: the whole pipeline, the raw tools and the Python peer on one generated corpus),
    /// or `micro` (decode against iconv and extract against xmllint on one large input, the JSON writer against
    /// Foundation's).
    var mode = "corpus"
    /// Documents in the corpus of the side-by-side comparison.
    var documents = 1000
    /// Corpus sizes whose peak RSS is compared (the last is also run with one job only when asked).
    var scaling: [Int] = [1000, 10000]
    var runs = 3
    var megabytes = 4.0
    var sample = "Samples/guangzhou-2020-general-office.zh-Hant.txt"
    /// Leave out the Python peer (no PyPI access).
    var skipPeer = false
    /// Keep the generated corpus and outputs in this folder instead of a temporary one.
    var keep: String?
    /// The throughput corpus with the prose of the six reports repeated word for word, as before 2026-12-01:
    /// for comparing with figures of that time (the peak-RSS corpora always have distinct prose).
    var sameProse = false

    static let usage = """
        usage: gazette-bench [corpus] [--documents N] [--scaling 1000,10000] [--runs R] [--no-peer] [--keep DIR]
                                    [--same-prose]
               gazette-bench micro [--megabytes N] [--runs R] [--sample FILE]
        Run from the package folder after `swift build -c release` (`make bench` does both).
        """

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "corpus", "micro": mode = argument
            case "--documents": documents = Int(iterator.next() ?? "") ?? documents
            case "--scaling": scaling = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--runs": runs = max(1, Int(iterator.next() ?? "") ?? runs)
            case "--megabytes": megabytes = Double(iterator.next() ?? "") ?? megabytes
            case "--sample": sample = iterator.next() ?? sample
            case "--no-peer": skipPeer = true
            case "--keep": keep = iterator.next()
            case "--same-prose": sameProse = true
            default:
                FileHandle.standardError.write(Data((Self.usage + "\n").utf8))
                exit(64)
            }
        }
    }
}
