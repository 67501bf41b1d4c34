extension Report {
    /// A reconstructed table: canonical rows and cells, the grid as read, and the identity checks.
    public struct Table: Codable, Sendable, Equatable {
        /// A canonical table key (`applications`, `active.item1` …) or `table-N` outside the template.
        public var key: String
        public var title: String?
        /// The national format this table follows, detected from its own labels; nil outside the template.
        public var template: String?
        public var header: [HeaderNode]
        public var rows: [Row]
        /// The table as rows of strings exactly as read (after normalization), header rows included.
        public var grid: [[String]]
        public var checks: [Check]

        public init(key: String, title: String?, template: String?, header: [HeaderNode], rows: [Row],
                    grid: [[String]], checks: [Check]) {
            self.key = key
            self.title = title
            self.template = template
            self.header = header
            self.rows = rows
            self.grid = grid
            self.checks = checks
        }

        enum CodingKeys: String, CodingKey { case key, title, template, header, rows, grid, checks }

        /// `title` and `template` are always written, null when unknown (a table outside the template).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(title, forKey: .title)
            try container.encode(template, forKey: .template)
            try container.encode(header, forKey: .header)
            try container.encode(rows, forKey: .rows)
            try container.encode(grid, forKey: .grid)
            try container.encode(checks, forKey: .checks)
        }
    }

    /// A header label and the labels beneath it; a leaf names its canonical column.
    public struct HeaderNode: Codable, Sendable, Equatable {
        public var label: String
        public var column: String?
        public var children: [HeaderNode]

        public init(label: String, column: String? = nil, children: [HeaderNode] = []) {
            self.label = label
            self.column = column
            self.children = children
        }
    }

    public struct Row: Codable, Sendable, Equatable {
        /// The canonical row key, nil for a row outside the template.
        public var key: String?
        public var label: String
        public var line: Int?
        public var cells: [Cell]

        public init(key: String?, label: String, line: Int?, cells: [Cell]) {
            self.key = key
            self.label = label
            self.line = line
            self.cells = cells
        }

        enum CodingKeys: String, CodingKey { case key, label, line, cells }

        /// `key` is always written, null for a row outside the template (SPEC.md).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(label, forKey: .label)
            try container.encodeIfPresent(line, forKey: .line)
            try container.encode(cells, forKey: .cells)
        }
    }

    public struct Cell: Codable, Sendable, Equatable {
        public enum Flag: String, Codable, Sendable {
            /// The text allows several readings the identities cannot separate; see `alternatives`.
            case ambiguous
            /// Placed by its position in the template because its label was missing or garbled.
            case positional
            /// Not published as a table: a sentence of the report states it (`本年度未发生…行政复议、行政诉讼案件`).
            case stated
        }

        /// The canonical column key, nil outside the template.
        public var column: String?
        /// The number read, nil when the cell is blank or a placeholder (unknown, never 0).
        public var value: Double?
        /// The text as read.
        public var raw: String
        public var unit: String?
        /// The 1-based line of the decoded source text the cell came from.
        public var line: Int
        public var flag: Flag?
        public var alternatives: [Double?]?

        public init(column: String?, value: Double?, raw: String, unit: String?, line: Int, flag: Flag? = nil,
                    alternatives: [Double?]? = nil) {
            self.column = column
            self.value = value
            self.raw = raw
            self.unit = unit
            self.line = line
            self.flag = flag
            self.alternatives = alternatives
        }

        enum CodingKeys: String, CodingKey { case column, value, raw, unit, line, flag, alternatives }

        /// `column`, `value` and `unit` are always written, as null when unknown: a reader sees a blank cell
        /// as `value: null`, never as a missing key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(column, forKey: .column)
            try container.encode(value, forKey: .value)
            try container.encode(raw, forKey: .raw)
            try container.encode(unit, forKey: .unit)
            try container.encode(line, forKey: .line)
            try container.encodeIfPresent(flag, forKey: .flag)
            try container.encodeIfPresent(alternatives, forKey: .alternatives)
        }
    }

    /// One evaluation of a template identity: `left` and `right` are the two sums.
    ///
    /// `ok` is nil when the check met an unknown cell and was not evaluated; `missing` then names the cells.
    public struct Check: Codable, Sendable, Equatable {
        public var rule: String
        /// The column the identity was evaluated in, for identities over rows.
        public var column: String?
        /// The row the identity was evaluated in, for identities over columns.
        public var row: String?
        public var ok: Bool?
        public var left: Double?
        public var right: Double?
        public var missing: [String]?

        public init(rule: String, column: String? = nil, row: String? = nil, ok: Bool?, left: Double?,
                    right: Double?, missing: [String]? = nil) {
            self.rule = rule
            self.column = column
            self.row = row
            self.ok = ok
            self.left = left
            self.right = right
            self.missing = missing
        }

        enum CodingKeys: String, CodingKey { case rule, column, row, ok, left, right, missing }

        /// `ok`, `left` and `right` are always written, null when the check was not evaluated.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encodeIfPresent(column, forKey: .column)
            try container.encodeIfPresent(row, forKey: .row)
            try container.encode(ok, forKey: .ok)
            try container.encode(left, forKey: .left)
            try container.encode(right, forKey: .right)
            try container.encodeIfPresent(missing, forKey: .missing)
        }
    }
}

extension Report {
    /// The first table with canonical key `key`.
    public func table(_ key: String) -> Table? { tables.first { $0.key == key } }
}

extension Report.Table {
    /// The cell at canonical row `row` and column `column` (the first row with that key), if it was read.
    public func cell(row: String, column: String) -> Report.Cell? {
        rows.first { $0.key == row }?.cells.first { $0.column == column }
    }
}
