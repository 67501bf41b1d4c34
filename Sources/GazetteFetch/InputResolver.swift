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
                    let entry = line.trimmingCharacters(in: .whitespaces)
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
    private var buffer = Data()
    private var finished = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let chunk = (try? handle.read(upToCount: 64 * 1024)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { finished = true }
        }
    }
}
