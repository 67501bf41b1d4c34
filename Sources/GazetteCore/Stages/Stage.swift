/// One step of the pipeline: turns the previous stage's artifact into the next one.
///
/// A stage reads only its input and its options, so it can be re-run alone from a cached input
/// (`gazette run --from`, `gazette stage`). Problems that still leave a usable output are appended to
/// the output's `diagnostics`; a stage throws a ``GazetteError`` only when the document cannot go on.
///
/// Implementation requirements:
/// - `run` is deterministic: the same input and options give the same output, byte for byte once encoded.
///   The work-folder cache relies on it.
/// - Bump `version` whenever a code change alters the output for some input, so cached results of the old
///   code are not reused.
public protocol Stage: Sendable {
    associatedtype Input: Codable & Sendable
    associatedtype Output: Artifact
    associatedtype Options: StageOptions

    static var id: StageID { get }
    /// Part of every cache key of this stage.
    static var version: Int { get }

    init(options: Options) throws
    func run(_ input: Input) async throws -> Output
}

/// The options block of one stage in a pipeline file.
///
/// Decoding fills every missing field with its default (an empty block gives the defaults), and encoding
/// writes every field, so that the pipeline loader can name unknown keys by comparing what it read with what
/// the options encode back, and the cache key covers every setting.
public protocol StageOptions: Codable, Sendable, Equatable {}

/// What crosses a stage boundary: a plain value that knows its document and carries the findings of every
/// stage so far, so a cached artifact is self-contained.
public protocol Artifact: Codable, Sendable, Equatable {
    var id: DocumentID { get }
    var diagnostics: [Diagnostic] { get set }
}
