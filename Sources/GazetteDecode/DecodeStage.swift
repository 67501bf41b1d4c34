import Foundation
import GazetteCore

/// Options of the decode stage.
public struct DecodeOptions: StageOptions {
    /// Encodings tried, in order, when neither a BOM, a declaration nor detection gives a clean decode.
    public var fallback: [String] = ["UTF-8", "GB18030", "BIG5-HKSCS"]
    /// Above this share of invalid bytes the document fails with `decode.undecodable`.
    public var maxInvalidRatio: Double = 0.005

    public init() {}

    enum CodingKeys: String, CodingKey {
        case fallback
        case maxInvalidRatio = "max_invalid_ratio"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DecodeOptions()
        fallback = try c.decodeIfPresent([String].self, forKey: .fallback) ?? defaults.fallback
        maxInvalidRatio = try c.decodeIfPresent(Double.self, forKey: .maxInvalidRatio) ?? defaults.maxInvalidRatio
    }
}

/// Decode: bytes to Unicode text.
///
/// The candidates come from the byte-order mark, then what the document declares (HTTP header, `<meta>`,
/// XML declaration), then uchardet, then the configured fallbacks. A BOM is trusted outright; any other
/// candidate is verified by decoding with iconv, and the first that decodes cleanly wins. When none does,
/// the candidate with the fewest invalid bytes wins, and past `max_invalid_ratio` the document fails.
public struct DecodeStage: Stage {
    public static let id = StageID.decode
    public static let version = 1

    public let options: DecodeOptions

    public init(options: DecodeOptions) { self.options = options }

    public func run(_ input: FetchedDocument) throws -> DecodedDocument {
        let bytes = input.content
        let uri = input.source.uri
        if bytes.isEmpty || ByteSniffer.isBlank(bytes) {
            throw GazetteError(stage: .decode, code: .decodeEmpty, message: "the document is empty", input: uri)
        }
        if let kind = ByteSniffer.binaryKind(bytes) {
            throw GazetteError(stage: .decode, code: .decodeBinary,
                               message: "the document is a \(kind), not text or HTML", input: uri)
        }
        var diagnostics = input.diagnostics

        if let bom = ByteSniffer.byteOrderMark(bytes) {
            let decoded = try decode(bytes.dropFirst(bom.length), as: bom.encoding, uri: uri)
            let info = EncodingInfo(name: bom.encoding, method: .bom, invalidBytes: decoded.invalidBytes)
            try requireDecodable(decoded, byteCount: bytes.count, encoding: bom.encoding, uri: uri)
            return DecodedDocument(id: input.id, source: input.source, encoding: info,
                                   text: decoded.text, diagnostics: diagnostics)
        }
        if ByteSniffer.containsNUL(bytes) {
            throw GazetteError(stage: .decode, code: .decodeBinary,
                               message: "the document holds NUL bytes and no byte-order mark: binary data, not text",
                               input: uri)
        }

        let declaredLabel = DeclaredCharset.fromContentType(input.source.contentType)
            .map { ($0, EncodingInfo.Method.header) }
            ?? DeclaredCharset.inMarkup(bytes).map { ($0, EncodingInfo.Method.meta) }
        var candidates: [(name: String, method: EncodingInfo.Method)] = []
        if let (label, method) = declaredLabel {
            if let name = EncodingLabel.iconvName(for: label) ?? (IconvDecoder.supports(label) ? label.uppercased() : nil) {
                candidates.append((name, method))
            } else {
                diagnostics.append(Diagnostic(stage: .decode, severity: .warning, code: "decode.unknown-label",
                                              message: "the declared charset '\(label)' is not a known encoding; ignored"))
            }
        }
        if let detected = CharsetDetector.detect(bytes) {
            let name = detected == "ASCII" ? "UTF-8" : (EncodingLabel.iconvName(for: detected) ?? detected)
            candidates.append((name, .detected))
        }
        for name in options.fallback { candidates.append((EncodingLabel.iconvName(for: name) ?? name, .assumed)) }

        var best: (name: String, method: EncodingInfo.Method, result: IconvDecoder.Result)?
        var tried = Set<String>()
        for candidate in candidates where tried.insert(candidate.name).inserted {
            guard let result = try? IconvDecoder.decode(bytes, from: candidate.name) else { continue }
            if best == nil || result.invalidBytes < best!.result.invalidBytes {
                best = (candidate.name, candidate.method, result)
            }
            if result.invalidBytes == 0 { break }
        }
        guard let best else {
            throw GazetteError(stage: .decode, code: .decodeUndecodable,
                               message: "no candidate encoding could decode the document", input: uri)
        }
        if let (label, method) = declaredLabel, best.method != method {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.declared-rejected",
                message: "the declared charset '\(label)' does not decode the bytes cleanly; decoded as \(best.name) instead"))
        }
        try requireDecodable(best.result, byteCount: bytes.count, encoding: best.name, uri: uri)
        if best.result.invalidBytes > 0 {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.invalid-bytes",
                message: "\(best.result.invalidBytes) bytes did not decode as \(best.name) and were replaced by U+FFFD"))
        }
        let info = EncodingInfo(name: best.name, declared: declaredLabel?.0, method: best.method,
                                invalidBytes: best.result.invalidBytes)
        return DecodedDocument(id: input.id, source: input.source, encoding: info, text: best.result.text,
                               diagnostics: diagnostics)
    }

    private func decode(_ bytes: Data, as encoding: String, uri: String) throws -> IconvDecoder.Result {
        do {
            return try IconvDecoder.decode(Data(bytes), from: encoding)
        } catch {
            throw GazetteError(stage: .decode, code: .decodeUndecodable,
                               message: "iconv cannot decode \(encoding)", input: uri)
        }
    }

    private func requireDecodable(_ result: IconvDecoder.Result, byteCount: Int, encoding: String, uri: String) throws {
        let ratio = Double(result.invalidBytes) / Double(max(byteCount, 1))
        if ratio > options.maxInvalidRatio {
            throw GazetteError(
                stage: .decode, code: .decodeUndecodable,
                message: "\(result.invalidBytes) of \(byteCount) bytes are invalid even in the best candidate encoding (\(encoding)), above max_invalid_ratio \(options.maxInvalidRatio)",
                input: uri)
        }
    }
}
