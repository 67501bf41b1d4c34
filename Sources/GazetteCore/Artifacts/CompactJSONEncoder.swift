import Foundation

/// Gazette's compact JSON writer: byte for byte what Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (`JSONCodingTests` holds it to that on every artifact of a whole report, and on
/// awkward strings and numbers), in a fraction of the time.
///
/// Every stage's artifact is encoded for the work folder, so this is on the path of every document. It
/// builds a light tree (objects need their keys sorted) and writes it into one byte buffer. What Foundation
/// treats specially is treated the same: `Data` as Base64, `URL` as its absolute string, and a non-finite
/// number is an error. Coding paths are not tracked (an allocation per value); the only error, a non-finite
/// number, names the value instead.
struct CompactJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        let node = try JSONTree.node(for: value, codingPath: [])
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        node.write(to: &output)
        return Data(output)
    }
}

/// A JSON value as it is built: literals in their final text, strings escaped as written, containers by
/// reference so a container handed out by an encoder can still be filled after it is attached.
enum JSONTree {
    /// A number, `true`, `false` or `null`, as written.
    case literal(String)
    /// A string, escaped when written (short strings live inline in `String`: no allocation per value).
    case string(String)
    case object(ObjectBox)
    case array(ArrayBox)
    /// A value whose encoder was handed out (`superEncoder`) and is read when written.
    case deferred(TreeEncoder)

    final class ObjectBox {
        var pairs: [(key: String, value: JSONTree)] = []

        /// Insertion sort: objects have a handful of keys, often nearly in order already.
        func sortPairsByKey() {
            guard pairs.count > 1 else { return }
            for index in 1..<pairs.count {
                var position = index
                while position > 0, JSONTree.precedes(pairs[position].key, pairs[position - 1].key) {
                    pairs.swapAt(position, position - 1)
                    position -= 1
                }
            }
        }
    }

    /// Whether `a` sorts before `b` in UTF-8 byte order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    final class ArrayBox {
        var items: [JSONTree] = []
    }

    static var null: JSONTree { .literal("null") }

    /// The tree of one value, with the fast paths for what artifacts hold most. Types are told apart by
    /// comparing metatypes (a pointer compare) rather than by `as?` casts, which cost a runtime call each and
    /// would all fail for every struct in an array.
    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> JSONTree {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .literal(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Double.self { return try double(unsafeBitCast(value, to: Double.self), codingPath: codingPath) }
        if T.self == Bool.self { return boolean(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        // Every other integer and Float here too: their own `encode(to:)` asks a single-value container to
        // encode them, which would come back to this function.
        if let integer = integerText(value) { return .literal(integer) }
        if T.self == Float.self {
            let number = value as! Float
            return try double(Double(number), codingPath: codingPath, text: number.description)
        }
        let encoder = TreeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.result
    }

    /// Metatype comparisons, not `is` casts: this is asked of every struct, array and optional encoded.
    private static func integerText<T>(_ value: T) -> String? {
        let type = ObjectIdentifier(T.self)
        guard type == ObjectIdentifier(Int8.self) || type == ObjectIdentifier(Int16.self)
            || type == ObjectIdentifier(Int32.self) || type == ObjectIdentifier(Int64.self)
            || type == ObjectIdentifier(UInt.self) || type == ObjectIdentifier(UInt8.self)
            || type == ObjectIdentifier(UInt16.self) || type == ObjectIdentifier(UInt32.self)
            || type == ObjectIdentifier(UInt64.self) else { return nil }
        return String(describing: value)
    }

    static func double(_ value: Double, codingPath: [any CodingKey], text description: String? = nil) throws -> JSONTree {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath,
                                                                          debugDescription: "\(value) is not valid in JSON"))
        }
        // Whole numbers (most of what artifacts hold: counts, line numbers) are written as integers, as Foundation
        // writes them; -0 and magnitudes where Double's description switches to exponents go the long way.
        if description == nil, value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            return .literal(String(Int(value)))
        }
        var text = description ?? value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }

    static func integer<I: BinaryInteger>(_ value: I) -> JSONTree { .literal(String(value)) }

    static func boolean(_ value: Bool) -> JSONTree { .literal(value ? "true" : "false") }

    /// Writes a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`, `\f` or
    /// `\u00xx`; everything else, `/` included, as it is. The runs between escapes are copied whole.
    static func writeQuoted(_ string: String, to output: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        output.append(quote)
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == quote || byte == backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case quote, backslash: output.append(backslash); output.append(byte)
                case 0x0A: output.append(backslash); output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(backslash); output.append(UInt8(ascii: "r"))
                case 0x09: output.append(backslash); output.append(UInt8(ascii: "t"))
                case 0x08: output.append(backslash); output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(backslash); output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: "\\u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(quote)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    func write(to output: inout [UInt8]) {
        switch self {
        case .literal(let text):
            output.append(contentsOf: text.utf8)
        case .string(let text):
            JSONTree.writeQuoted(text, to: &output)
        case .array(let box):
            output.append(UInt8(ascii: "["))
            for (index, item) in box.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let box):
            output.append(UInt8(ascii: "{"))
            // Keys in byte order, as Foundation sorts them; a key given twice keeps its last value. The box is
            // written once, so it is sorted in place (stable: an equal key never moves before an earlier one).
            box.sortPairsByKey()
            let pairs = box.pairs
            var first = true
            for index in pairs.indices {
                if index + 1 < pairs.count, pairs[index + 1].key == pairs[index].key { continue }
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONTree.writeQuoted(pairs[index].key, to: &output)
                output.append(UInt8(ascii: ":"))
                pairs[index].value.write(to: &output)
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
        box.pairs.append((key.stringValue, .string(value)))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.pairs.append((key.stringValue, JSONTree.integer(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        box.pairs.append((key.stringValue, JSONTree.boolean(value)))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.pairs.append((key.stringValue, try JSONTree.double(value, codingPath: codingPath)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.pairs.append((key.stringValue, try JSONTree.node(for: value, codingPath: codingPath)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTree.ObjectBox()
        box.pairs.append((key.stringValue, .object(nested)))
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(box: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONTree.ArrayBox()
        box.pairs.append((key.stringValue, .array(nested)))
        return UnkeyedTreeContainer(box: nested, codingPath: codingPath)
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
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
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
    mutating func encode(_ value: String) throws { encoder.set(.string(value)) }
    mutating func encode(_ value: Int) throws { encoder.set(JSONTree.integer(value)) }
    mutating func encode(_ value: Double) throws { encoder.set(try JSONTree.double(value, codingPath: codingPath)) }
    mutating func encode(_ value: Bool) throws { encoder.set(JSONTree.boolean(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.set(try JSONTree.node(for: value, codingPath: codingPath)) }
}
