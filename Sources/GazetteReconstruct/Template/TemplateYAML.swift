import Yams

/// A node of a template file's YAML tree, with its path in the file for error messages, read by hand into the
/// template's types (``TemplateFormat/init(yaml:)`` and the initialisers beside it).
///
/// Not `YAMLDecoder` (Codable), whose faults came out as a `DecodingError` dump: a broken template is named here
/// with its fault's place (`tables[0].rows[0]: missing key 'label'`). (Tried first for start-up, where the profile
/// put Codable at a fifth of a one-document run: it made no measurable difference.) It accepts what the Codable
/// decoding accepted: keys it does not know are ignored, an optional key that is missing or null is absent, and
/// scalars are read by Yams' own constructors (`format: 2019` is the text `2019`, `prefer_zero: yes` is true).
struct TemplateYAML {
    /// What is wrong with the file, and where (`tables[2].rows[5].label`).
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
    }

    let node: Node
    /// Where the node stands in the file; empty for the root.
    let path: String

    /// The root of a template file.
    static func root(of text: String) throws -> TemplateYAML {
        let node: Node?
        do {
            // No implicit tags resolved: the values are read by Yams' constructors from their text and style
            // (``string()``, ``int()``, ``bool()``, null as a plain `~`), never by tag, and the default resolver
            // matched every plain scalar against its regular expressions while composing (to check for duplicate
            // keys): 7 % of a one-document run.
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw Failure(path: "", reason: "not valid YAML: \(error)")
        }
        guard let node else { throw Failure(path: "", reason: "the file is empty") }
        return TemplateYAML(node: node, path: "")
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of the first key whose text is `key`. Compared as text, not through `Node.Mapping`'s subscript:
    /// that compares the keys' resolved tags too, and Yams resolves a plain scalar's tag by matching it against
    /// regular expressions, which was most of the time reading a template took. A template's keys are words, whose
    /// tag is text however they are written: comparing the text alone finds the same key.
    private func value(_ key: String) throws -> Node? {
        guard let mapping = node.mapping else { throw Failure(path: path, reason: "expected a mapping") }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// The value of `key`, which must be there (it may be null: a required text `~` is the text `~`).
    func required(_ key: String) throws -> TemplateYAML {
        guard let value = try value(key) else { throw Failure(path: path, reason: "missing key '\(key)'") }
        return TemplateYAML(node: value, path: child(key))
    }

    /// The value of `key`; nil when it is missing or null.
    func optional(_ key: String) throws -> TemplateYAML? {
        guard let value = try value(key), value.null == nil else { return nil }
        return TemplateYAML(node: value, path: child(key))
    }

    func string() throws -> String {
        guard let string = node.string else { throw Failure(path: path, reason: "expected text") }
        return string
    }

    func int() throws -> Int {
        guard let int = node.int else { throw Failure(path: path, reason: "expected a whole number") }
        return int
    }

    func bool() throws -> Bool {
        guard let bool = node.bool else { throw Failure(path: path, reason: "expected true or false") }
        return bool
    }

    /// A value of a closed set (`kind: count`), by its raw value.
    func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws -> Choice where Choice.RawValue == String {
        let text = try string()
        guard let choice = Choice(rawValue: text) else {
            let known = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw Failure(path: path, reason: "unknown value '\(text)' (known: \(known))")
        }
        return choice
    }

    func list() throws -> [TemplateYAML] {
        guard let sequence = node.sequence else { throw Failure(path: path, reason: "expected a list") }
        return sequence.enumerated().map { TemplateYAML(node: $1, path: "\(path)[\($0)]") }
    }

    func strings() throws -> [String] { try list().map { try $0.string() } }
}
