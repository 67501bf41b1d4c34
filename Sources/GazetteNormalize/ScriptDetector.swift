import Foundation
import GazetteCore

/// Tells simplified from traditional text by counting the characters that exist in only one script.
///
/// Which characters those are comes from OpenCC itself: a character that stock t2s changes is traditional
/// only, one that s2t changes is simplified only. Characters are classified once per process and remembered.
final class ScriptDetector: Sendable {
    struct Counts: Equatable {
        var traditional = 0
        var simplified = 0
        var han = 0
    }

    private enum Class: UInt8 { case traditional, simplified, shared }

    private let converters: ConverterSet
    private let lock = NSLock()
    nonisolated(unsafe) private var classes: [Unicode.Scalar: Class] = [:]

    init(converters: ConverterSet) { self.converters = converters }

    func count(_ lines: [String]) -> Counts {
        // Code points, not Characters: every Han character is one, and hashing Characters is far slower.
        var occurrences: [Unicode.Scalar: Int] = [:]
        for line in lines {
            for scalar in line.unicodeScalars where Self.isHan(scalar) { occurrences[scalar, default: 0] += 1 }
        }
        let known = classify(Set(occurrences.keys))
        var counts = Counts()
        for (character, number) in occurrences {
            counts.han += number
            switch known[character] {
            case .traditional: counts.traditional += number
            case .simplified: counts.simplified += number
            default: break
            }
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

    private func classify(_ characters: Set<Unicode.Scalar>) -> [Unicode.Scalar: Class] {
        lock.lock()
        defer { lock.unlock() }
        let unknown = characters.filter { classes[$0] == nil }.sorted()
        if !unknown.isEmpty {
            // One character a line, so no phrase spans two characters.
            let list = unknown.map(String.init).joined(separator: "\n")
            let toSimplified = converters.traditionalToSimplified.convert(list)?.split(separator: "\n", omittingEmptySubsequences: false)
            let toTraditional = converters.simplifiedToTraditional.convert(list)?.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, character) in unknown.enumerated() {
                let simplified = toSimplified.flatMap { index < $0.count ? String($0[index]) : nil }
                let traditional = toTraditional.flatMap { index < $0.count ? String($0[index]) : nil }
                if let simplified, simplified != String(character) {
                    classes[character] = .traditional
                } else if let traditional, traditional != String(character) {
                    classes[character] = .simplified
                } else {
                    classes[character] = .shared
                }
            }
        }
        var result: [Unicode.Scalar: Class] = [:]
        for character in characters { result[character] = classes[character] }
        return result
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
