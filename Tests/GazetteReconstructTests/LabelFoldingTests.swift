import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteReconstruct

/// `LabelKey` folds a label in one pass; the folding it replaced made an array per step (white space, brackets,
/// punctuation). That one is kept here as the reference: both must give the same text and numbering.
@Suite struct LabelFoldingTests {
    static let pieces = ["(", ")", "（", "）", "[", "】", "【", "]", "一", "二", "十", "1", "2", "12", "、", ".", "．", " ", "\u{3000}",
                         "“", "”", "，", "：", "·", "规章", "部分公开", "区分处理的", "第", "项", "A", "b", "É", "ǅ", "ß", "勾稽关系"]

    @Test func onePassFoldsAsTheStepsDid() {
        var random = SeededRandom(seed: 31)
        var disagreements: [String] = []
        for _ in 0..<200_000 {
            let raw = (0..<random.next(upTo: 9)).map { _ in Self.pieces[random.next(upTo: Self.pieces.count)] }.joined()
            let key = LabelKey(raw), reference = FoldedBySteps.fold(raw)
            if key.text != reference.text || key.number != reference.number || key.scalars != Array(reference.text.unicodeScalars) {
                disagreements.append(raw)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(LabelKey("（二）部分公开（区分处理的，只计这一情形）").text == "部分公开")
        #expect(LabelKey("第二十条第(五)项").text == "第二十条第五项")
        #expect(LabelKey("(勾稽关系)").text == "勾稽关系")
    }
}

/// The folding as it was, step by step (the numbering taken as LabelKey still takes it).
private enum FoldedBySteps {
    static func isOpener(_ scalar: Unicode.Scalar) -> Bool { ["(", "（", "[", "【"].contains(scalar) }
    static func isCloser(_ scalar: Unicode.Scalar) -> Bool { [")", "）", "]", "】"].contains(scalar) }

    static func fold(_ raw: String) -> (text: String, number: String?) {
        let number: String?
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars where !scalar.isWhiteSpace { text.append(scalar) }
        var unnumbered = text[...]
        number = LabelKey.takeNumbering(&unnumbered)  // unchanged: LabelKey's own
        let stripped = Self.removingBrackets(unnumbered)
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(max(stripped.count, 1))
        if stripped.isEmpty {
            // A label that is nothing but a bracketed note (the 勾稽关系 cell) keeps its note.
            for scalar in unnumbered where scalar != "(" && scalar != ")" && !LabelKey.isDropped(scalar) {
                LabelKey.lowercase(scalar) { folded.append($0) }
            }
        } else {
            for scalar in stripped where !LabelKey.isDropped(scalar) { LabelKey.lowercase(scalar) { folded.append($0) } }
        }
        return (String(scalars: folded), number)
    }

    static func removingBrackets(_ text: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var depth = 0
        var inner: [Unicode.Scalar] = []
        for scalar in text {
            if isOpener(scalar) {
                depth += 1
                if depth == 1 { inner.removeAll(keepingCapacity: true) }
            } else if isCloser(scalar) {
                if depth == 1, !inner.isEmpty, inner.count <= 2,
                   inner.allSatisfy({ LabelKey.isChineseNumeral($0) || $0.isASCIIDigit }) {
                    result += inner
                }
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(scalar)
            } else {
                inner.append(scalar)
            }
        }
        return result
    }
}
