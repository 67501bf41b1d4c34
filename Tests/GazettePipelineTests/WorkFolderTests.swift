import Foundation
import GazetteCore
@testable import GazettePipeline
import GazetteTestSupport
import Testing

/// The work folder's store: artifacts are written behind the documents, and readable all along.
@Suite struct WorkFolderTests {
    let folder: TemporaryDirectory

    init() throws { folder = try TemporaryDirectory() }

    private func artifact(_ number: Int) -> Data {
        Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) })
    }

    @Test func artifactsAreReadableBeforeAndAfterTheyAreWritten() throws {
        let work = try WorkFolder(root: folder.path("work"))
        for number in 0..<300 {
            work.store(artifact(number), stage: .decode, key: "key-\(number)")
            // Asked for at once, while its transaction may not have run yet.
            #expect(work.artifact(.decode, key: "key-\(number)") == artifact(number))
        }
        work.flush()
        #expect(try work.count(.decode) == 300)
        #expect(try work.count(.extract) == 0)
        // Another opening of the folder (the next run) reads what was written.
        let reopened = try WorkFolder(root: folder.path("work"))
        #expect(reopened.artifact(.decode, key: "key-7") == artifact(7))
        #expect(reopened.artifact(.decode, key: "key-300") == nil)
    }

    @Test func aStoredArtifactReplacesTheOneUnderTheSameKey() throws {
        let work = try WorkFolder(root: folder.path("work"))
        work.store(artifact(1), stage: .emit, key: "same")
        work.store(artifact(2), stage: .emit, key: "same")
        #expect(work.artifact(.emit, key: "same") == artifact(2))
        work.flush()
        #expect(work.artifact(.emit, key: "same") == artifact(2))
        #expect(try work.count(.emit) == 1)
    }

    @Test func inputRecordsAreKeptByName() throws {
        let work = try WorkFolder(root: folder.path("work"))
        try work.store(WorkFolder.InputRecord(uri: "https://example.org/a.html", fetchKey: "k1", file: nil, validators: nil))
        #expect(work.input("https://example.org/a.html")?.fetchKey == "k1")
        work.flush()
        #expect(try WorkFolder(root: folder.path("work")).input("https://example.org/a.html")?.fetchKey == "k1")
        #expect(work.input("https://example.org/b.html") == nil)
    }

    @Test func aFolderThatIsAFileCannotBeOpened() throws {
        try Data("not a folder".utf8).write(to: folder.path("file"))
        #expect(throws: (any Error).self) { try WorkFolder(root: folder.path("file")) }
    }
}
