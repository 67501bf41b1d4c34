import Foundation

/// Gazette's compact JSON writer: byte for byte what Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (`JSONCodingTests` holds it to that on every artifact of whole reports, and on
/// awkward keys, strings, numbers and container uses), several times faster.
///
/// Every stage's artifact is encoded for the work folder, so this is on the path of every document. It writes
/// as values arrive, into one byte buffer, with no tree in between: an object's members are written in the
/// order they are encoded, and when the object closes they are put in key order in place (objects are small,
/// and often in order already). A nested container is closed when its parent is written to again, which is
/// how containers are used (Foundation also allows going back to a nested container after its parent moved
/// on; that is reported as an error here). What Foundation treats specially is treated the same: `Data` as
/// Base64, `URL` as its absolute string, a non-finite number is an error, a value that encodes nothing is `{}`.
struct CompactJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        let writer = JSONStreamWriter()
        try writer.write(value)
        return Data(writer.output)
    }
}

/// The `Encoder` every value is encoded with; containers are handles on its stack of open frames.
final class JSONStreamWriter: Encoder {
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]

    struct Frame {
        enum Kind { case object, array, slot }
        var id: Int
        var kind: Kind
        /// Where the frame's text starts: its `{` or `[`, or for a slot where its value goes.
        var start: Int
        /// Members or elements written.
        var count = 0
        /// For an object: where its members start in `members`.
        var firstMember: Int
        /// For an object: whether every key so far came after the one before it in byte order.
        var inOrder = true
        /// For an object: the `CodingKey` type its members came with, under which their order is remembered.
        var keyType: ObjectIdentifier?
    }

    /// The writer's state lives behind a pointer: stored properties of a class are checked for exclusive
    /// access at run time on every mutation, which took a quarter of the time of writing an artifact.
    private struct State {
        var output: [UInt8] = []
        var frames: [Frame] = []
        /// The members of the open objects, innermost last: each key and the offset where its `"key":value`
        /// starts.
        var members: [(key: String, start: Int)] = []
        var nextFrameID = 0
        /// The value being encoded: the container it opened (asked for again, the same one is returned) and
        /// whether it wrote anything.
        var valueContainer: Int?
        var valueWritten = false
        /// Orders of members already worked out, by key type: an artifact holds hundreds of objects of each
        /// type (cells, lines, checks), whose members come in the same few key sequences.
        var orders: [ObjectIdentifier: [(keys: [String], order: [Int])]] = [:]
        /// Reused while an object's members are put in order.
        var scratch: [UInt8] = []
    }

    private let state: UnsafeMutablePointer<State>

    private(set) var output: [UInt8] {
        get { state.pointee.output }
        _modify { yield &state.pointee.output }
    }
    private var frames: [Frame] {
        get { state.pointee.frames }
        _modify { yield &state.pointee.frames }
    }
    private var members: [(key: String, start: Int)] {
        get { state.pointee.members }
        _modify { yield &state.pointee.members }
    }
    private var nextFrameID: Int {
        get { state.pointee.nextFrameID }
        _modify { yield &state.pointee.nextFrameID }
    }
    private var valueContainer: Int? {
        get { state.pointee.valueContainer }
        _modify { yield &state.pointee.valueContainer }
    }
    private var valueWritten: Bool {
        get { state.pointee.valueWritten }
        _modify { yield &state.pointee.valueWritten }
    }

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.output.reserveCapacity(4096)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Values

    /// Writes one value where the output stands (the top level, after a key, or after a comma).
    func write<T: Encodable>(_ value: T) throws {
        if try writePrimitive(value) { return }
        let base = frames.count
        let savedContainer = valueContainer, savedWritten = valueWritten
        valueContainer = nil
        valueWritten = false
        try value.encode(to: self)
        try close(downTo: base)
        if !valueWritten { output.append(contentsOf: "{}".utf8) }
        valueContainer = savedContainer
        valueWritten = savedWritten
    }

    /// The fast paths for what artifacts hold most. Types are told apart by comparing metatypes (a pointer
    /// compare) rather than by `as?` casts, which cost a runtime call each and fail for every struct.
    private func writePrimitive<T: Encodable>(_ value: T) throws -> Bool {
        if T.self == String.self {
            writeQuoted(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writeInteger(unsafeBitCast(value, to: Int.self))
        } else if T.self == Double.self {
            try writeDouble(unsafeBitCast(value, to: Double.self))
        } else if T.self == Bool.self {
            writeBoolean(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Data.self {
            writeQuoted((value as! Data).base64EncodedString())
        } else if T.self == URL.self {
            writeQuoted((value as! URL).absoluteString)
        } else if let text = Self.integerText(value) {
            // Every other integer: their own `encode(to:)` would ask a single-value container to encode them,
            // which comes back here.
            output.append(contentsOf: text.utf8)
        } else if T.self == Float.self {
            let number = value as! Float
            try writeDouble(Double(number), text: number.description)
        } else {
            return false
        }
        valueWritten = true
        return true
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

    func writeNull() {
        output.append(contentsOf: "null".utf8)
        valueWritten = true
    }

    func writeBoolean(_ value: Bool) {
        output.append(contentsOf: (value ? "true" : "false").utf8)
        valueWritten = true
    }

    func writeInteger<I: BinaryInteger>(_ value: I) {
        output.append(contentsOf: String(value).utf8)
        valueWritten = true
    }

    /// As Foundation writes a Double: whole numbers without `.0`, others as Swift describes them.
    func writeDouble(_ value: Double, text description: String? = nil) throws {
        if let description {
            try Self.checkFinite(value)
            var text = description
            if text.hasSuffix(".0") { text.removeLast(2) }
            output.append(contentsOf: text.utf8)
        } else {
            try Self.writeDouble(value, to: &output)
        }
        valueWritten = true
    }

    static func writeDouble(_ value: Double, to output: inout [UInt8]) throws {
        try checkFinite(value)
        // Whole numbers (most of what artifacts hold: counts, line numbers) are written as integers, as Foundation
        // writes them; -0 and magnitudes where Double's description switches to exponents go the long way.
        if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            DecimalText.append(Int(value), to: &output)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        output.append(contentsOf: text.utf8)
    }

    private static func checkFinite(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [],
                                                                          debugDescription: "\(value) is not valid in JSON"))
        }
    }


    /// Writes a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`, `\f` or
    /// `\u00xx`; everything else, `/` included, as it is. The runs between escapes are copied whole.
    func writeQuoted(_ string: String) {
        Self.writeQuoted(string, to: &output)
        valueWritten = true
    }

    static func writeQuoted(_ string: String, to output: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        output.append(quote)
        func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time while none needs escaping: most of an artifact is text that needs none.
                if index + 8 <= bytes.count,
                   !mayNeedEscape(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                index += 1
                guard byte < 0x20 || byte == quote || byte == backslash else { continue }
                let at = index - 1
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<at]))
                start = index
                switch byte {
                case quote, backslash: output.append(backslash); output.append(byte)
                case 0x0A: output.append(backslash); output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(backslash); output.append(UInt8(ascii: "r"))
                case 0x09: output.append(backslash); output.append(UInt8(ascii: "t"))
                case 0x08: output.append(backslash); output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(backslash); output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: "\\u00".utf8)
                    output.append(UInt8.lowercaseHexDigit(byte >> 4))
                    output.append(UInt8.lowercaseHexDigit(byte & 0xF))
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        string.withUTF8InPlace(write)
        output.append(quote)
    }

    /// Whether any of eight bytes is a control character, `"` or `\` (the bit tricks of "Bit Twiddling Hacks":
    /// a byte below n when n ≤ 128, and a zero byte after XOR with the byte looked for).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below = (word &- ones &* 0x20) & ~word & highs != 0
        return below || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }

    // MARK: Frames

    /// Opens an object or array where the output stands and returns its id.
    func open(_ kind: Frame.Kind, keyType: ObjectIdentifier? = nil) -> Int {
        nextFrameID += 1
        switch kind {
        case .object: output.append(UInt8(ascii: "{"))
        case .array: output.append(UInt8(ascii: "["))
        case .slot: break
        }
        frames.append(Frame(id: nextFrameID, kind: kind, start: output.count - (kind == .slot ? 0 : 1),
                            firstMember: members.count, keyType: keyType))
        valueWritten = true
        return nextFrameID
    }

    /// Readies the output for the next member of object `id` (a comma, the key and a colon), closing the
    /// containers opened inside it since.
    func beginMember(of id: Int, key: String) throws {
        let index = try frameIndex(id)
        try close(downTo: index + 1)
        if frames[index].count > 0 {
            output.append(UInt8(ascii: ","))
            if frames[index].inOrder, !Self.precedes(members[members.count - 1].key, key) { frames[index].inOrder = false }
        }
        frames[index].count += 1
        members.append((key, output.count))
        Self.writeQuoted(key, to: &output)
        output.append(UInt8(ascii: ":"))
    }

    /// Readies the output for the next element of array `id`.
    func beginElement(of id: Int) throws {
        let index = try frameIndex(id)
        try close(downTo: index + 1)
        if frames[index].count > 0 { output.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    /// Opens a container as the next member of object `parent` (or, with no key, the next element of array
    /// `parent`); a parent already closed gives a container that fails on its first write.
    func openNested(_ kind: Frame.Kind, in parent: Int, key: String?, keyType: ObjectIdentifier? = nil) -> Int {
        do {
            if let key { try beginMember(of: parent, key: key) } else { try beginElement(of: parent) }
        } catch {
            return Self.closed
        }
        return open(kind, keyType: keyType)
    }

    /// Opens a container in the slot a `superEncoder` was given, if it is still where the output stands.
    func openInSlot(_ kind: Frame.Kind, slot: Int, keyType: ObjectIdentifier? = nil) -> Int {
        guard enterSlot(slot) else { return Self.closed }
        return open(kind, keyType: keyType)
    }

    /// Whether the slot is the innermost open frame and still empty: the only state it can be written in.
    func enterSlot(_ slot: Int) -> Bool {
        guard let last = frames.last, last.id == slot, last.kind == .slot, output.count == last.start else { return false }
        return true
    }

    /// The id of no open frame: a container handed out too late fails on its first write.
    static let closed = 0

    func elementCount(of id: Int) -> Int {
        frames.last { $0.id == id }?.count ?? 0
    }

    private func frameIndex(_ id: Int) throws -> Int {
        guard let index = frames.lastIndex(where: { $0.id == id }) else {
            throw EncodingError.invalidValue(id, EncodingError.Context(
                codingPath: [], debugDescription: "a container was written to after its parent moved on (unsupported by Gazette's JSON writer)"))
        }
        return index
    }

    /// Closes the frames above `depth`: objects get their members in key order and `}`, arrays `]`, a slot
    /// nothing was written into `{}`.
    private func close(downTo depth: Int) throws {
        while frames.count > depth {
            let frame = frames.removeLast()
            switch frame.kind {
            case .object:
                if !frame.inOrder { sortMembers(of: frame) }
                members.removeSubrange(frame.firstMember...)
                output.append(UInt8(ascii: "}"))
            case .array:
                output.append(UInt8(ascii: "]"))
            case .slot:
                if output.count == frame.start { output.append(contentsOf: "{}".utf8) }
            }
        }
    }

    /// Rewrites an object's members in byte order of their keys; a key given twice keeps its last value.
    private func sortMembers(of frame: Frame) {
        let first = frame.firstMember
        let count = members.count - first
        let order = memberOrder(of: frame)
        let bodyStart = frame.start + 1
        state.pointee.scratch.removeAll(keepingCapacity: true)
        state.pointee.scratch.append(contentsOf: state.pointee.output[bodyStart...])
        output.removeSubrange(bodyStart...)
        for (position, index) in order.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            // A member's bytes run to the comma before the next one.
            let start = members[first + index].start - bodyStart
            let end = index + 1 < count ? members[first + index + 1].start - 1 - bodyStart : state.pointee.scratch.count
            state.pointee.output.append(contentsOf: state.pointee.scratch[start..<end])
        }
    }

    /// The members to write, in key order, as offsets from the object's first: worked out once per key type
    /// and key sequence. Of members with the same key only the last is kept.
    private func memberOrder(of frame: Frame) -> [Int] {
        let own = members[frame.firstMember...]
        if let type = frame.keyType, let known = state.pointee.orders[type]?.first(where: { known in
            known.keys.count == own.count && zip(known.keys, own).allSatisfy { $0 == $1.key }
        }) {
            return known.order
        }
        let keys = own.map(\.key)
        // Stable: equal keys keep their order, and of those the last is written.
        let sorted = keys.indices.sorted { a, b in keys[a] == keys[b] ? a < b : Self.precedes(keys[a], keys[b]) }
        let order = sorted.indices.filter { $0 + 1 == sorted.count || keys[sorted[$0 + 1]] != keys[sorted[$0]] }
            .map { sorted[$0] }
        if let type = frame.keyType, state.pointee.orders[type, default: []].count < 16 {
            state.pointee.orders[type, default: []].append((keys, order))
        }
        return order
    }

    /// Whether `a` sorts before `b` in UTF-8 byte order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.withUTF8InPlace { x in
            b.withUTF8InPlace { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Asked again by the same value: the same object.
        if let id = valueContainer, frames.contains(where: { $0.id == id && $0.kind == .object }) {
            return KeyedEncodingContainer(KeyedStreamContainer<Key>(writer: self, id: id))
        }
        let id = open(.object, keyType: ObjectIdentifier(Key.self))
        valueContainer = id
        return KeyedEncodingContainer(KeyedStreamContainer<Key>(writer: self, id: id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if let id = valueContainer, frames.contains(where: { $0.id == id && $0.kind == .array }) {
            return UnkeyedStreamContainer(writer: self, id: id)
        }
        let id = open(.array)
        valueContainer = id
        return UnkeyedStreamContainer(writer: self, id: id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleStreamContainer(writer: self, slot: nil) }
}

/// An encoder handed out by `superEncoder`: it writes into the slot opened for it, as long as that slot is
/// still where the output stands.
private struct SlotEncoder: Encoder {
    let writer: JSONStreamWriter
    let slot: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedStreamContainer<Key>(
            writer: writer, id: writer.openInSlot(.object, slot: slot, keyType: ObjectIdentifier(Key.self))))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedStreamContainer(writer: writer, id: writer.openInSlot(.array, slot: slot))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleStreamContainer(writer: writer, slot: slot) }
}

private struct KeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let id: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        writer.writeNull()
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        writer.writeQuoted(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        writer.writeBoolean(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        try writer.writeDouble(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try writer.beginMember(of: id, key: key.stringValue)
        try writer.write(value)
    }

    // Optional members, as synthesized `encode(to:)` writes them: straight to the typed writes rather than
    // through the protocol's default, which goes the generic way.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedStreamContainer<NestedKey>(
            writer: writer, id: writer.openNested(.object, in: id, key: key.stringValue, keyType: ObjectIdentifier(NestedKey.self))))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedStreamContainer(writer: writer, id: writer.openNested(.array, in: id, key: key.stringValue))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        SlotEncoder(writer: writer, slot: writer.openNested(.slot, in: id, key: name))
    }
}

