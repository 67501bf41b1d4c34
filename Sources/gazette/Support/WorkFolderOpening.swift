import Foundation
import GazettePipeline

extension WorkFolder {
    /// The work folder at `path`, or nil with a warning when it cannot be opened: a run without its cache
    /// only redoes work, so it goes on rather than stopping on a read-only or full disk.
    static func opened(at path: String) -> WorkFolder? {
        do {
            return try WorkFolder(root: URL(fileURLWithPath: path))
        } catch {
            StandardError.write("gazette: warning: the work folder \(path) cannot be used, running without it: \(error)\n")
            return nil
        }
    }
}
