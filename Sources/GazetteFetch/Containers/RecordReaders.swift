import Foundation

/// One record of a container: its fields in order, or why it cannot be read.
enum ContainerRecord {
    case fields([(name: String, value: String)])
    case malformed(String)

    /// The record's field names; nil for a malformed record.
    var fieldNames: [String]? {
        if case .fields(let fields) = self { fields.map(\.name) } else { nil }
    }
}

/// A container's text byte by byte, refilled a chunk at a time.
final class ByteStream {
    private let text: ContainerText
    private var buffer: [UInt8] = []
    private var index = 0

    init(_ text: ContainerText) { self.text = text }

    var encoding: String { text.encoding }
    /// The compressed file ended inside a member: the record being read when the bytes ran out is cut short.
    var truncated: Bool { text.truncated }

    func next() -> UInt8? {
        guard filled() else { return nil }
        defer { index += 1 }
        return buffer[index]
    }

    func peek() -> UInt8? {
        filled() ? buffer[index] : nil
    }

    /// Whether a byte is there to read, the next chunk read in when this one is used up.
    private func filled() -> Bool {
        while index == buffer.count {
            guard let chunk = text.next() else { return false }
            buffer = chunk
            index = 0
        }
        return true
    }

    /// The bytes up to the next line feed (a carriage return before it dropped), and whether the line feed
    /// was there (not at the end of the file); nil at the end.
    func line() -> (bytes: [UInt8], terminated: Bool)? {
        guard filled() else { return nil }
        var line: [UInt8] = []
        var terminated = false
        // The line feed found with memchr, the bytes before it copied whole: lines of a JSON Lines export are
        // often a megabyte long.
        while filled() {
            let start = index
            let newline = buffer.withUnsafeBufferPointer { pointer -> Int? in
                guard let found = memchr(pointer.baseAddress! + start, 0x0A, pointer.count - start) else { return nil }
                return pointer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                line += buffer[start..<newline]
                index = newline + 1
                terminated = true
                break
            }
            line += buffer[start...]
            index = buffer.count
        }
        if line.last == 0x0D { line.removeLast() }
        return (line, terminated)
    }

    func skipWhiteSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { _ = next() }
    }
}

