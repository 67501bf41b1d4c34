import Foundation
import GazetteCore

/// Options of the normalize stage.
public struct NormalizeOptions: StageOptions {
    /// Gazette's own phrase corrections, in front of every conversion (OpenCC text dictionary form).
    public var domainPhrases: DataFile
    /// Taiwan vocabulary and its mainland form, applied only to documents that show that vocabulary.
    public var taiwanVocabulary: DataFile
    /// How many distinct Taiwan phrases (weak ones not counted) make a document "show Taiwan vocabulary".
    public var taiwanEvidenceMinimum: Int
    /// Taiwan phrases that are also ordinary words elsewhere (檔案 is also 档案), so prove nothing alone.
    public var taiwanWeakEvidence: [String]
    /// The share of script-specific characters one script needs for the document to count as written in it.
    public var scriptDominance: Double
    /// Fold full-width ASCII forms and the ideographic space to ASCII.
    public var foldWidth: Bool

    enum CodingKeys: String, CodingKey {
        case domainPhrases = "domain_phrases"
        case taiwanVocabulary = "taiwan_vocabulary"
        case taiwanEvidenceMinimum = "taiwan_evidence_minimum"
        case taiwanWeakEvidence = "taiwan_weak_evidence"
        case scriptDominance = "script_dominance"
        case foldWidth = "fold_width"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        domainPhrases = try c.decodeIfPresent(DataFile.self, forKey: .domainPhrases)
            ?? DataFile.resolve("dictionaries/gov-phrases.txt", decoder: decoder)
        taiwanVocabulary = try c.decodeIfPresent(DataFile.self, forKey: .taiwanVocabulary)
            ?? DataFile.resolve("dictionaries/taiwan-vocabulary.txt", decoder: decoder)
        taiwanEvidenceMinimum = try c.decodeIfPresent(Int.self, forKey: .taiwanEvidenceMinimum) ?? 2
        taiwanWeakEvidence = try c.decodeIfPresent([String].self, forKey: .taiwanWeakEvidence) ?? []
        scriptDominance = try c.decodeIfPresent(Double.self, forKey: .scriptDominance) ?? 0.8
        foldWidth = try c.decodeIfPresent(Bool.self, forKey: .foldWidth) ?? true
    }
}

/// Normalize: script and width.
///
/// Traditional (or mixed) text is converted to simplified with OpenCC. Every conversion puts Gazette's domain
/// phrase dictionary first (規範性檔案 → 规范性文件, while 檔案館 stays 档案馆). The phrase-level reverse of
/// Taiwan vocabulary (tw2sp: 入口網站 → 门户网站) is applied only to documents that show that vocabulary, as
/// machine-converted copies of mainland reports do; other traditional text gets plain t2s. Each distinct
/// phrase-level replacement is reported with its count, and the original text is kept beside the converted.
public struct NormalizeStage: Stage {
    public static let id = StageID.normalize
    public static let version = 2

    public let options: NormalizeOptions
    private let converters: ScriptConverters
    private let detector: ScriptDetector
    private let domain: PhraseDictionary
    private let taiwan: PhraseDictionary
    /// For each dictionary key that really changes the text, its simplified result; keys whose result
    /// equals plain t2s (protections such as 檔案館 → 档案馆) are absent.
    private let domainReplacements: [String: String]
    private let taiwanReplacements: [String: String]

    public init(options: NormalizeOptions) throws {
        self.options = options
        do {
            domain = try PhraseDictionary(text: options.domainPhrases.contents)
            taiwan = try PhraseDictionary(text: options.taiwanVocabulary.contents)
        } catch {
            throw GazetteError(stage: .normalize, code: .normalizeConverter,
                               message: "a phrase dictionary is malformed: \(error)")
        }
        do {
            converters = try ScriptConverters.shared(domainPhrases: domain, taiwanVocabulary: taiwan,
                                                     key: options.domainPhrases.contents + "\u{0}" + options.taiwanVocabulary.contents)
        } catch {
            throw GazetteError(stage: .normalize, code: .normalizeConverter, message: "\(error)")
        }
        detector = ScriptDetector(converters: converters)
        let plain = converters.traditionalToSimplified
        domainReplacements = Self.effectiveReplacements(domain, plain: plain, convertValues: false)
        taiwanReplacements = Self.effectiveReplacements(taiwan, plain: plain, convertValues: true)
    }

