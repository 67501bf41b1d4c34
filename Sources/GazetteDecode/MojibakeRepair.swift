import Foundation
import GazetteCore

/// Undoes the two kinds of mojibake scraped Chinese text carries:
/// - UTF-8 text once read as GBK and saved again as UTF-8 (政府信息公开 → 鏀垮簻淇℃伅鍏紑): each line whose
///   characters encode in GB18030 to bytes that are valid UTF-8 reading as more common characters is
///   reversed. Only exact reversals are made, so genuine text (whose GB18030 bytes are not UTF-8) is never
///   touched;
/// - the 锟斤拷 run that U+FFFD U+FFFD becomes when its bytes are read as GBK: turned back into the two
///   replacement characters it was (what they replaced is lost).
enum MojibakeRepair {
    struct Outcome {
        var text: String
        /// Lines reversed from UTF-8-read-as-GBK mojibake, with the first one's number.
        var linesRepaired = 0
        var firstLine: Int?
        /// 锟斤拷 runs turned back into U+FFFD U+FFFD.
        var replacementRuns = 0
        /// Lines that read as such mojibake but lost bytes on the way, so cannot be reversed exactly.
        var suspectedLines: [Int] = []
    }

    static func repair(_ text: String) -> Outcome {
        var outcome = Outcome(text: text)
        if containsBytes(text, of: "锟斤拷") {
            outcome.replacementRuns = text.components(separatedBy: "锟斤拷").count - 1
            outcome.text = text.replacingOccurrences(of: "锟斤拷", with: "\u{FFFD}\u{FFFD}")
        }
        var lines: [Substring] = []
        var changed = false
        for (index, line) in splitLines(outcome.text).enumerated() {
            lines.append(line)
            // Mojibake of this kind reads as rare characters; right text, as common ones: skip it cheaply.
            guard line.unicodeScalars.contains(where: { $0.value >= 0x3400 }),
                  CommonCharacters.share(in: line) < 0.8,
                  let bytes = IconvConverter.encode(String(line), to: "GB18030") else { continue }
            guard let reversed = String(validating: bytes, as: UTF8.self) else {
                // Not exact: bytes were lost when the text was garbled (政府信息公开 → 鏀垮簻淇℃伅鍏紑). Report
                // it when what does decode reads as far more common text.
                let partial = String(decoding: bytes, as: UTF8.self)
                let lost = partial.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
                if lost <= max(1, partial.count / 10), CommonCharacters.share(in: partial) > CommonCharacters.share(in: line) + 0.3 {
                    outcome.suspectedLines.append(index + 1)
                }
                continue
            }
            guard reversed != line, CommonCharacters.share(in: reversed) > CommonCharacters.share(in: line) else { continue }
            lines[index] = Substring(reversed)
            changed = true
            outcome.linesRepaired += 1
            if outcome.firstLine == nil { outcome.firstLine = index + 1 }
        }
        if changed { outcome.text = lines.joined(separator: "\n") }
        return outcome
    }

    /// The lines of a text, cut at "\n" on its UTF-8 bytes (no grapheme breaking): the line feeds found in its
    /// buffer, the lines made from their offsets.
    private static func splitLines(_ text: String) -> [Substring] {
        let breaks: [Int] = text.withUTF8InPlace { bytes in
            var breaks: [Int] = []
            var index = 0
            while let offset = UnsafeBufferPointer(rebasing: bytes[index...]).firstIndex(of: 0x0A) {
                breaks.append(index + offset)
                index += offset + 1
            }
            return breaks
        }
        var result: [Substring] = []
        result.reserveCapacity(breaks.count + 1)
        var start = text.startIndex
        for offset in breaks {
            let end = text.utf8.index(text.startIndex, offsetBy: offset)
            result.append(text[start..<end])
            start = text.utf8.index(after: end)
        }
        result.append(text[start...])
        return result
    }

    /// Whether the text's bytes hold the needle's bytes: far cheaper than a Unicode-aware search.
    private static func containsBytes(_ text: String, of needle: String) -> Bool {
        !needle.isEmpty && text.withUTF8InPlace { haystack in needle.withUTF8InPlace { haystack.firstOffset(of: $0) != nil } }
    }
}
