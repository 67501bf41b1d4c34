import Foundation
import GazetteCore
import GazetteDecode
import GazetteEmit
import GazetteExtract
import GazetteFetch
import GazetteNormalize
import GazetteReconstruct

/// Limits that concern a whole document rather than one stage (`limits:` in a pipeline file).
public struct DocumentLimits: Codable, Sendable, Equatable {
    /// Wall-clock seconds a document may spend from decode to emit; past it the document fails with
    /// `<stage>.too-slow` and the run goes on. Fetching is bounded by its own timeouts, not by this.
    public var secondsPerDocument: Double = 60

    public init() {}

    enum CodingKeys: String, CodingKey {
        case secondsPerDocument = "seconds_per_document"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        secondsPerDocument = try c.decodeIfPresent(Double.self, forKey: .secondsPerDocument) ?? Self().secondsPerDocument
        guard secondsPerDocument > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .secondsPerDocument, in: c, debugDescription: "must be more than 0")
        }
    }
}

/// A pipeline as loaded from YAML: a name, document limits and the options of each of the six stages.
public struct Pipeline: Sendable {
    public var name: String
    public var description: String
    /// Where the pipeline came from: a file path, or `built-in`.
    public var origin: String
    /// Not part of any cache key: a limit decides whether a document finishes, never what it gives.
    public var limits: DocumentLimits
    public var fetch: FetchOptions
    public var decode: DecodeOptions
    public var extract: ExtractOptions
    public var normalize: NormalizeOptions
    public var reconstruct: ReconstructOptions
    public var emit: EmitOptions

    /// The SHA-256 of a stage's options as JSON: part of the stage's cache keys.
    public func optionsDigest(_ stage: StageID) -> String {
        let data: Data?
        switch stage {
        case .fetch: data = try? GazetteJSON.encode(fetch)
        case .decode: data = try? GazetteJSON.encode(decode)
        case .extract: data = try? GazetteJSON.encode(extract)
        case .normalize: data = try? GazetteJSON.encode(normalize)
        case .reconstruct: data = try? GazetteJSON.encode(reconstruct)
        case .emit: data = try? GazetteJSON.encode(emit)
        }
        return ContentDigest.hex(data ?? Data())
    }
}

/// A pipeline file that cannot be used: names the file and what is wrong. The CLI exits with 64.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
