import Yams

/// Every national format the reconstructor knows, with an index of all their labels for matching.
struct TemplateLibrary: Sendable {
    /// What a label of the template is.
    enum Role: Equatable, Sendable {
        case caption
        case labelHeader
        /// A header cell; `column` is set for a leaf.
        case header(column: String?)
        /// A data row (`key`) or a group label (`key` nil).
        case row(key: String?)
    }

    /// One template label in the index.
    struct Entry: Sendable {
        var table: String
        var format: String
        var role: Role
        var key: LabelKey
        /// The label as the template prints it.
        var label: String
        /// No other table has a label with this folded text: seeing it opens its table.
        var unique = false
    }

    /// A table key with the definition each format gives it.
    struct TableVariants: Sendable {
        var key: String
        var variants: [(format: String, table: TableTemplate)]
    }

    let formats: [TemplateFormat]
    let entries: [Entry]
    let tables: [String: TableVariants]

    struct LoadError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "template \(path): \(reason)" }
    }

    init(files: [(path: String, contents: String)]) throws {
        var formats: [TemplateFormat] = []
        for file in files {
            do {
                formats.append(try YAMLDecoder().decode(TemplateFormat.self, from: file.contents))
            } catch {
                throw LoadError(path: file.path, reason: "\(error)")
            }
        }
        self.formats = formats
        var entries: [Entry] = []
        var tables: [String: TableVariants] = [:]
        for format in formats {
            for table in format.tables {
                tables[table.key, default: TableVariants(key: table.key, variants: [])].variants.append((format.format, table))
                func add(_ label: String, _ role: Role, number: String? = nil) {
                    var key = LabelKey(label)
                    if key.number == nil { key.number = number.map { LabelKey("\($0)、x").number ?? $0 } }
                    entries.append(Entry(table: table.key, format: format.format, role: role, key: key, label: label))
                }
                table.captions.forEach { add($0, .caption) }
                table.labelHeader.forEach { add($0, .labelHeader) }
                var stack = table.header
                while let node = stack.popLast() {
                    node.labels.forEach { add($0, .header(column: node.column)) }
                    stack += node.children
                }
                for row in table.rows where !row.unlabelled {
                    row.labels.forEach { add($0, .row(key: row.key), number: row.number) }
                }
            }
        }
        var tablesByText: [String: Set<String>] = [:]
        for entry in entries { tablesByText[entry.key.text, default: []].insert(entry.table) }
        for index in entries.indices { entries[index].unique = tablesByText[entries[index].key.text]!.count == 1 }
        self.entries = entries
        self.tables = tables
    }
}
