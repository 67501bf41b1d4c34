import GazetteCore

/// A table of a national format as a reader of the outputs needs it: canonical rows and columns with the
/// template's labels, and each identity with its terms expanded. Made for tools that lay a report's tables
/// out on the template (`gazette review`); the reconstructor itself works on ``TableTemplate``.
public struct TableOutline: Sendable, Equatable {
    /// A row of the template: a data row (`key`) or a group label (`key` nil).
    public struct Row: Sendable, Equatable {
        public var key: String?
        public var label: String
    }

    /// A header cell; a leaf names a column.
    public struct HeaderCell: Sendable, Equatable {
        public var label: String
        public var column: String?
        public var children: [HeaderCell]

        /// The columns under this cell, left to right.
        public var leaves: [HeaderCell] { children.isEmpty ? [self] : children.flatMap(\.leaves) }
        public var depth: Int { 1 + (children.map(\.depth).max() ?? 0) }
    }

    /// One identity: the sum of `left` equals the sum of `right`, evaluated once per column (`perColumn`: the
    /// terms are row keys) or once per row (the terms are column keys). `*` terms are expanded.
    public struct Identity: Sendable, Equatable {
        public var rule: String
        public var perColumn: Bool
        public var left: [String]
        public var right: [String]

        /// The cells (row key, column key) on each side of one evaluation, as `checks[]` reports it.
        public func terms(of check: Report.Check) -> (left: [CellKey], right: [CellKey])? {
            guard check.rule == rule else { return nil }
            if perColumn, let column = check.column {
                return (left.map { CellKey(row: $0, column: column) }, right.map { CellKey(row: $0, column: column) })
            }
            if !perColumn, let row = check.row {
                return (left.map { CellKey(row: row, column: $0) }, right.map { CellKey(row: row, column: $0) })
            }
            return nil
        }
    }

    /// A cell of the template by its canonical keys.
    public struct CellKey: Sendable, Hashable {
        public var row: String
        public var column: String

        public init(row: String, column: String) {
            self.row = row
            self.column = column
        }
    }

    /// The national format (`2019`, `2021`).
    public var format: String
    public var key: String
    public var title: String
    public var rows: [Row]
    public var header: [HeaderCell]
    public var identities: [Identity]

    /// The data columns, left to right.
    public var columns: [HeaderCell] { header.flatMap(\.leaves) }
}

extension TableOutline {
    init(format: String, table: TableTemplate) {
        self.init(format: format, key: table.key, title: table.title,
                  rows: table.rows.map { Row(key: $0.key, label: $0.label) },
                  header: table.header.map(Self.cell),
                  identities: table.checker.identities.map {
                      Identity(rule: $0.rule, perColumn: $0.forEach == .column, left: $0.left, right: $0.right)
                  })
    }

    private static func cell(_ node: HeaderTemplate) -> HeaderCell {
        HeaderCell(label: node.label, column: node.column, children: node.children.map(cell))
    }
}

extension ReconstructStage {
    /// Every table of every national format the stage reads, in the templates' order.
    public var tableOutlines: [TableOutline] {
        library.formats.flatMap { format in format.tables.map { TableOutline(format: format.format, table: $0) } }
    }
}
