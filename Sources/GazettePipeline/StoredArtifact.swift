import Foundation
import GazetteCore

/// A stage's output as the work folder holds it: its bytes, their digest (the next stage's cache key depends
/// on it, and a read from the work folder checks the bytes against it), and the decoded value, decoded only
/// when a stage actually needs it.
///
/// The bytes are the compact binary form (``ArtifactBinary``) for every artifact that has one (all the kept
/// stages' do), JSON for any other. A run with no work folder encodes nothing: its artifacts hold only their values.
struct StoredArtifact<Value: Codable & Sendable>: Sendable {
    /// The stored bytes; nil in a run that keeps no work folder.
    let data: Data?
    /// The bytes' digest when it is made already (read from the work folder, or made for the next stage's key).
    let knownDigest: String?
    /// The bytes' digest; empty when there are no bytes.
    var digest: String { knownDigest ?? data.map(ContentDigest.hex) ?? "" }
    private var decoded: Value?

    /// An artifact read from the work folder.
    init(_ artifact: WorkFolder.Artifact) {
        self.init(data: artifact.data, digest: artifact.digest, value: nil)
    }

    /// A value with no bytes (a run keeping no work folder, or a document read again by `gazette review`).
    init(value: Value) {
        self.init(data: nil, digest: "", value: value)
    }

    private init(data: Data?, digest: String?, value: Value?) {
        self.data = data
        self.knownDigest = digest
        self.decoded = value
    }

    /// `value` encoded for the work folder when `kept`, else held as it is. `digested`: its digest is made now, as
    /// the next stage's key needs it; otherwise the work folder's writer makes it, off the document's thread.
    init(value: Value, kept: Bool, digested: Bool = true) throws {
        guard kept else {
            self.init(value: value)
            return
        }
        let data = if let binary = value as? any BinaryStorable { ArtifactBinary.encode(binary) } else { try GazetteJSON.encode(value) }
        self.init(data: data, digest: digested ? ContentDigest.hex(data) : nil, value: value)
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
