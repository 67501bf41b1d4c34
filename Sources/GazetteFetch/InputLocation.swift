import Foundation

/// How an input string names its document: a URL with a scheme, or a local path.
public enum InputLocation {
    /// The lowercased scheme of a URL input (`http`, `https`, `ftp` …), nil for a path.
    /// `file://` URLs are paths.
    public static func scheme(of uri: String) -> String? {
        // Every input is asked, most of them paths: the first colon is found among the bytes. Only when a
        // non-ASCII byte follows it (a combining mark would make `:` part of another character) are the
        // characters looked at.
        let bytes = uri.utf8
        guard let colonByte = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let after = bytes[bytes.index(after: colonByte)...]
        if let next = after.first, next < 0x80 {
            guard after.starts(with: "//".utf8) else { return nil }
        }
        guard let colon = uri.firstIndex(of: ":"), uri[colon...].hasPrefix("://") else { return nil }
        let scheme = uri[..<colon].lowercased()
        guard !scheme.isEmpty, scheme != "file",
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return nil }
        return scheme
    }

    /// The file-system path of a local input.
    public static func path(of uri: String) -> String {
        if uri.hasPrefix("file://") {
            return URL(string: uri)?.path ?? String(uri.dropFirst("file://".count))
        }
        return uri
    }
}

/// The size and modification time of a file, for the work folder's quick check.
public struct FileStatus: Codable, Sendable, Equatable {
    public var size: Int
    /// Modification time in nanoseconds since 1970.
    public var modified: Int64

    public init(size: Int, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    public static func of(_ path: String) -> FileStatus? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let nanos = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        return FileStatus(size: Int(status.st_size), modified: nanos)
    }
}
