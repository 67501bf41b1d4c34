import Foundation
import GazetteCore

/// Expands the inputs of `gazette run` into documents: URLs and files as given, folders into the files
/// below them (sorted, hidden files skipped), `@LIST` into the URLs and paths it lists.
///
/// A name that resolves to nothing (a missing file, an unreadable list) is still returned as a document,
/// so it ends as an error in `errors.jsonl` instead of vanishing.
public struct InputResolver {
    public init() {}

    public func resolve(_ inputs: [String]) -> [String] {
        var documents: [String] = []
        for input in inputs { resolve(input, into: &documents) }
        return documents
    }

    private func resolve(_ input: String, into documents: inout [String]) {
        if input.hasPrefix("@") {
            let listPath = String(input.dropFirst())
            guard let text = try? String(contentsOfFile: listPath, encoding: .utf8) else {
                documents.append(input)   // fails in fetch with a message naming the list
                return
            }
            let base = URL(fileURLWithPath: listPath).deletingLastPathComponent()
            for rawLine in text.split(whereSeparator: \.isNewline) {
                let entry = rawLine.trimmingCharacters(in: .whitespaces)
                if entry.isEmpty || entry.hasPrefix("#") { continue }
                // A relative path in a list is relative to the list, as in a playlist or a Makefile include.
                if InputLocation.scheme(of: entry) == nil, !entry.hasPrefix("/"), !entry.hasPrefix("file://") {
                    resolve(base.appendingPathComponent(entry).path, into: &documents)
                } else {
                    resolve(entry, into: &documents)
                }
            }
            return
        }
        guard InputLocation.scheme(of: input) == nil else {
            documents.append(input)
            return
        }
        var isDirectory: ObjCBool = false
        let path = InputLocation.path(of: input)
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            documents.append(contentsOf: files(below: path))
        } else {
            documents.append(input)
        }
    }

    private func files(below folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var found: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            var path = url.path
            // Keep the user's spelling of the folder, so inputs read as they were given.
            if path.hasPrefix(root.path) { path = folder.hasSuffix("/") ? folder + path.dropFirst(root.path.count + 1) : folder + path.dropFirst(root.path.count) }
            found.append(path)
        }
        return found.sorted()
    }
}
