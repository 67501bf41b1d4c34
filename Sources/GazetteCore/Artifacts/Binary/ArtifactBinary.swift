import Foundation

/// The compact binary form the work folder keeps the stages' artifacts in.
///
/// JSON stays the form of every output and of `gazette stage`; the work folder's copies are read back only
/// by Gazette, so they are written field by field in a fixed order with no names: integers as variable-length
/// (zigzag) numbers, strings and bytes as their length and their UTF-8 or raw bytes, optionals as a presence
/// byte, arrays as their count and their elements. Encoding a document's lines this way is a copy of their
/// bytes, where JSON went through `Codable`'s containers, escaping and (for fetched bytes) base64; reading
/// it back is a walk of the buffer, where Foundation's JSON decoder built a tree first.
///
/// The form has no versioning of its own: the work folder's keys name it (``formatVersion``), so a change
/// of any type's layout bumps that number and old artifacts are simply not found.
public enum ArtifactBinary {
    /// Part of every work-folder key: bump it when the layout of any ``BinaryStorable`` type changes.
    public static let formatVersion = 2
    /// The first bytes of every artifact in this form, so a stored artifact of another form is told at once.
    static let magic: [UInt8] = Array("GZB\(formatVersion)".utf8)

    /// `value` in the binary form.
    public static func encode(_ value: some BinaryStorable) -> Data {
        var writer = BinaryWriter()
        writer.append(magic)
        value.write(to: &writer)
        return writer.finish()
    }

    /// The value `data` holds; throws on data of another form, truncated or malformed.
    public static func decode<T: BinaryStorable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { buffer in
            var reader = BinaryReader(buffer)
            guard buffer.count >= magic.count, zip(buffer, magic).allSatisfy({ $0 == $1 }) else {
                throw BinaryReader.Malformed(offset: 0, what: "not a Gazette binary artifact")
            }
            reader.offset = magic.count
            let value = try T(from: &reader)
            guard reader.offset == buffer.count else {
                throw BinaryReader.Malformed(offset: reader.offset, what: "bytes after the artifact")
            }
            return value
        }
    }

    /// Whether `data` starts as an artifact of this form (and of this form's version) does.
    public static func isBinary(_ data: Data) -> Bool {
        data.count >= magic.count && data.prefix(magic.count).elementsEqual(magic)
    }
}

/// A type the work folder can keep in ``ArtifactBinary``'s form: it writes its fields in a fixed order and
/// reads them back in the same order.
public protocol BinaryStorable {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws
}

