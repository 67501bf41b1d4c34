import Testing
@testable import GazetteExtract

/// HTML's white-space rule on a text node's bytes (``WhitespaceCollapsing``): runs of spaces, tabs, line breaks
/// and no-break spaces become one space, none is kept at either end, and the ends say whether there was some.
@Suite struct WhitespaceCollapsingTests {
    static func collapse(_ text: String) -> (text: String, leading: Bool, trailing: Bool) {
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { WhitespaceCollapsing.collapse($0.baseAddress!) }
    }

    @Test(arguments: [
        ("", "", false, false),
        ("   ", "", true, true),
        ("本年\n  新收", "本年 新收", false, false),
        ("\u{00A0}\t规章\u{00A0}\u{00A0}8 \r\n", "规章 8", true, true),
        (" a\u{000C}b", "a b", true, false),
        // A no-break space is white space; U+3000 (ideographic) is text here, as HTML has it.
        ("x\u{3000}y", "x\u{3000}y", false, false),
        (String(repeating: "政府信息 ", count: 200), String(repeating: "政府信息 ", count: 200).dropLast().description, false, true),
    ])
    func runsOfWhiteSpaceBecomeOneSpace(text: String, collapsed: String, leading: Bool, trailing: Bool) {
        let result = Self.collapse(text)
        #expect(result.text == collapsed)
        #expect(result.leading == leading && result.trailing == trailing)
    }
}
