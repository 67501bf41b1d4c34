import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteNormalize

/// Gazette's own script converter against libopencc 1.1.6 (the oracle, Debian's libopencc): byte-identical
/// output for stock t2s and tw2sp and for Gazette's two configurations, on every text document of the
/// repository's fixtures, samples and the shared corpus, and on random mixtures of dictionary keys.
@Suite struct ScriptConverterTests {
    let ours: ScriptConverters
    let oracle: ConverterSet
    let stockTaiwan: OpenCCConverter

    init() throws {
        let domain = try String(contentsOf: Paths.packageRoot.appendingPathComponent("Pipelines/dictionaries/gov-phrases.txt"), encoding: .utf8)
        let taiwan = try String(contentsOf: Paths.packageRoot.appendingPathComponent("Pipelines/dictionaries/taiwan-vocabulary.txt"), encoding: .utf8)
        ours = try ScriptConverters(domainPhrases: PhraseDictionary(text: domain), taiwanVocabulary: PhraseDictionary(text: taiwan))
        oracle = try ConverterSet.shared(domainPhrases: domain, taiwanVocabulary: taiwan)
        stockTaiwan = try OpenCCConverter(configuration: "tw2sp.json", name: "opencc:tw2sp")
    }

    /// The four configurations, ours beside libopencc's.
    private var pairs: [(ScriptConverter, OpenCCConverter)] {
        [(ours.traditionalToSimplified, oracle.traditionalToSimplified), (ours.stockTaiwan, stockTaiwan),
         (ours.standard, oracle.standard), (ours.taiwan, oracle.taiwan)]
    }

    /// Every UTF-8 text file of the fixtures, samples and corpus (HTML included: its markup converts as text).
    private static func documents() throws -> [(name: String, text: String)] {
        // The shared corpus lies beside the repository on the project's machines, not in a clone.
        let roots = ["Samples", "Tests", "../shared/samples", "../shared/corpus"].map { Paths.packageRoot.appendingPathComponent($0) }
        var documents: [(String, String)] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where ["txt", "html", "htm", "csv", "md"].contains(url.pathExtension) {
                guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8),
                      !text.contains("\u{0}") else { continue }
                documents.append((url.lastPathComponent, text))
            }
        }
        return documents
    }

    @Test func everyDocumentConvertsAsLibOpenCCConvertsIt() throws {
        let documents = try Self.documents()
        #expect(documents.count >= 20)
        var differences: [String] = []
        for (name, text) in documents {
            for (mine, theirs) in pairs {
                let expected = try #require(theirs.convert(text))
                if mine.convert(text) != expected { differences.append("\(name) \(mine.name)") }
            }
        }
        #expect(differences == [])
    }

    /// Random mixtures of every dictionary's keys (OpenCC's, Gazette's phrases, its Taiwan vocabulary), their
    /// values, Han characters near them and ASCII: 3,000 strings through the four configurations.
    @Test func randomMixturesOfKeysConvertAsLibOpenCCConvertsThem() throws {
        var pieces: [String] = []
        for name in ["TSPhrases", "TSCharacters", "TWPhrasesRev", "TWVariantsRevPhrases", "TWVariantsRev"] {
            let text = try String(contentsOf: Paths.pipelines.appendingPathComponent("dictionaries/opencc/\(name).txt"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t")
                pieces.append(String(parts[0]))
                if parts.count > 1 { pieces.append(String(parts[1].split(separator: " ")[0])) }
            }
        }
        for name in ["gov-phrases", "taiwan-vocabulary"] {
            let text = try String(contentsOf: Paths.pipelines.appendingPathComponent("dictionaries/\(name).txt"), encoding: .utf8)
            pieces += text.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        }
        pieces += ["a", " ", "1", "，", "。", "\n", "（", "）"]
        var random = SystemRandomNumberGenerator()
        var differences: [String] = []
        var changed = 0
        // Each converter also converts every text with the buffers of all the texts before it, as a document's
        // lines are: nothing of a longer text before may stay in them.
        var shared = [ScriptConverter.Buffers](repeating: .init(), count: pairs.count)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                text += Bool.random(using: &random) ? pieces.randomElement(using: &random)!
                    : String(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &random))!)
            }
            for (index, (mine, theirs)) in pairs.enumerated() {
                let expected = try #require(theirs.convert(text))
                if expected != text { changed += 1 }
                if mine.convert(text) != expected { differences.append("\(mine.name): \(text) → \(mine.convert(text)) ≠ \(expected)") }
                let reusing = mine.convert(text, reusing: &shared[index])
                if reusing != expected { differences.append("\(mine.name), buffers reused: \(text) → \(reusing) ≠ \(expected)") }
            }
        }
        #expect(differences == [], "\(differences.prefix(20).joined(separator: "\n"))")
        // The mixtures exercise the dictionaries: most of them change.
        #expect(changed > 6_000)
    }

    /// The matcher on UTF-8 bytes, on a dictionary of its own: keys that start with an ASCII letter, with a
    /// two-byte letter and with a supplementary-plane character (found by halves outside the table), a key that
    /// is a prefix of a longer one, a key cut off by the segment's end; a text nothing changes comes back as is.
    @Test func keysOfEveryUTF8LengthMatchLongestFirst() throws {
        let dictionary = try PhraseDictionary(text: "ab\tX\nabc\tY\né\tE\n𠀤\t丐\n𠀤𠀤\t双\n萬\t万\n萬萬\t亿\n")
        let converter = ScriptConverter(name: "test", segmentation: [], chain: [[CompiledDictionary(dictionary)]])
        #expect(converter.convert("abcab a é𠀤𠀤𠀤萬萬萬") == "YX a E双丐亿万")
        #expect(converter.convert("") == "")
        #expect(converter.convert("没有 keys here") == "没有 keys here")
        // Two steps: the first's output is the second's input.
        let second = try PhraseDictionary(text: "X\tx\n亿\t億\n")
        let chained = ScriptConverter(name: "test", segmentation: [],
                                      chain: [[CompiledDictionary(dictionary)], [CompiledDictionary(second)]])
        #expect(chained.convert("ab萬萬") == "x億")
        // Segmented by a dictionary whose key spans a boundary the chain's keys would cross: `bc` is a segment,
        // so `ab` cannot match across it.
        let segments = try PhraseDictionary(text: "bc\tbc\n")
        let segmented = ScriptConverter(name: "test", segmentation: [CompiledDictionary(segments)],
                                        chain: [[CompiledDictionary(dictionary)]])
        #expect(segmented.convert("abc") == "abc")
        #expect(segmented.convert("ab ab") == "X X")
        // Compiled from a text as OpenCC's dictionaries are: of two lines with one key the later one counts, a
        // line's first value is the one converted to, a malformed line is named.
        let repeated = try CompiledDictionary(text: "萬\t甲\r\n萬萬\t亿 億\n萬\t万 萬\n")
        #expect(ScriptConverter(name: "test", segmentation: [], chain: [[repeated]]).convert("萬萬萬") == "亿万")
        #expect(throws: PhraseDictionary.FormatError.self) { try CompiledDictionary(text: "萬\t万\n萬萬\n") }
    }
}