private struct UnkeyedStreamContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let id: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.elementCount(of: id) }

    mutating func encodeNil() throws {
        try writer.beginElement(of: id)
        writer.writeNull()
    }

    mutating func encode(_ value: String) throws {
        try writer.beginElement(of: id)
        writer.writeQuoted(value)
    }

    mutating func encode(_ value: Int) throws {
        try writer.beginElement(of: id)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Double) throws {
        try writer.beginElement(of: id)
        try writer.writeDouble(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.beginElement(of: id)
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedStreamContainer<NestedKey>(
            writer: writer, id: writer.openNested(.object, in: id, key: nil, keyType: ObjectIdentifier(NestedKey.self))))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedStreamContainer(writer: writer, id: writer.openNested(.array, in: id, key: nil))
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(writer: writer, slot: writer.openNested(.slot, in: id, key: nil))
    }
}

private struct SingleStreamContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    /// For a `superEncoder`'s value: the slot it must still be writing into.
    var slot: Int?
    var codingPath: [any CodingKey] { [] }

    private func ready() throws {
        guard let slot else { return }
        guard writer.enterSlot(slot) else {
            throw EncodingError.invalidValue(slot, EncodingError.Context(
                codingPath: [], debugDescription: "a super encoder was written to after its parent moved on (unsupported by Gazette's JSON writer)"))
        }
    }

    mutating func encodeNil() throws { try ready(); writer.writeNull() }
    mutating func encode(_ value: String) throws { try ready(); writer.writeQuoted(value) }
    mutating func encode(_ value: Int) throws { try ready(); writer.writeInteger(value) }
    mutating func encode(_ value: Double) throws { try ready(); try writer.writeDouble(value) }
    mutating func encode(_ value: Bool) throws { try ready(); writer.writeBoolean(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try ready(); try writer.write(value) }
}
