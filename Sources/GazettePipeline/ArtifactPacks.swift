import Foundation
import GazetteCore

/// The files the work folder keeps artifacts' bytes in: `packs/N.pack`, each written by one run (one
/// ``WorkFolder``) alone, only ever appended to; the database says where each artifact lies and its digest.
///
/// SQLite kept the bytes itself until issue 15 measured it: 38 MB of artifacts for the bench's 400 documents
/// cost its writer 0.17 s of CPU (written to the log, then again into the database at each checkpoint), a
/// file appended to 0.015 s. The index stays in SQLite, so a run killed at any moment leaves a consistent
/// folder: an artifact's row is committed only after its bytes were written, and bytes with no row (a killed
/// run's last ones) are never read. Bytes that a power cut lost under a committed row fail their digest and
/// are recomputed, never read as the artifact.
final class ArtifactPacks: @unchecked Sendable {
    /// The folder of the pack files.
    let folder: URL
    private let lock = NSLock()
    /// Pack files opened for reading, by number (a run reads its own pack and those of earlier runs), at most
    /// ``openReadersLimit`` of them: a folder that many short runs wrote has as many packs, and descriptors
    /// held for all of them could leave none for the inputs.
    private var readers: [Int64: Int32] = [:]
    private static let openReadersLimit = 32

    /// The folder's name inside the work folder.
    static let folderName = "packs"

    init(workFolder: URL) throws {
        folder = workFolder.appendingPathComponent(Self.folderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        for descriptor in readers.values { close(descriptor) }
    }

    func path(of pack: Int64) -> String {
        folder.appendingPathComponent("\(pack).pack").path
    }

    /// The `length` bytes at `offset` of pack `pack`, or nil when the file is missing or shorter.
    func read(pack: Int64, offset: Int64, length: Int) -> Data? {
        guard offset >= 0, length >= 0 else { return nil }
        // Read under the lock: another thread may close the descriptor to open another (a read from the page
        // cache takes microseconds).
        lock.lock()
        defer { lock.unlock() }
        guard let descriptor = reader(pack) else { return nil }
        var data = Data(count: length)
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < length {
                let count = pread(descriptor, buffer.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if count > 0 {
                    done += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
        return complete ? data : nil
    }

    /// How many pack files are open for reading.
    var openReaders: Int { lock.withLock { readers.count } }

    /// The descriptor of pack `pack`, opened if need be. Called under the lock.
    private func reader(_ pack: Int64) -> Int32? {
        if let descriptor = readers[pack] { return descriptor }
        if readers.count >= Self.openReadersLimit {
            // Runs read the packs of few earlier runs at a time; starting over is simpler than keeping an order.
            for descriptor in readers.values { close(descriptor) }
            readers.removeAll()
        }
        let descriptor = open(path(of: pack), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        readers[pack] = descriptor
        return descriptor
    }
}

/// The pack one run appends to. Used on the work folder's writer queue only (one transaction at a time).
final class PackWriter {
    /// The pack's number (its row in the database's `packs` table).
    let pack: Int64
    private let descriptor: Int32
    /// Bytes written so far: where the next artifact starts.
    private(set) var length: Int64 = 0

    /// Creates the pack's file. Its number was just taken from the database, so no row points into a file left
    /// under that name (by a database since deleted): it is emptied.
    init(pack: Int64, path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                           NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        self.pack = pack
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `data`; returns where it starts. On a failed write the pack must not be written again: how much
    /// of the data reached the file is unknown.
    func append(_ data: Data) throws -> Int64 {
        let start = length
        try data.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count > 0 {
                    done += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
            }
        }
        length += Int64(data.count)
        return start
    }
}
