import Foundation
import GazetteCore

/// An artifact as the work folder holds it: its JSON, that JSON's digest (the next stage's cache key
/// depends on it), and the decoded value, decoded only when a stage actually needs it.
struct StoredArtifact<Value: Codable & Sendable>: Sendable {
    let data: Data
    let digest: String
    private var decoded: Value?

    init(data: Data, value: Value? = nil) {
        self.data = data
        self.digest = ContentDigest.hex(data)
        self.decoded = value
    }

    init(value: Value) throws {
        self.init(data: try GazetteJSON.encode(value), value: value)
    }

    /// The same artifact holding its decoded value, so the next reader does not decode the JSON again.
    func keeping(_ value: Value) -> StoredArtifact {
        var copy = self
        copy.decoded = value
        return copy
    }

    func value() throws -> Value {
        if let decoded { return decoded }
        return try GazetteJSON.decode(Value.self, from: data)
    }
}
