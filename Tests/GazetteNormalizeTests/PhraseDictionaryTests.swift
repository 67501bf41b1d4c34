import Testing
@testable import GazetteNormalize

/// A dictionary's text read as OpenCC writes it: `key<TAB>value[ value2 …]`, one entry a line.
@Suite struct PhraseDictionaryTests {
    @Test func linesGiveTheirKeyAndFirstValue() throws {
        let entries = try PhraseDictionary.entries(of: "檔案\t文件\n資訊\t信息 资讯\r\n\n\t軟體\t软件\n檔案\t档案\n")
        #expect(entries.mapValues(\.value) == ["檔案": "档案", "資訊": "信息", "軟體": "软件"])
    }

    @Test(arguments: [("a\tb\nc\n", 2), ("a\tb\nc\t \n", 2), ("\n\nkey\t\n", 3), ("\t\tvalue", 1)])
    func aLineWithoutKeyOrValueIsNamed(text: String, line: Int) {
        #expect(throws: PhraseDictionary.FormatError.self) { try PhraseDictionary.entries(of: text) }
        do {
            _ = try PhraseDictionary.entries(of: text)
        } catch let error as PhraseDictionary.FormatError {
            #expect(error.line == line)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
