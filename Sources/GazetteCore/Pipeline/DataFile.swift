import Foundation

/// A data file a pipeline names in its options (a phrase dictionary, a table template), read when the
/// pipeline is loaded.
///
/// In YAML it is written as a path relative to the pipeline file. It encodes as its path and the SHA-256 of
/// its contents, so editing the file changes the options' cache key and re-runs the stage.
public struct DataFile: Codable, Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }

    /// Reads the file named at this point of the YAML, through the resolver the pipeline loader installs.
    public init(from decoder: any Decoder) throws {
        let path = try decoder.singleValueContainer().decode(String.self)
        self = try Self.resolve(path, decoder: decoder)
    }

    /// Reads a default data file (one the pipeline did not name) through the loader's resolver.
    public static func resolve(_ path: String, decoder: any Decoder) throws -> DataFile {
        guard let resolver = decoder.userInfo[DataFileResolver.userInfoKey] as? DataFileResolver else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "no data file resolver to read '\(path)'"))
        }
        do {
            return DataFile(path: path, contents: try resolver.read(path))
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "cannot read data file '\(path)': \(error)"))
        }
    }

    enum CodingKeys: String, CodingKey { case path, sha256 }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(ContentDigest.hex(contents), forKey: .sha256)
    }
}

/// Reads the data files a pipeline names; installed in the decoder's `userInfo` by the pipeline loader.
public final class DataFileResolver: Sendable {
    public static let userInfoKey = CodingUserInfoKey(rawValue: "gazette.dataFileResolver")!

    private let reader: @Sendable (String) throws -> String

    public init(_ reader: @escaping @Sendable (String) throws -> String) {
        self.reader = reader
    }

    public func read(_ path: String) throws -> String { try reader(path) }
}
