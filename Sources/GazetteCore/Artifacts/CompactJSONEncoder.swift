import Foundation

/// Gazette's compact JSON writer: byte for byte what Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (`JSONCodingTests` holds it to that on every artifact of a whole report, and on
/// awkward strings and numbers), in a fraction of the time.
///
/// Every stage's artifact is encoded for the work folder, so this is on the path of every document. It
/// builds a light tree (objects need their keys sorted) and writes it into one byte buffer. What Foundation
/// treats specially is treated the same: `Data` as Base64, `URL` as its absolute string, and a non-finite
/// number is an error.
struct CompactJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        let node = try JSONTree.node(for: value, codingPath: [])
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        node.write(to: &output)
        return Data(output)
    }
}

/// A JSON value as it is built: scalars already in their final text, containers by reference so a container
/// handed out by an encoder can still be filled after it is attached.
enum JSONTree {
    case scalar([UInt8])
    case object(ObjectBox)
    case array(ArrayBox)
    /// A value whose encoder was handed out (`superEncoder`) and is read when written.
    case deferred(TreeEncoder)

    final class ObjectBox {
        var pairs: [(key: String, value: JSONTree)] = []
    }

    final class ArrayBox {
        var items: [JSONTree] = []
    }

    static var null: JSONTree { .scalar(Array("null".utf8)) }

    /// The tree of one value, with the fast paths for what artifacts hold most.
    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> JSONTree {
        switch value {
        case let string as String: return .scalar(quoted(string))
        case let number as Int: return .scalar(Array(String(number).utf8))
        case let number as Double: return try double(number, codingPath: codingPath)
        case let flag as Bool: return .scalar(Array((flag ? "true" : "false").utf8))
        case let data as Data: return .scalar(quoted(data.base64EncodedString()))
        case let url as URL: return .scalar(quoted(url.absoluteString))
        // Every other integer and Float here too: their own `encode(to:)` asks a single-value container to
        // encode them, which would come back to this function.
        case let number as any BinaryInteger: return .scalar(Array(String(describing: number).utf8))
        case let number as Float:
            return try double(Double(number), codingPath: codingPath, text: number.description)
        default:
            let encoder = TreeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.result
        }
    }

    static func double(_ value: Double, codingPath: [any CodingKey], text description: String? = nil) throws -> JSONTree {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath,
                                                                          debugDescription: "\(value) is not valid in JSON"))
        }
        var text = description ?? value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .scalar(Array(text.utf8))
    }

    static func integer<I: BinaryInteger>(_ value: I) -> JSONTree { .scalar(Array(String(value).utf8)) }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00xx`;
    /// everything else, `/` included, as it is.
    static func quoted(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .scalar(let bytes):
            output += bytes
        case .array(let box):
            output.append(UInt8(ascii: "["))
            for (index, item) in box.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let box):
            output.append(UInt8(ascii: "{"))
            // Keys in byte order, as Foundation sorts them; a key given twice keeps its last value.
            let pairs = box.pairs.enumerated().sorted { a, b in
                a.element.key == b.element.key ? a.offset < b.offset
                    : a.element.key.utf8.lexicographicallyPrecedes(b.element.key.utf8)
            }
            var first = true
            for (index, pair) in pairs.enumerated() {
                if index + 1 < pairs.count, pairs[index + 1].element.key == pair.element.key { continue }
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                output += JSONTree.quoted(pair.element.key)
                output.append(UInt8(ascii: ":"))
                pair.element.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .deferred(let encoder):
            encoder.result.write(to: &output)
        }
    }
}

/// The `Encoder` that builds a ``JSONTree``.
final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    private var node: JSONTree?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    /// What was encoded; a value that encoded nothing is an empty object, as with Foundation.
    var result: JSONTree { node ?? .object(JSONTree.ObjectBox()) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONTree.ObjectBox
        if case .object(let existing) = node {
            box = existing
        } else {
            box = JSONTree.ObjectBox()
            node = .object(box)
        }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONTree.ArrayBox
        if case .array(let existing) = node {
            box = existing
        } else {
            box = JSONTree.ArrayBox()
            node = .array(box)
        }
        return UnkeyedTreeContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTreeContainer(encoder: self) }

    fileprivate func set(_ value: JSONTree) { node = value }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONTree.ObjectBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.pairs.append((key.stringValue, JSONTree.null)) }
    mutating func encode(_ value: String, forKey key: Key) throws {
        box.pairs.append((key.stringValue, .scalar(JSONTree.quoted(value))))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.pairs.append((key.stringValue, JSONTree.integer(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        box.pairs.append((key.stringValue, .scalar(Array((value ? "true" : "false").utf8))))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.pairs.append((key.stringValue, try JSONTree.double(value, codingPath: codingPath + [key])))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.pairs.append((key.stringValue, try JSONTree.node(for: value, codingPath: codingPath + [key])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTree.ObjectBox()
        box.pairs.append((key.stringValue, .object(nested)))
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONTree.ArrayBox()
        box.pairs.append((key.stringValue, .array(nested)))
        return UnkeyedTreeContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = TreeEncoder(codingPath: codingPath)
        box.pairs.append((name, .deferred(encoder)))
        return encoder
    }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let box: JSONTree.ArrayBox
    let codingPath: [any CodingKey]
    var count: Int { box.items.count }

    mutating func encodeNil() throws { box.items.append(JSONTree.null) }
    mutating func encode(_ value: String) throws { box.items.append(.scalar(JSONTree.quoted(value))) }
    mutating func encode(_ value: Int) throws { box.items.append(JSONTree.integer(value)) }
    mutating func encode(_ value: Double) throws { box.items.append(try JSONTree.double(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items.append(try JSONTree.node(for: value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTree.ObjectBox()
        box.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(box: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONTree.ArrayBox()
        box.items.append(.array(nested))
        return UnkeyedTreeContainer(box: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = TreeEncoder(codingPath: codingPath)
        box.items.append(.deferred(encoder))
        return encoder
    }
}

private struct SingleTreeContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.set(JSONTree.null) }
    mutating func encode(_ value: String) throws { encoder.set(.scalar(JSONTree.quoted(value))) }
    mutating func encode(_ value: Int) throws { encoder.set(JSONTree.integer(value)) }
    mutating func encode(_ value: Double) throws { encoder.set(try JSONTree.double(value, codingPath: codingPath)) }
    mutating func encode(_ value: Bool) throws { encoder.set(.scalar(Array((value ? "true" : "false").utf8))) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.set(try JSONTree.node(for: value, codingPath: codingPath)) }
}
