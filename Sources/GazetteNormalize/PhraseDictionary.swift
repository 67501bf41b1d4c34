/// A phrase dictionary in OpenCC's text form (`key<TAB>value[ value2 …]`), with the forward maximum
/// matching OpenCC's `mmseg` segmentation does, so Gazette can say which phrases a conversion replaced.
struct PhraseDictionary: Sendable {
    struct Entry: Sendable {
        var key: String
        /// The first value: the one OpenCC converts to.
        var value: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// The keys by their first character, longest first.
    private var keysByFirstCharacter: [Character: [String]] = [:]

    struct FormatError: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line) is not 'phrase<TAB>replacement'" }
    }

    init(text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { continue }
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let value = parts[1].split(separator: " ").first, !parts[0].isEmpty else {
                throw FormatError(line: index + 1)
            }
            let key = String(parts[0])
            if entries[key] == nil { keysByFirstCharacter[key.first!, default: []].append(key) }
            entries[key] = Entry(key: key, value: String(value))
        }
        for first in keysByFirstCharacter.keys { keysByFirstCharacter[first]!.sort { $0.count > $1.count } }
    }

    /// The longest key that starts `text` at `index`, if any.
    func longestMatch(in text: [Character], at index: Int) -> String? {
        guard let candidates = keysByFirstCharacter[text[index]] else { return nil }
        for key in candidates where key.count <= text.count - index {
            var matches = true
            for (offset, character) in key.enumerated() where text[index + offset] != character {
                matches = false
                break
            }
            if matches { return key }
        }
        return nil
    }
}

/// Finds where dictionaries would replace phrases in a text, scanning as OpenCC does: at each position the
/// first dictionary with a match wins, with its longest match (research/libraries.md §2, DictGroup).
struct PhraseScanner {
    struct Match {
        var dictionary: Int
        var key: String
        var lineIndex: Int
    }

    let dictionaries: [PhraseDictionary]

    func matches(in lines: [String]) -> [Match] {
        var found: [Match] = []
        for (lineIndex, line) in lines.enumerated() {
            let characters = Array(line)
            var index = 0
            while index < characters.count {
                var advanced = false
                for (number, dictionary) in dictionaries.enumerated() {
                    if let key = dictionary.longestMatch(in: characters, at: index) {
                        found.append(Match(dictionary: number, key: key, lineIndex: lineIndex))
                        index += key.count
                        advanced = true
                        break
                    }
                }
                if !advanced { index += 1 }
            }
        }
        return found
    }
}
