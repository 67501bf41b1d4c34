import Foundation
import GazetteCore

/// A stage's output as the work folder holds it: its bytes, their digest (the next stage's cache key depends
/// on it), and the decoded value, decoded only when a stage actually needs it.
///
/// The bytes are the compact binary form (``ArtifactBinary``) for every artifact that has one (all the kept
/// stages' do), JSON for any other. A run with no work folder encodes nothing: its artifacts hold only their values.
struct StoredArtifact<Value: Codable & Sendable>: Sendable {
    /// The stored bytes; nil in a run that keeps no work folder.
    let data: Data?
    /// The bytes' digest, made when asked for: only the next stage's cache key needs it.
    var digest: String { data.map(ContentDigest.hex) ?? "" }
    private var decoded: Value?

    init(data: Data?, value: Value? = nil) {
        self.data = data
        self.decoded = value
    }

    /// `value` encoded for the work folder when `kept`, else held as it is.
    init(value: Value, kept: Bool) throws {
        guard kept else {
            self.init(data: nil, value: value)
            return
        }
        if let binary = value as? any BinaryStorable {
            self.init(data: ArtifactBinary.encode(binary), value: value)
        } else {
            self.init(data: try GazetteJSON.encode(value), value: value)
        }
    }

    /// The same artifact holding its decoded value, so the next reader does not decode it again.
    func keeping(_ value: Value) -> StoredArtifact {
        var copy = self
        copy.decoded = value
        return copy
    }

    func value() throws -> Value {
        if let decoded { return decoded }
        guard let data else { preconditionFailure("an artifact with neither bytes nor a value") }
        if let binary = Value.self as? any BinaryStorable.Type, let value = try ArtifactBinary.decode(binary, from: data) as? Value {
            return value
        }
        return try GazetteJSON.decode(Value.self, from: data)
    }
}
