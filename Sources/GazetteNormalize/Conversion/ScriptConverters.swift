import Foundation

/// The script converters a normalize configuration needs, built once per process from OpenCC's dictionaries as
/// Gazette keeps them (`Pipelines/dictionaries/opencc/`, built into the binary) and Gazette's own phrase
/// dictionaries. The tests hold them to libopencc in the same configurations (`OpenCCOracle`).
struct ScriptConverters: Sendable {
    /// Stock t2s: segmentation by TSPhrases; TSPhrases then TSCharacters.
    let traditionalToSimplified: ScriptConverter
    /// s2t for single characters (script detection asks one character a line): STCharacters. STPhrases, which
    /// stock s2t segments and converts by too, has no one-character key, so one character converts alike.
    let simplifiedToTraditionalCharacters: ScriptConverter
    /// t2s with the domain phrases in front.
    let standard: ScriptConverter
    /// tw2sp with the domain phrases in front and Gazette's Taiwan vocabulary in place of TWPhrasesRev.
    let taiwan: ScriptConverter
    /// Stock tw2sp, for the differential tests against libopencc.
    let stockTaiwan: ScriptConverter
    /// Gazette's own dictionaries, compiled: also what ``PhraseScanner`` reports replacements by.
    let domainPhrases: CompiledDictionary
    let taiwanVocabulary: CompiledDictionary

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ScriptConverters] = [:]

    /// The converters for these phrase dictionaries (`key` names their text), built on first use and shared.
    static func shared(domainPhrases: PhraseDictionary, taiwanVocabulary: PhraseDictionary, key: String) throws -> ScriptConverters {
        lock.lock()
        defer { lock.unlock() }
        if let converters = cache[key] { return converters }
        let converters = try ScriptConverters(domainPhrases: domainPhrases, taiwanVocabulary: taiwanVocabulary)
        cache[key] = converters
        return converters
    }

    struct DictionaryError: Error, CustomStringConvertible {
        var name: String
        var underlying: any Error
        var description: String { "the dictionary \(name) is malformed: \(underlying)" }
    }

    init(domainPhrases: PhraseDictionary, taiwanVocabulary: PhraseDictionary) throws {
        // Each dictionary compiled once, shared by the configurations that use it.
        func load(_ name: String, _ bytes: [UInt8]) throws -> CompiledDictionary {
            do { return try CompiledDictionary(text: String(decoding: bytes, as: UTF8.self)) } catch {
                throw DictionaryError(name: name, underlying: error)
            }
        }
        let domainPhrases = CompiledDictionary(domainPhrases)
        let taiwanVocabulary = CompiledDictionary(taiwanVocabulary)
        self.domainPhrases = domainPhrases
        self.taiwanVocabulary = taiwanVocabulary
        let tsPhrases = try load("TSPhrases", PackageResources.TSPhrases_txt)
        let tsCharacters = try load("TSCharacters", PackageResources.TSCharacters_txt)
        let twPhrasesRev = try load("TWPhrasesRev", PackageResources.TWPhrasesRev_txt)
        let twVariantsRevPhrases = try load("TWVariantsRevPhrases", PackageResources.TWVariantsRevPhrases_txt)
        let twVariantsRev = try load("TWVariantsRev", PackageResources.TWVariantsRev_txt)
        let stCharacters = try load("STCharacters", PackageResources.STCharacters_txt)
        let toSimplified = [tsPhrases, tsCharacters]
        traditionalToSimplified = ScriptConverter(name: "opencc:t2s", segmentation: [tsPhrases], chain: [toSimplified])
        simplifiedToTraditionalCharacters = ScriptConverter(name: "opencc:s2t (characters)", segmentation: [],
                                                            chain: [[stCharacters]])
        standard = ScriptConverter(name: "opencc:t2s+gov-phrases", segmentation: [domainPhrases, tsPhrases],
                                   chain: [[domainPhrases], toSimplified])
        taiwan = ScriptConverter(name: "opencc:tw2sp+gov-phrases", segmentation: [domainPhrases, tsPhrases],
                                 chain: [[domainPhrases, taiwanVocabulary, twVariantsRevPhrases, twVariantsRev], toSimplified])
        stockTaiwan = ScriptConverter(name: "opencc:tw2sp", segmentation: [tsPhrases],
                                      chain: [[twPhrasesRev, twVariantsRevPhrases, twVariantsRev], toSimplified])
    }
}

/// Gazette's stock t2s as a plain function, for `gazette-bench micro` to time beside libopencc and the PyPI
/// opencc package on the same text.
public enum ScriptConversionBenchmark {
    public static func traditionalToSimplified() throws -> @Sendable (String) -> String {
        let none = try PhraseDictionary(text: "")
        let converter = try ScriptConverters(domainPhrases: none, taiwanVocabulary: none).traditionalToSimplified
        return { converter.convert($0) }
    }
}
