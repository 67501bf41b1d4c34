import Foundation
import GazetteCore
import GazetteFetch
@testable import GazettePipeline
import GazetteTestSupport
import GRDB
import Testing

/// The work folder's store: artifacts are written behind the documents, and readable all along.
@Suite struct WorkFolderTests {
    let folder: TemporaryDirectory

    init() throws { folder = try TemporaryDirectory() }

    private func artifact(_ number: Int) -> Data {
        Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) })
    }

    private func store(_ data: Data, in work: WorkFolder, stage: StageID = .decode, key: String) {
        work.store(data, digest: ContentDigest.hex(data), stage: stage, key: key)
    }

    /// The pack files' sizes, by name.
    private func packs(_ work: String = "work") throws -> [String: Int] {
        let packs = folder.path(work).appendingPathComponent(ArtifactPacks.folderName)
        var sizes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: packs.path) {
            sizes[name] = try FileManager.default.attributesOfItem(atPath: packs.appendingPathComponent(name).path)[.size] as? Int
        }
        return sizes
    }

    @Test func artifactsAreReadableBeforeAndAfterTheyAreWritten() throws {
        let work = try WorkFolder(root: folder.path("work"))
        for number in 0..<300 {
            store(artifact(number), in: work, key: "key-\(number)")
            // Asked for at once, while its transaction may not have run yet.
            #expect(work.artifact(.decode, key: "key-\(number)")?.data == artifact(number))
        }
        work.flush()
        #expect(try work.count(.decode) == 300)
        #expect(try work.count(.extract) == 0)
        // Another opening of the folder (the next run) reads what was written, with its digest.
        let reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.artifact(.decode, key: "key-7") == .init(data: artifact(7), digest: ContentDigest.hex(artifact(7))))
        #expect(reopened.artifact(.decode, key: "key-300") == nil)
    }

    @Test func theBytesLieInTheRunsPackAndTheDatabaseHoldsWhereTheyAre() throws {
        let work = try WorkFolder(root: folder.path("work"))
        for number in 0..<300 { store(artifact(number), in: work, key: "key-\(number)") }
        work.flush()
        // One pack, holding every byte once; the database only the index (3 MB of artifacts in it would show).
        #expect(try packs() == ["1.pack": 300 * 10_000])
        let database = try FileManager.default.attributesOfItem(
            atPath: folder.path("work").appendingPathComponent(WorkFolder.databaseName).path)[.size] as? Int ?? 0
        #expect(database < 200_000)
        // A folder opened only to be read makes no pack.
        _ = try WorkFolder(root: folder.path("work")).artifact(.decode, key: "key-1")
        #expect(try packs().count == 1)
    }

    @Test func aDigestLeftToTheWriterIsMadeThere() throws {
        let work = try WorkFolder(root: folder.path("work"))
        let expected = WorkFolder.Artifact(data: artifact(5), digest: ContentDigest.hex(artifact(5)))
        work.store(artifact(5), digest: nil, stage: .reconstruct, key: "report")
        #expect(work.artifact(.reconstruct, key: "report") == expected)
        work.flush()
        #expect(try WorkFolder(root: folder.path("work")).artifact(.reconstruct, key: "report") == expected)
    }

    @Test func bytesThatAreNotThoseStoredAreRecomputedNeverRead() throws {
        let work = try WorkFolder(root: folder.path("work"))
        for number in 0..<3 { store(artifact(number), in: work, key: "key-\(number)") }
        work.flush()
        let pack = folder.path("work").appendingPathComponent("\(ArtifactPacks.folderName)/1.pack")
        // One byte of the second artifact changed (a power cut, a disk fault): its digest no longer matches.
        let handle = try FileHandle(forUpdating: pack)
        try handle.seek(toOffset: 10_000 + 5_000)
        try handle.write(contentsOf: Data([~artifact(1)[5_000]]))
        try handle.close()
        var reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.artifact(.decode, key: "key-0")?.data == artifact(0))
        #expect(reopened.artifact(.decode, key: "key-1") == nil)
        #expect(reopened.artifact(.decode, key: "key-2")?.data == artifact(2))
        // The pack cut short: the last artifact's bytes are missing.
        try FileManager.default.removeItem(at: pack)
        try Data(artifact(0) + artifact(1)).write(to: pack)
        reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.artifact(.decode, key: "key-2") == nil)
        #expect(reopened.artifact(.decode, key: "key-0")?.data == artifact(0))
        // The pack gone.
        try FileManager.default.removeItem(at: pack)
        reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.artifact(.decode, key: "key-0") == nil)
    }

    @Test func aStoredArtifactReplacesTheOneUnderTheSameKey() throws {
        let work = try WorkFolder(root: folder.path("work"))
        store(artifact(1), in: work, stage: .emit, key: "same")
        store(artifact(2), in: work, stage: .emit, key: "same")
        #expect(work.artifact(.emit, key: "same")?.data == artifact(2))
        work.flush()
        #expect(work.artifact(.emit, key: "same")?.data == artifact(2))
        #expect(try work.count(.emit) == 1)
        #expect(try WorkFolder(root: folder.path("work")).artifact(.emit, key: "same")?.data == artifact(2))
    }

    @Test func theSameBytesStoredAgainAreNotAppendedAgain() throws {
        let first = try WorkFolder(root: folder.path("work"))
        for number in 0..<5 { store(artifact(number), in: first, key: "key-\(number)") }
        first.flush()
        // The next run redoes the stage (`--from`): the same bytes under the same keys, and one artifact changed.
        let second = try WorkFolder(root: folder.path("work"))
        for number in 0..<5 { store(artifact(number == 3 ? 99 : number), in: second, key: "key-\(number)") }
        second.flush()
        #expect(try packs() == ["1.pack": 50_000, "2.pack": 10_000])
        let third = try WorkFolder(root: folder.path("work"))
        #expect(third.artifact(.decode, key: "key-3")?.data == artifact(99))
        #expect(third.artifact(.decode, key: "key-4")?.data == artifact(4))
    }

    @Test func runsSharingAFolderEachAppendToTheirOwnPack() throws {
        let one = try WorkFolder(root: folder.path("work"))
        let other = try WorkFolder(root: folder.path("work"))
        for number in 0..<40 {
            store(artifact(number), in: number % 2 == 0 ? one : other, key: "key-\(number)")
        }
        one.flush()
        other.flush()
        #expect(try packs() == ["1.pack": 200_000, "2.pack": 200_000])
        // (Runs that started on an empty folder do not look for each other's artifacts; the next run reads them all.)
        let next = try WorkFolder(root: folder.path("work"))
        for number in 0..<40 {
            #expect((number % 2 == 0 ? one : other).artifact(.decode, key: "key-\(number)")?.data == artifact(number))
            #expect(next.artifact(.decode, key: "key-\(number)")?.data == artifact(number))
        }
    }

    @Test func aFolderManyRunsWroteIsReadWithFewDescriptors() throws {
        // 100 short runs, a pack each; then one run reads them all, twice, the packs in turn.
        for number in 0..<100 {
            let run = try WorkFolder(root: folder.path("work"))
            store(artifact(number), in: run, key: "key-\(number)")
            run.flush()
        }
        #expect(try packs().count == 100)
        let reader = try WorkFolder(root: folder.path("work"))
        for _ in 0..<2 {
            for number in 0..<100 { #expect(reader.artifact(.decode, key: "key-\(number)")?.data == artifact(number)) }
        }
        #expect(reader.packs.openReaders == 8)   // 200 reads of 100 packs, 32 held at most: 200 = 6 × 32 + 8
    }

    @Test func aFolderWrittenBeforeThePacksIsStillRead() throws {
        // The layout of Gazette before the packs: the artifacts' bytes in the database.
        try FileManager.default.createDirectory(at: folder.path("old"), withIntermediateDirectories: true)
        let database = try DatabaseQueue(path: folder.path("old").appendingPathComponent(WorkFolder.databaseName).path)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE artifacts (key TEXT PRIMARY KEY, stage TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE inputs (uri TEXT PRIMARY KEY, record BLOB NOT NULL);
                INSERT INTO artifacts VALUES ('old-key', 'normalize', x'0102030405');
                """)
        }
        let work = try WorkFolder(root: folder.path("old"))
        #expect(work.artifact(.normalize, key: "old-key") == .init(data: Data([1, 2, 3, 4, 5]),
                                                                   digest: ContentDigest.hex(Data([1, 2, 3, 4, 5]))))
        #expect(work.artifact(.normalize, key: "new-key") == nil)
        // Its input records were JSON.
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO inputs VALUES ('/data/b.html', '{"fetchKey":"k9","file":{"modified":5,"size":7},"uri":"/data/b.html"}')
                """)
        }
        #expect(work.input("/data/b.html") == .init(uri: "/data/b.html", fetchKey: "k9", file: FileStatus(size: 7, modified: 5), validators: nil))
        // New artifacts go to a pack beside them; both are counted, a key in both once.
        store(artifact(1), in: work, stage: .normalize, key: "new-key")
        store(artifact(2), in: work, stage: .normalize, key: "old-key")
        work.flush()
        #expect(try work.count(.normalize) == 2)
        #expect(try WorkFolder(root: folder.path("old")).artifact(.normalize, key: "old-key")?.data == artifact(2))
    }

    @Test func inputRecordsAreKeptByName() throws {
        let work = try WorkFolder(root: folder.path("work"))
        let file = WorkFolder.InputRecord(uri: "/data/a.html", fetchKey: "k2", file: FileStatus(size: 1_234, modified: 1_700_000_000_123_456_789),
                                          validators: nil)
        let page = WorkFolder.InputRecord(uri: "https://example.org/a.html", fetchKey: "k1", file: nil,
                                          validators: HTTPValidators(etag: "\"abc\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT"))
        work.store(file)
        work.store(page)
        #expect(work.input("https://example.org/a.html") == page)
        work.flush()
        let reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.input("https://example.org/a.html") == page)
        #expect(reopened.input("/data/a.html") == file)
        #expect(work.input("https://example.org/b.html") == nil)
        // Input records alone open no pack.
        #expect(try packs().isEmpty)
    }

    @Test func aPackThatCannotBeWrittenCostsOnlyReuse() throws {
        let work = try WorkFolder(root: folder.path("work"))
        // The packs' folder replaced by a file: no pack can be created.
        let packs = folder.path("work").appendingPathComponent(ArtifactPacks.folderName)
        try FileManager.default.removeItem(at: packs)
        try Data("in the way".utf8).write(to: packs)
        store(artifact(1), in: work, key: "key-1")
        work.store(WorkFolder.InputRecord(uri: "/data/a.html", fetchKey: "key-1", file: nil, validators: nil))
        work.flush()
        // Nothing kept, nothing wrong: the artifact is recomputed next time; the run's other writes went on.
        #expect(work.artifact(.decode, key: "key-1") == nil)
        #expect(try work.count(.decode) == 0)
        #expect(work.input("/data/a.html")?.fetchKey == "key-1")
        // A pack whose writes fail (a full disk).
        let full = try PackWriter(pack: 9, path: "/dev/full")
        #expect(throws: (any Error).self) { try full.append(artifact(2)) }
    }

    @Test func aFolderThatIsAFileCannotBeOpened() throws {
        try Data("not a folder".utf8).write(to: folder.path("file"))
        #expect(throws: (any Error).self) { try WorkFolder(root: folder.path("file")) }
    }
}