/// RFC 4180 rows: fields separated by `delimiter`, quoted fields holding delimiters, quotes (doubled) and line
/// breaks; CRLF or LF line ends. A quote never closed is a malformed record, and the last: everything after
/// it was inside it.
final class CSVRowReader {
    private let bytes: ByteStream
    private let delimiter: UInt8
    private var ended = false
    private static let quote = UInt8(ascii: "\""), lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    init(_ bytes: ByteStream, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    /// The next row's fields; nil at the end. Blank lines are skipped.
    func next() -> Result<[String], CSVError>? {
        while !ended {
            guard let row = readRow() else { return nil }
            if case .success(let fields) = row, fields == [""] { continue }
            return row
        }
        return nil
    }

    struct CSVError: Error { var message: String }

    private func readRow() -> Result<[String], CSVError>? {
        guard bytes.peek() != nil else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var atFieldStart = true
        while let byte = bytes.next() {
            if atFieldStart, byte == Self.quote {
                atFieldStart = false
                var closed = false
                while let inner = bytes.next() {
                    if inner == Self.quote {
                        if bytes.peek() == Self.quote {
                            _ = bytes.next()
                            field.append(Self.quote)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        field.append(inner)
                    }
                }
                if !closed {
                    ended = true
                    return .failure(CSVError(message: bytes.truncated ? Self.cutShort
                        : "a quoted field is never closed (\(field.count) bytes to the end of the file)"))
                }
                continue
            }
            atFieldStart = false
            switch byte {
            case delimiter:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
            case Self.lineFeed:
                fields.append(String(decoding: field, as: UTF8.self))
                return .success(fields)
            case Self.carriageReturn:
                if bytes.peek() == Self.lineFeed { _ = bytes.next() }
                fields.append(String(decoding: field, as: UTF8.self))
                return .success(fields)
            default:
                // Bytes after a closing quote are kept as they are: crawlers' exports are not always strict.
                field.append(byte)
            }
        }
        // The end of the file: a last row with no line break, or one cut short with the compressed data.
        if bytes.truncated { return .failure(CSVError(message: Self.cutShort)) }
        fields.append(String(decoding: field, as: UTF8.self))
        return .success(fields)
    }

    static let cutShort = "the compressed file ends inside this record (a truncated gzip member)"
}

/// The records of a CSV or TSV container: the header row names the fields of every row after it.
final class CSVRecordReader {
    let header: [String]
    private let rows: CSVRowReader

    init?(_ bytes: ByteStream, delimiter: UInt8) {
        rows = CSVRowReader(bytes, delimiter: delimiter)
        guard case .success(let header)? = rows.next(), header.count >= 2 else { return nil }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func next() -> ContainerRecord? {
        guard let row = rows.next() else { return nil }
        switch row {
        case .failure(let error):
            return .malformed(error.message)
        case .success(let values):
            if values.count > header.count {
                return .malformed("\(values.count) fields where the header names \(header.count)")
            }
            // A short row lacks its last fields: they are empty.
            return .fields(header.enumerated().map { ($0.element, $0.offset < values.count ? values[$0.offset] : "") })
        }
    }
}

/// JSON values as the strings a record's fields are: text as it is, numbers and booleans as written, null
/// as nothing, arrays and objects as their JSON.
enum JSONFieldText {
    static func fields(of object: Any) -> [(name: String, value: String)]? {
        guard let dictionary = object as? [String: Any] else { return nil }
        return dictionary.keys.sorted().map { ($0, text(dictionary[$0]!)) }
    }

    static func text(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case is NSNull: return ""
        case let number as NSNumber:
            // JSON's true and false come as numbers of Objective-C type `c` (char); its integers as `q`.
            if number.objCType.pointee == CChar(UInt8(ascii: "c")) { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default:
            guard JSONSerialization.isValidJSONObject(value),
                  let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "\(value)" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// The records of a JSON Lines container: one object a line (blank lines skipped).
final class JSONLinesRecordReader {
    private let bytes: ByteStream

    init(_ bytes: ByteStream) { self.bytes = bytes }

    func next() -> ContainerRecord? {
        while let (line, terminated) = bytes.line() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if !terminated, bytes.truncated { return .malformed(CSVRowReader.cutShort) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) else {
                return .malformed("the line is not JSON (\(line.count) bytes)")
            }
            guard let fields = JSONFieldText.fields(of: object) else { return .malformed("the line is JSON but not an object") }
            return .fields(fields)
        }
        return nil
    }
}

/// The records of a JSON container whose top level is an array of objects, read one element at a time: an
/// element's bytes are found by counting brackets outside strings, then parsed alone.
final class JSONArrayRecordReader {
    private let bytes: ByteStream
    private var ended = false

    init?(_ bytes: ByteStream) {
        self.bytes = bytes
        bytes.skipWhiteSpace()
        guard bytes.next() == UInt8(ascii: "[") else { return nil }
    }

    func next() -> ContainerRecord? {
        guard !ended else { return nil }
        bytes.skipWhiteSpace()
        guard let first = bytes.peek() else {
            ended = true
            return .malformed("the array is not closed before the end of the file")
        }
        if first == UInt8(ascii: "]") {
            ended = true
            return nil
        }
        if first == UInt8(ascii: ",") {
            _ = bytes.next()
            return next()
        }
        guard let element = elementBytes() else {
            ended = true
            return .malformed("an element is not closed before the end of the file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(element), options: [.fragmentsAllowed]) else {
            return .malformed("the element is not JSON (\(element.count) bytes)")
        }
        guard let fields = JSONFieldText.fields(of: object) else { return .malformed("the element is not an object") }
        return .fields(fields)
    }

    /// The bytes of one element: an object or array with its brackets balanced, or a scalar up to the next
    /// comma or closing bracket.
    private func elementBytes() -> [UInt8]? {
        var element: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        while let byte = bytes.peek() {
            if !inString, depth == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") { return element }
            _ = bytes.next()
            element.append(byte)
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return element }
            default: break
            }
        }
        return nil
    }
}
