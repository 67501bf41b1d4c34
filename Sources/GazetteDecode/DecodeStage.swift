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

/// Decode: bytes to Unicode text, with the evidence for the encoding chosen.
///
/// The candidates come from the byte-order mark, then what the document declares (HTTP header, `<meta>`,
/// XML declaration), then detection (the byte pattern of UTF-16, uchardet), then the configured fallbacks.
/// A BOM is trusted outright. Every other candidate is verified by decoding with iconv: the first that
/// decodes cleanly is taken (so a declaration that decodes cleanly is kept); when none does, the one with the
/// fewest invalid bytes, then the most common characters, wins, and past `max_invalid_ratio` the document
/// fails. Mojibake is then repaired where the reversal is exact (``MojibakeRepair``).
public struct DecodeStage: Stage {
    public static let id = StageID.decode
    public static let version = 6

    public let options: DecodeOptions

    public init(options: DecodeOptions) { self.options = options }

    /// A candidate encoding and where it came from.
    private struct Candidate {
        var from: String
        var label: String?
        var encoding: String?
        var method: EncodingInfo.Method

        var candidateIsDeclared: Bool { method == .header || method == .meta }
    }

    public func run(_ input: FetchedDocument) async throws -> DecodedDocument {
        let bytes = input.content
        let uri = input.source.uri
        if bytes.isEmpty || ByteSniffer.isBlank(bytes) {
            // A crawler's record with no content (a page whose text is only in its attachments) says which.
            let message = input.source.record.map { record in
                "record \(record.number) of \(record.container) has no content"
                    + (record.title.map { " (its title: \($0))" } ?? "") + ": the page's text may be in an attachment"
            } ?? "the document is empty"
            throw GazetteError(stage: .decode, code: .decodeEmpty, message: message, input: uri)
        }
        if let kind = ByteSniffer.binaryKind(bytes) {
            throw GazetteError(stage: .decode, code: .decodeBinary,
                               message: "the document is a \(kind), not text or HTML", input: uri)
        }
        var diagnostics = input.diagnostics

        if let bom = ByteSniffer.byteOrderMark(bytes) {
            let decoded = Self.replacingNUL(try decode(bytes.dropFirst(bom.length), as: bom.encoding, uri: uri),
                                            diagnostics: &diagnostics)
            try requireDecodable(decoded, byteCount: bytes.count, encoding: bom.encoding, uri: uri)
            let evidence = [EncodingInfo.Evidence(from: "bom", encoding: bom.encoding, taken: true, reason: "byte-order mark")]
            let info = EncodingInfo(name: bom.encoding, method: .bom, invalidBytes: decoded.invalidBytes, evidence: evidence)
            return finish(input, text: decoded.text, encoding: info, diagnostics: &diagnostics)
        }

        let candidates = candidates(for: bytes, contentType: input.source.contentType)
        let utf16 = candidates.contains { $0.encoding?.hasPrefix("UTF-16") == true && $0.from == "detected" }
        // Binary data holds NUL bytes (random bytes one in 256, structured data far more); a text copy may hold a
        // few strays (a crawler's glitch), which must not cost the whole report: up to one in a thousand bytes,
        // they become U+FFFD and count as invalid bytes.
        let nulBytes = utf16 ? 0 : ByteSniffer.countNUL(bytes)
        if nulBytes * 1000 > bytes.count {
            throw GazetteError(stage: .decode, code: .decodeBinary,
                               message: "the document holds \(nulBytes) NUL bytes in \(bytes.count) and is not UTF-16: binary data, not text",
                               input: uri)
        }

        var evidence: [EncodingInfo.Evidence] = []
        let chosen = choose(among: candidates, bytes: bytes, evidence: &evidence, diagnostics: &diagnostics)
        guard let chosen, let encoding = chosen.candidate.encoding else {
            throw GazetteError(stage: .decode, code: .decodeUndecodable,
                               message: "no candidate encoding could decode the document", input: uri)
        }
        let declared = candidates.first { $0.method == .header || $0.method == .meta }
        if let declared, declared.encoding != encoding {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.declared-rejected",
                message: "the declared charset '\(declared.label ?? "")' does not decode the bytes cleanly; decoded as \(encoding) instead"))
        }
        if chosen.result.invalidBytes > 0 {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.invalid-bytes",
                message: "\(chosen.result.invalidBytes) bytes did not decode as \(encoding) and were replaced by U+FFFD"))
        }
        let result = nulBytes > 0 ? Self.replacingNUL(chosen.result, diagnostics: &diagnostics) : chosen.result
        try requireDecodable(result, byteCount: bytes.count, encoding: encoding, uri: uri)
        let info = EncodingInfo(name: encoding, declared: declared?.label, method: chosen.candidate.method,
                                invalidBytes: result.invalidBytes, evidence: evidence)
        return finish(input, text: result.text, encoding: info, diagnostics: &diagnostics)
    }

    /// How many bytes a candidate is first tried on; the one taken is then decoded whole.
    private static let sampleSize = 64 * 1024
    /// Invalid bytes after which a candidate's trial stops: only clean candidates are compared on their trial,
    /// and when none is clean every candidate is decoded whole again, counting all its invalid bytes.
    private static let trialInvalidLimit = 64
    /// How much more common another clean candidate's text must be to overrule a clean declared label.
    private static let overruleMargin = 0.3

    /// Picks the encoding. Each candidate is tried on a sample: a declared label that decodes it cleanly is
    /// kept; otherwise, among the candidates that decode it cleanly, the one whose text has the most common
    /// characters wins (Big5 bytes also decode as GBK, into rare characters). The winner is decoded whole;
    /// if that shows invalid bytes the sample missed, every candidate is decoded whole and the fewest invalid
    /// bytes, then the most common characters, win.
    private func choose(among candidates: [Candidate], bytes: Data, evidence: inout [EncodingInfo.Evidence],
                        diagnostics: inout [Diagnostic]) -> (candidate: Candidate, result: IconvConverter.Result)? {
        let sampleIsWhole = bytes.count <= Self.sampleSize
        let sample = sampleIsWhole ? bytes : Data(bytes.prefix(Self.sampleSize))
        // A document no longer than the sample is decoded whole by its trials: those results are kept.
        var wholes: [String: IconvConverter.Result] = [:]
        var trials: [(candidate: Candidate, invalid: Int, common: Double)] = []
        var seen: [String: (invalid: Int, common: Double)] = [:]
        var declaredClean: Candidate?
        for candidate in candidates {
            guard let encoding = candidate.encoding else {
                evidence.append(.init(from: candidate.from, label: candidate.label, encoding: nil, taken: false, reason: "unknown label"))
                diagnostics.append(Diagnostic(stage: .decode, severity: .warning, code: "decode.unknown-label",
                                              message: "the declared charset '\(candidate.label ?? "")' is not a known encoding; ignored"))
                continue
            }
            let trial: (invalid: Int, common: Double)
            if let known = seen[encoding] {
                trial = known
            } else if let result = try? IconvConverter.decode(sample, from: encoding, giveUpAfter: Self.trialInvalidLimit) {
                // A candidate that gave up is not clean; its text (a prefix) is never compared.
                trial = (result.invalidBytes - (sample.count < bytes.count ? result.cutOffBytes : 0),
                         result.gaveUp ? 0 : CommonCharacters.share(in: result.text))
                seen[encoding] = trial
                if sampleIsWhole, !result.gaveUp { wholes[encoding] = result }
            } else {
                evidence.append(.init(from: candidate.from, label: candidate.label, encoding: encoding, taken: false,
                                      reason: "iconv cannot decode \(encoding)"))
                continue
            }
            trials.append((candidate, trial.invalid, trial.common))
            if trial.invalid == 0, declaredClean == nil, candidate.method == .header || candidate.method == .meta {
                declaredClean = candidate
            }
        }
        let clean = trials.filter { $0.invalid == 0 }
        // Among clean candidates the most common text wins; equal shares keep the order (declared, detected, fallback).
        let bestClean = clean.enumerated().min { ($0.element.common > $1.element.common) || ($0.element.common == $1.element.common && $0.offset < $1.offset) }?.element
        // A declared label that decodes cleanly is kept, unless another candidate reads as far more common text
        // (a page labelled iso-8859-1 or gbk that holds GB18030 or Big5 bytes).
        var overruled: (declared: Candidate, by: String)?
        var declaredTrial = declaredClean.flatMap { declared in trials.first { $0.candidate.from == declared.from && $0.candidate.label == declared.label } }
        if let declared = declaredTrial, let best = bestClean, best.common - declared.common > Self.overruleMargin {
            overruled = (declared.candidate, best.candidate.encoding ?? "")
            declaredTrial = nil
        }
        var pick = declaredTrial ?? bestClean
        var whole: IconvConverter.Result?
        if let picked = pick, let encoding = picked.candidate.encoding {
            whole = wholes[encoding] ?? (try? IconvConverter.decode(bytes, from: encoding))
            if whole.map({ $0.invalidBytes > 0 }) ?? true { pick = nil }
        }
        if pick == nil {
            // No candidate decodes cleanly: decode every one whole; the fewest invalid bytes, then common text.
            for trial in trials {
                guard let encoding = trial.candidate.encoding, wholes[encoding] == nil,
                      let result = try? IconvConverter.decode(bytes, from: encoding) else { continue }
                wholes[encoding] = result
            }
            let ranked = trials.compactMap { trial -> (Int, Double, Int)? in
                guard let result = trial.candidate.encoding.flatMap({ wholes[$0] }) else { return nil }
                return (result.invalidBytes, CommonCharacters.share(in: result.text.prefix(50_000)), trials.firstIndex { $0.candidate.from == trial.candidate.from && $0.candidate.encoding == trial.candidate.encoding }!)
            }
            if let best = ranked.min(by: { ($0.0, -$0.1, $0.2) < ($1.0, -$1.1, $1.2) }) {
                pick = trials[best.2]
                whole = wholes[trials[best.2].candidate.encoding!]
                trials[best.2].invalid = best.0
            }
        }
        for trial in trials {
            let taken = pick.map { $0.candidate.from == trial.candidate.from && $0.candidate.label == trial.candidate.label
                && $0.candidate.encoding == trial.candidate.encoding } ?? false
            let share = "\(CommonCharacters.wholePercent(trial.common))% common characters"
            var reason = trial.invalid == 0 ? "decodes cleanly, \(share)"
                // The one taken after no candidate was clean carries its whole count.
                : trial.invalid > Self.trialInvalidLimit && !taken ? "more than \(Self.trialInvalidLimit) invalid bytes"
                : "\(trial.invalid) invalid bytes"
            if taken, trial.candidate.candidateIsDeclared, trial.invalid == 0 { reason += "; declared, so kept" }
            if taken, trial.invalid > 0 { reason += "; the fewest of all candidates" }
            if let overruled, overruled.declared.from == trial.candidate.from, overruled.declared.label == trial.candidate.label {
                reason += "; overruled: \(overruled.by) reads as far more common text"
            }
            evidence.append(.init(from: trial.candidate.from, label: trial.candidate.label, encoding: trial.candidate.encoding,
                                  taken: taken, reason: reason))
        }
        guard let pick, let whole else { return nil }
        return (pick.candidate, whole)
    }

    /// The candidates in the order they are tried.
    private func candidates(for bytes: Data, contentType: String?) -> [Candidate] {
        var candidates: [Candidate] = []
        func label(_ label: String, from: String, method: EncodingInfo.Method) {
            let encoding = EncodingLabel.iconvName(for: label) ?? (IconvConverter.supports(label) ? label.uppercased() : nil)
            candidates.append(Candidate(from: from, label: label, encoding: encoding, method: method))
        }
        if let header = DeclaredCharset.fromContentType(contentType) { label(header, from: "header", method: .header) }
        if let declaration = DeclaredCharset.inMarkup(bytes) {
            label(declaration.label, from: declaration.isXML ? "xml" : "meta", method: .meta)
        }
        if let utf16 = ByteSniffer.utf16WithoutBOM(bytes) {
            candidates.append(Candidate(from: "detected", encoding: utf16, method: .detected))
        }
        if let detected = CharsetDetector.detect(bytes) {
            let encoding = detected == "ASCII" ? "UTF-8" : (EncodingLabel.iconvName(for: detected) ?? detected)
            candidates.append(Candidate(from: "detected", label: detected, encoding: encoding, method: .detected))
        }
        for name in options.fallback {
            candidates.append(Candidate(from: "fallback", encoding: EncodingLabel.iconvName(for: name) ?? name, method: .assumed))
        }
        return candidates
    }

    /// Repairs mojibake and builds the artifact.
    private func finish(_ input: FetchedDocument, text: String, encoding: EncodingInfo,
                        diagnostics: inout [Diagnostic]) -> DecodedDocument {
        let repaired = MojibakeRepair.repair(text)
        if repaired.linesRepaired > 0 {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.mojibake-repaired",
                message: "\(repaired.linesRepaired) lines were UTF-8 text once read as GBK (鏀垮簻 for 政府); reversed exactly",
                line: repaired.firstLine))
        }
        if !repaired.suspectedLines.isEmpty {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.mojibake-suspected",
                message: "\(repaired.suspectedLines.count) lines read as UTF-8 text once read as GBK, but bytes were lost on the way, so they cannot be reversed exactly; left as they are (lines \(repaired.suspectedLines.prefix(10).map(String.init).joined(separator: ", ")))",
                line: repaired.suspectedLines.first))
        }
        if repaired.replacementRuns > 0 {
            diagnostics.append(Diagnostic(
                stage: .decode, severity: .warning, code: "decode.mojibake-replacement",
                message: "\(repaired.replacementRuns) 锟斤拷 runs (U+FFFD read as GBK) turned back into U+FFFD; what they replaced was lost before Gazette"))
        }
        return DecodedDocument(id: input.id, source: input.source, encoding: encoding, text: repaired.text,
                               diagnostics: diagnostics)
    }

    private func decode(_ bytes: Data, as encoding: String, uri: String) throws -> IconvConverter.Result {
        do {
            return try IconvConverter.decode(Data(bytes), from: encoding)
        } catch {
            throw GazetteError(stage: .decode, code: .decodeUndecodable,
                               message: "iconv cannot decode \(encoding)", input: uri)
        }
    }

    /// The result with every U+0000 replaced by U+FFFD and counted as invalid (NUL is no character of a report,
    /// and OpenCC and SQLite text would cut the text there), with a diagnostic when there were any.
    private static func replacingNUL(_ result: IconvConverter.Result, diagnostics: inout [Diagnostic]) -> IconvConverter.Result {
        let count = result.text.unicodeScalars.reduce(0) { $0 + ($1.value == 0 ? 1 : 0) }
        guard count > 0 else { return result }
        var replaced = result
        replaced.text = String(String.UnicodeScalarView(result.text.unicodeScalars.map { $0.value == 0 ? "\u{FFFD}" : $0 }))
        replaced.invalidBytes += count
        diagnostics.append(Diagnostic(stage: .decode, severity: .warning, code: "decode.nul-bytes",
                                      message: "\(count) NUL bytes in the text were replaced by U+FFFD"))
        return replaced
    }

    private func requireDecodable(_ result: IconvConverter.Result, byteCount: Int, encoding: String, uri: String) throws {
        let ratio = Double(result.invalidBytes) / Double(max(byteCount, 1))
        if ratio > options.maxInvalidRatio {
            throw GazetteError(
                stage: .decode, code: .decodeUndecodable,
                message: "\(result.invalidBytes) of \(byteCount) bytes are invalid even in the best candidate encoding (\(encoding)), above max_invalid_ratio \(options.maxInvalidRatio)",
                input: uri)
        }
    }
}