/// Appends values to a byte buffer of its own, which ``finish()`` hands to a `Data` without copying it.
///
/// A raw buffer, not a `[UInt8]`: an array checks that it is uniquely referenced at every append, and its bytes
/// were copied again into the `Data` the work folder keeps; encoding was two fifths of what keeping the work
/// folder cost a document's thread (issue 15). Not copyable: the buffer has one owner, which frees it.
public struct BinaryWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    public init() {
        capacity = 16_384
        base = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    /// The bytes written, as `Data` that owns the buffer from now on.
    public consuming func finish() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        discard self
        return data
    }

    /// Room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        capacity = max(capacity * 2, count + extra)
        base = realloc(base, capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always)
    private mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends raw bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public mutating func write(_ value: UInt64) {
        reserve(10)
        var value = value
        while value >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: value) | 0x80
            count += 1
            value >>= 7
        }
        base[count] = UInt8(value)
        count += 1
    }

    /// Zigzag: small negative numbers stay short.
    public mutating func write(_ value: Int) {
        write(UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> 63)))
    }

    public mutating func write(_ value: Bool) { append(byte: value ? 1 : 0) }

    public mutating func write(_ value: Double) {
        var bits = value.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { append($0) }
    }

    public mutating func write(_ value: String) {
        value.withUTF8InPlace { utf8 in
            write(UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    public mutating func write(_ value: Data) {
        write(UInt64(value.count))
        value.withUnsafeBytes { append($0) }
    }

    public mutating func write<T: BinaryStorable>(_ value: T) { value.write(to: &self) }

    /// A presence byte, then the value when there is one.
    public mutating func write<T>(_ value: T?, _ writeValue: (inout BinaryWriter, T) -> Void) {
        if let value {
            append(byte: 1)
            writeValue(&self, value)
        } else {
            append(byte: 0)
        }
    }

    public mutating func write(_ value: String?) { write(value) { $0.write($1) } }
    public mutating func write(_ value: Int?) { write(value) { $0.write($1) } }
    public mutating func write(_ value: Double?) { write(value) { $0.write($1) } }
    public mutating func write(_ value: Bool?) { write(value) { $0.write($1) } }
    public mutating func write<T: BinaryStorable>(_ value: T?) { write(value) { $0.write($1) } }

    /// The count, then each element.
    public mutating func write<T>(_ values: [T], _ writeValue: (inout BinaryWriter, T) -> Void) {
        write(UInt64(values.count))
        for value in values { writeValue(&self, value) }
    }

    public mutating func write<T: BinaryStorable>(_ values: [T]) { write(values) { $0.write($1) } }
    public mutating func write(_ values: [String]) { write(values) { $0.write($1) } }

    /// A raw-value enum by its raw value.
    public mutating func write<T: RawRepresentable>(raw value: T) where T.RawValue == String { write(value.rawValue) }
}

/// Reads values back from a buffer in the order they were written, throwing on truncated or malformed data
/// rather than trapping: a damaged work folder must cost a recomputation, never a crash.
public struct BinaryReader {
    public struct Malformed: Error, CustomStringConvertible {
        public var offset: Int
        public var what: String
        public var description: String { "malformed binary artifact at byte \(offset): \(what)" }
    }

    private let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    private func malformed(_ what: String) -> Malformed { Malformed(offset: offset, what: what) }

    public mutating func readUInt64() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw malformed("truncated number") }
            guard shift < 64 else { throw malformed("number too long") }
            let byte = buffer[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func readInt() throws -> Int {
        let raw = try readUInt64()
        return Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A count of elements or bytes, no more than the bytes left could hold (a damaged count must not make
    /// the reader reserve gigabytes).
    private mutating func readCount() throws -> Int {
        let count = try readUInt64()
        guard count <= UInt64(buffer.count - offset) else { throw malformed("count \(count) past the end") }
        return Int(count)
    }

    public mutating func readBool() throws -> Bool {
        guard offset < buffer.count else { throw malformed("truncated flag") }
        let byte = buffer[offset]
        offset += 1
        guard byte <= 1 else { throw malformed("flag \(byte)") }
        return byte == 1
    }

    public mutating func readDouble() throws -> Double {
        guard buffer.count - offset >= 8 else { throw malformed("truncated number") }
        var bits: UInt64 = 0
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 8)])) }
        offset += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    public mutating func readString() throws -> String {
        let count = try readCount()
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
        offset += count
        guard let string = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw malformed("invalid UTF-8")
        }
        return string
    }

    public mutating func readData() throws -> Data {
        let count = try readCount()
        let data = Data(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)]))
        offset += count
        return data
    }

    public mutating func read<T: BinaryStorable>(_ type: T.Type = T.self) throws -> T { try T(from: &self) }

    public mutating func readOptional<T>(_ readValue: (inout BinaryReader) throws -> T) throws -> T? {
        try readBool() ? try readValue(&self) : nil
    }

    public mutating func readOptionalString() throws -> String? { try readOptional { try $0.readString() } }
    public mutating func readOptionalInt() throws -> Int? { try readOptional { try $0.readInt() } }
    public mutating func readOptionalDouble() throws -> Double? { try readOptional { try $0.readDouble() } }
    public mutating func readOptionalBool() throws -> Bool? { try readOptional { try $0.readBool() } }
    public mutating func readOptional<T: BinaryStorable>(_ type: T.Type = T.self) throws -> T? {
        try readOptional { try T(from: &$0) }
    }

    public mutating func readArray<T>(_ readValue: (inout BinaryReader) throws -> T) throws -> [T] {
        // Each element takes a byte at least: the count is bounded by what is left.
        let count = try readCount()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readValue(&self)) }
        return values
    }

    public mutating func readArray<T: BinaryStorable>(_ type: T.Type = T.self) throws -> [T] {
        try readArray { try T(from: &$0) }
    }

    public mutating func readStrings() throws -> [String] { try readArray { try $0.readString() } }

    public mutating func readRaw<T: RawRepresentable>(_ type: T.Type = T.self) throws -> T where T.RawValue == String {
        let raw = try readString()
        guard let value = T(rawValue: raw) else { throw malformed("unknown \(T.self) '\(raw)'") }
        return value
    }
}
