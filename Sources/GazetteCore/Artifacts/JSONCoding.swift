import Foundation

/// The one JSON form Gazette writes: sorted keys, so equal values encode to equal bytes (the cache keys on
/// them) and goldens diff cleanly; slashes left alone, so URLs stay readable.
public enum GazetteJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .throw
        return encoder
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// Compact JSON goes through ``CompactJSONEncoder`` (the same bytes, faster: every artifact is encoded);
    /// pretty JSON, written once per run, through Foundation.
    public static func encode(_ value: some Encodable, pretty: Bool = false) throws -> Data {
        pretty ? try encoder(pretty: true).encode(value) : try CompactJSONEncoder().encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}
