import Foundation
import GazetteCore

/// Expands the inputs of `gazette run` into documents, lazily: URLs and files as given, folders into the
/// files below them (each folder's entries sorted, hidden files skipped, depth first), `@LIST` into the URLs
/// and paths it lists, read line by line. Memory does not grow with the number of documents: only one
/// folder's entries and one list line are held at a time.
///
/// A name that resolves to nothing (a missing file, an unreadable list) is still given as a document, so it
/// ends as an error in `errors.jsonl` instead of vanishing.
public struct InputResolver: Sequence {
    let inputs: [String]

    public init(_ inputs: [String]) { self.inputs = inputs }

    public func makeIterator() -> Iterator { Iterator(inputs: inputs) }

    public struct Iterator: IteratorProtocol {
        private enum Pending {
            case name(String)
            case folder(root: String, entries: [String], next: Int)
            case list(LineReader, base: URL)
        }

        private var stack: [Pending]

        init(inputs: [String]) { stack = inputs.reversed().map { .name($0) } }

        public mutating func next() -> String? {
            while let top = stack.popLast() {
                switch top {
                case .name(let input):
                    if let document = expand(input) { return document }
                case .folder(let root, let entries, let next):
                    guard next < entries.count else { continue }
                    stack.append(.folder(root: root, entries: entries, next: next + 1))
                    let path = root.hasSuffix("/") ? root + entries[next] : root + "/" + entries[next]
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                    if isDirectory.boolValue {
                        stack.append(Self.folder(path))
                    } else {
                        return path
                    }
                case .list(let reader, let base):
                    guard let line = reader.nextLine() else { continue }
                    stack.append(.list(reader, base: base))
                    let entry = line.trimmingSpaces
                    if entry.isEmpty || entry.hasPrefix("#") { continue }
                    // A relative path in a list is relative to the list, as in a playlist or a Makefile include.
                    if InputLocation.scheme(of: entry) == nil, !entry.hasPrefix("/"), !entry.hasPrefix("file://") {
                        stack.append(.name(base.appendingPathComponent(entry).path))
                    } else {
                        stack.append(.name(entry))
                    }
                }
            }
            return nil
        }

        /// A document name, or nil when the input was expanded onto the stack.
        private mutating func expand(_ input: String) -> String? {
            if input.hasPrefix("@") {
                let listPath = String(input.dropFirst())
                guard let reader = LineReader(path: listPath) else { return input }   // fails in fetch, naming the list
                stack.append(.list(reader, base: URL(fileURLWithPath: listPath).deletingLastPathComponent()))
                return nil
            }
            guard InputLocation.scheme(of: input) == nil else { return input }
            var isDirectory: ObjCBool = false
            let path = InputLocation.path(of: input)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                stack.append(Self.folder(input))
                return nil
            }
            return input
        }

        private static func folder(_ path: String) -> Pending {
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: InputLocation.path(of: path))) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            return .folder(root: path, entries: entries, next: 0)
        }
    }
}

/// Reads a text file a line at a time, 64 KiB at a time.
final class LineReader {
    private let handle: FileHandle
    /// What was read and not yet given as lines, from `start` on. A line is given by moving `start` past it; the
    /// buffer is compacted only when the next chunk is read (taking each line off the front of the buffer moved
    /// the rest of it every time: quadratic in the lines a chunk holds, seconds for a list of 100,000 URLs).
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next line end goes on: a line longer than a chunk is not searched again from its
    /// start at every chunk read.
    private var searched = 0
    private var finished = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func nextLine() -> String? {
        while true {
            if let newline = buffer[max(start, searched)...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                return Self.text(buffer[start..<newline])
            }
            searched = buffer.count
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return Self.text(buffer[start...])
            }
            buffer.removeFirst(start)
            searched -= start
            start = 0
            if let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                finished = true
            }
        }
    }

    /// A line's text without the carriage returns at its ends (a list written with CRLF line ends), the last
    /// line's too.
    private static func text(_ line: ArraySlice<UInt8>) -> String {
        var line = line
        while line.first == 0x0D { line.removeFirst() }
        while line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
