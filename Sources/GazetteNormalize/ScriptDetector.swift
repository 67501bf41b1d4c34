import Foundation
import GazetteCore

/// Tells simplified from traditional text by counting the characters that exist in only one script.
///
/// Which characters those are comes from OpenCC's dictionaries: a character that stock t2s changes is
/// traditional only, one that s2t changes is simplified only. Characters are classified once per process and
/// remembered.
final class ScriptDetector: Sendable {
    struct Counts: Equatable {
        var traditional = 0
        var simplified = 0
        var han = 0
    }

    private enum Class: UInt8 { case unknown, traditional, simplified, shared }

    private let converters: ScriptConverters
    private let lock = NSLock()
    /// The class of every Han code point seen so far, by code point (they all lie below U+30000): a flat table,
    /// so counting a document's characters hashes nothing once they are known.
    nonisolated(unsafe) private var classes = [Class](repeating: .unknown, count: 0x30000)

    init(converters: ScriptConverters) { self.converters = converters }

    func count(_ lines: [String]) -> Counts {
        var counts = Counts()
        var unknown: [Unicode.Scalar: Int] = [:]
        func add(_ known: Class, _ number: Int) {
            switch known {
            case .traditional: counts.traditional += number
            case .simplified: counts.simplified += number
            default: break
            }
        }
        lock.lock()
        // Code points, not Characters: every Han character is one.
        for line in lines {
            // On the bytes: a Han code point is three bytes (E3…E9, or EF for the compatibility ideographs) or
            // four (F0 for planes 2 and 3); ASCII and other text is passed over a byte at a time.
            line.withUTF8InPlace { bytes in
                var index = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    guard lead >= 0xE3 else {
                        index += 1
                        continue
                    }
                    let (value, length) = bytes.codePoint(at: index)
                    index += length
                    guard let scalar = Unicode.Scalar(value), Self.isHan(scalar) else { continue }
                    counts.han += 1
                    let known = classes[Int(value)]
                    if known == .unknown { unknown[scalar, default: 0] += 1 } else { add(known, 1) }
                }
            }
        }
        lock.unlock()
        if !unknown.isEmpty {
            let learned = classify(unknown.keys.sorted())
            lock.lock()
            for (character, known) in learned { classes[Int(character.value)] = known }
            lock.unlock()
            for (character, number) in unknown { add(learned[character] ?? .shared, number) }
        }
        return counts
    }

    /// zh-Hant or zh-Hans when one script has at least `dominance` of the script-specific characters.
    static func script(of counts: Counts, dominance: Double) -> ScriptInfo.Script {
        if counts.han == 0 { return .none }
        let specific = counts.traditional + counts.simplified
        if specific == 0 { return .simplified }
        let traditionalShare = Double(counts.traditional) / Double(specific)
        if traditionalShare >= dominance { return .traditional }
        if 1 - traditionalShare >= dominance { return .simplified }
        return .mixed
    }

    /// What each character becomes, alone, in t2s and in s2t.
    private func classify(_ characters: [Unicode.Scalar]) -> [Unicode.Scalar: Class] {
        var result: [Unicode.Scalar: Class] = [:]
        for character in characters {
            let text = String(character)
            if converters.traditionalToSimplified.convert(text) != text {
                result[character] = .traditional
            } else if converters.simplifiedToTraditionalCharacters.convert(text) != text {
                result[character] = .simplified
            } else {
                result[character] = .shared
            }
        }
        return result
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
