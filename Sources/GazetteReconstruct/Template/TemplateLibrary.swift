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

    /// One template label in the index. A class, shared and never changed: every match of a label read
    /// (``LabelMatcher/Match``) refers to one, and matches are copied out of the matcher's memo at every cell.
    final class Entry: Sendable {
        let table: String
        let format: String
        let role: Role
        let key: LabelKey
        /// The label as the template prints it.
        let label: String
        /// No other table has a label with this folded text: seeing it opens its table.
        let unique: Bool

        init(table: String, format: String, role: Role, key: LabelKey, label: String, unique: Bool) {
            self.table = table
            self.format = format
            self.role = role
            self.key = key
            self.label = label
            self.unique = unique
        }
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
                formats.append(try TemplateFormat(yaml: TemplateYAML.root(of: file.contents)))
            } catch {
                throw LoadError(path: file.path, reason: "\(error)")
            }
        }
        self.formats = formats
        var labels: [(table: String, format: String, role: Role, key: LabelKey, label: String)] = []
        var tables: [String: TableVariants] = [:]
        for format in formats {
            for table in format.tables {
                tables[table.key, default: TableVariants(key: table.key, variants: [])].variants.append((format.format, table))
                func add(_ label: String, _ role: Role, number: String? = nil) {
                    labels.append((table.key, format.format, role, LabelKey.template(label, number: number), label))
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
        for label in labels { tablesByText[label.key.text, default: []].insert(label.table) }
        entries = labels.map {
            Entry(table: $0.table, format: $0.format, role: $0.role, key: $0.key, label: $0.label,
                  unique: tablesByText[$0.key.text]!.count == 1)
        }
        self.tables = tables
    }
}
