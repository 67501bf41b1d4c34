/// The six stages of a Gazette pipeline, in the order they run (SPEC.md).
public enum StageID: String, Codable, CaseIterable, Sendable, Comparable {
    case fetch, decode, extract, normalize, reconstruct, emit

    /// The stage's position in the pipeline, 0 for `fetch`.
    public var position: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: StageID, rhs: StageID) -> Bool { lhs.position < rhs.position }
}
