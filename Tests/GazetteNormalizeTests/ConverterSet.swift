import Foundation
import GazetteCore

/// libopencc in the configurations Gazette's own converters reproduce (`ScriptConverters`): the oracle of the
/// differential tests, opened once per process and shared. Gazette itself no longer calls libopencc.
///
/// OpenCC reads its dictionaries from files named in a JSON configuration, so Gazette writes its domain
/// phrase dictionary and Taiwan vocabulary, with configurations that put them in front of OpenCC's own
/// dictionaries (in the segmentation group too, or a phrase straddling a segment boundary never matches:
/// research/libraries.md §2), into a folder named after their content, and opens those.
final class ConverterSet: Sendable {
    /// Stock t2s: used to classify characters and to evaluate dictionary entries.
    let traditionalToSimplified: OpenCCConverter
    /// Stock s2t: used to classify characters.
    let simplifiedToTraditional: OpenCCConverter
    /// t2s with the domain phrases in front: for traditional text without Taiwan vocabulary.
    let standard: OpenCCConverter
    /// tw2sp with the domain phrases in front and Gazette's Taiwan vocabulary in place of TWPhrasesRev.
    let taiwan: OpenCCConverter

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ConverterSet] = [:]

    /// The converters for these dictionaries, opened on first use.
    static func shared(domainPhrases: String, taiwanVocabulary: String) throws -> ConverterSet {
        let key = domainPhrases + "\u{0}" + taiwanVocabulary
        lock.lock()
        defer { lock.unlock() }
        if let set = cache[key] { return set }
        let set = try ConverterSet(domainPhrases: domainPhrases, taiwanVocabulary: taiwanVocabulary)
        cache[key] = set
        return set
    }

    private init(domainPhrases: String, taiwanVocabulary: String) throws {
        let folder = try Self.writeConfigurations(domainPhrases: domainPhrases, taiwanVocabulary: taiwanVocabulary)
        traditionalToSimplified = try OpenCCConverter(configuration: "t2s.json", name: "opencc:t2s")
        simplifiedToTraditional = try OpenCCConverter(configuration: "s2t.json", name: "opencc:s2t")
        standard = try OpenCCConverter(configuration: folder.appendingPathComponent("t2s-gov.json").path,
                                       name: "opencc:t2s+gov-phrases")
        taiwan = try OpenCCConverter(configuration: folder.appendingPathComponent("tw2sp-gov.json").path,
                                     name: "opencc:tw2sp+gov-phrases")
    }

    private static func writeConfigurations(domainPhrases: String, taiwanVocabulary: String) throws -> URL {
        let files: [String: String] = [
            "gov-phrases.txt": domainPhrases,
            "taiwan-vocabulary.txt": taiwanVocabulary,
            "t2s-gov.json": configuration(name: "t2s with Gazette's domain phrases", firstStep: [text("gov-phrases.txt")]),
            "tw2sp-gov.json": configuration(
                name: "tw2sp with Gazette's domain phrases and Taiwan vocabulary",
                firstStep: [text("gov-phrases.txt"), text("taiwan-vocabulary.txt"),
                            ocd2("TWVariantsRevPhrases.ocd2"), ocd2("TWVariantsRev.ocd2")]),
        ]
        let digest = files.keys.sorted().map { "\($0)\n\(files[$0]!)" }.joined(separator: "\n")
        let digestPrefix = ContentDigest.hex(digest).prefix(16)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-opencc-\(getuid())-\(digestPrefix)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, contents) in files {
            let url = folder.appendingPathComponent(name)
            if (try? String(contentsOf: url, encoding: .utf8)) == contents { continue }
            try Data(contents.utf8).write(to: url, options: .atomic)
        }
        return folder
    }

    private static func text(_ file: String) -> String { #"{"type": "text", "file": "\#(file)"}"# }
    private static func ocd2(_ file: String) -> String { #"{"type": "ocd2", "file": "\#(file)"}"# }

    private static func configuration(name: String, firstStep: [String]) -> String {
        """
        {
          "name": "\(name)",
          "segmentation": {"type": "mmseg", "dict": {"type": "group", "dicts": [\(text("gov-phrases.txt")), \(ocd2("TSPhrases.ocd2"))]}},
          "conversion_chain": [
            {"dict": {"type": "group", "dicts": [\(firstStep.joined(separator: ", "))]}},
            {"dict": {"type": "group", "dicts": [\(ocd2("TSPhrases.ocd2")), \(ocd2("TSCharacters.ocd2"))]}}
          ]
        }

        """
    }
}