    public func run(_ input: ExtractedDocument) async throws -> NormalizedDocument {
        var diagnostics = input.diagnostics
        var content = input.content
        let originalLines = content.lines.map(\.text)
        let counts = detector.count(originalLines + [content.title ?? ""])
        let script = ScriptDetector.script(of: counts, dominance: options.scriptDominance)
        var info = ScriptInfo(detected: script)

        if script == .traditional || script == .mixed {
            // One scan with both dictionaries serves the Taiwan decision and, when it is taken, the report
            // of replacements; only a document without Taiwan vocabulary is scanned again, for domain phrases alone.
            let matches = PhraseScanner(dictionaries: [converters.domainPhrases, converters.taiwanVocabulary]).matches(in: originalLines)
            let useTaiwan = taiwanEvidence(in: matches)
            let converter = useTaiwan.isEmpty ? converters.standard : converters.taiwan
            diagnostics.append(Diagnostic(
                stage: .normalize, severity: .info, code: "normalize.converted",
                message: useTaiwan.isEmpty
                    ? "\(script.rawValue) text (\(counts.traditional) traditional-only, \(counts.simplified) simplified-only characters) converted with \(converter.name); no Taiwan vocabulary"
                    : "\(script.rawValue) text (\(counts.traditional) traditional-only, \(counts.simplified) simplified-only characters) converted with \(converter.name): Taiwan vocabulary found (\(useTaiwan.joined(separator: ", ")))"))
            diagnostics += replacementDiagnostics(
                useTaiwan.isEmpty ? PhraseScanner(dictionaries: [converters.domainPhrases]).matches(in: originalLines) : matches,
                lines: content.lines)
            content = convert(content, with: converter)
            info = ScriptInfo(detected: script, convertedTo: "zh-Hans", converter: converter.name)
        }
        if options.foldWidth { content = content.mapText(WidthFolding.fold) }

        let changed = content.lines.map(\.text) != originalLines || content.title != input.content.title
        return NormalizedDocument(
            id: input.id, source: input.source, encoding: input.encoding, script: info, content: content,
            original: changed ? OriginalText(title: input.content.title, lines: originalLines) : nil,
            diagnostics: diagnostics)
    }

    /// The distinct Taiwan phrases (weak ones excluded) when there are enough to count as evidence, else [].
    private func taiwanEvidence(in matches: [PhraseScanner.Match]) -> [String] {
        let weak = Set(options.taiwanWeakEvidence)
        var seen: [String] = []
        for match in matches where match.dictionary == 1 && taiwanReplacements[match.key] != nil
            && !weak.contains(match.key) && !seen.contains(match.key) {
            seen.append(match.key)
        }
        return seen.count >= options.taiwanEvidenceMinimum ? seen : []
    }

    /// One diagnostic per distinct replacement in `matches` (dictionary 0 is the domain phrases, 1 Taiwan).
    private func replacementDiagnostics(_ matches: [PhraseScanner.Match], lines: [TextLine]) -> [Diagnostic] {
        var order: [String] = []
        var tally: [String: (count: Int, line: Int, target: String, source: String)] = [:]
        for match in matches {
            let replacements = match.dictionary == 0 ? domainReplacements : taiwanReplacements
            guard let target = replacements[match.key] else { continue }
            if tally[match.key] == nil {
                order.append(match.key)
                tally[match.key] = (0, lines[match.lineIndex].line, target,
                                    match.dictionary == 0 ? "domain phrase" : "Taiwan vocabulary")
            }
            tally[match.key]!.count += 1
        }
        return order.map { key in
            let entry = tally[key]!
            return Diagnostic(stage: .normalize, severity: .info, code: "normalize.phrase-replaced",
                              message: "\(key) → \(entry.target) ×\(entry.count) (\(entry.source))", line: entry.line)
        }
    }

    private func convert(_ content: DocumentText, with converter: ScriptConverter) -> DocumentText {
        // Line by line: a line is a unit of the text (no phrase spans two), and no newline is ever matched.
        var result = content
        var buffers = ScriptConverter.Buffers()
        for index in result.lines.indices {
            result.lines[index].text = converter.convert(content.lines[index].text, reusing: &buffers)
        }
        result.title = content.title.map(converter.convert)
        result.agency = content.agency.map(converter.convert)
        for index in result.sections.indices where result.sections[index].headingLine != nil {
            result.sections[index].heading = result.lines[result.sections[index].start - 1].text
        }
        result.grids = content.grids.map { grid in
            var grid = grid
            grid.rows = grid.rows.map { row in
                row.map { SourceGrid.Cell(text: converter.convert($0.text, reusing: &buffers), line: $0.line, spanned: $0.spanned) }
            }
            return grid
        }
        return result
    }

    private static func effectiveReplacements(_ dictionary: PhraseDictionary, plain: ScriptConverter,
                                              convertValues: Bool) -> [String: String] {
        var replacements: [String: String] = [:]
        for entry in dictionary.entries.values {
            let target = convertValues ? plain.convert(entry.value) : entry.value
            if target != plain.convert(entry.key) { replacements[entry.key] = target }
        }
        return replacements
    }
}

extension DocumentText {
    /// The same structure with every text field passed through `transform`.
    func mapText(_ transform: (String) -> String) -> DocumentText {
        var result = self
        result.title = title.map(transform)
        result.agency = agency.map(transform)
        for index in result.lines.indices { result.lines[index].text = transform(result.lines[index].text) }
        for index in result.sections.indices { result.sections[index].heading = transform(result.sections[index].heading) }
        result.grids = grids.map { grid in
            var grid = grid
            grid.rows = grid.rows.map { $0.map { SourceGrid.Cell(text: transform($0.text), line: $0.line, spanned: $0.spanned) } }
            return grid
        }
        return result
    }
}
