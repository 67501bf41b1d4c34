/// One national format of the report (`2019`, `2021`), read from `Pipelines/templates/*.yaml`.
struct TemplateFormat: Decodable, Sendable {
    var format: String
    var name: String
    var tables: [TableTemplate]
}

/// One table of a national format: its caption, header tree, rows and identities.
///
/// A class, read once and never changed: every table read from every document is mapped against one, and a
/// struct of a dozen arrays and strings was copied (each of its references retained) wherever one was passed.
final class TableTemplate: Decodable, Sendable {
    let key: String
    let title: String
    /// The report section (二 = 2 …) the table belongs in.
    let section: Int
    /// Caption lines that open the table (`第二十条第(一)项`).
    let captions: [String]
    /// Labels of the header cell above the row labels (`信息内容`, the 勾稽关系 note).
    let labelHeader: [String]
    let header: [HeaderTemplate]
    let rows: [RowTemplate]
    let identities: [IdentityTemplate]
    /// How a report that publishes the table as a sentence speaks of it (issue 18, form 3).
    let stated: StatedTemplate?
    /// Every header label (captions, label header, each header cell): what a table's header read from a
    /// document is scored against when choosing its format.
    let headerKeys: [LabelKey]
    /// Scores of labels read from documents against this table's labels (`TemplateLabelScores.swift`).
    let labelScores = LabelScoreMemo()

    /// The data columns in order: the leaves of the header tree (made once: read for every row of every table).
    let columns: [HeaderTemplate]
    /// Every cell of the header tree, depth first, and the label header's keys: what each table's header is
    /// read against (``HeaderGrid``), made once.
    let headerNodes: [HeaderTemplate]
    /// For every leaf of the header tree, the depth-first indices of the nodes from the top down to it: the
    /// header rows of every table's grid are laid out on them (``HeaderGrid``).
    let headerLeafPaths: [[Int]]
    let labelHeaderKeys: [LabelKey]
    /// The table's identities, expanded once for every table read on this template.
    let checker: IdentityChecker

    enum CodingKeys: String, CodingKey {
        case key, title, section, captions, header, rows, identities, stated
        case labelHeader = "label_header"
    }

    required init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        title = try c.decode(String.self, forKey: .title)
        section = try c.decode(Int.self, forKey: .section)
        captions = try c.decode([String].self, forKey: .captions)
        labelHeader = try c.decode([String].self, forKey: .labelHeader)
        header = try c.decode([HeaderTemplate].self, forKey: .header)
        rows = try c.decode([RowTemplate].self, forKey: .rows)
        identities = try c.decode([IdentityTemplate].self, forKey: .identities)
        stated = try c.decodeIfPresent(StatedTemplate.self, forKey: .stated)
        headerNodes = header.flatMap(\.allNodes)
        labelHeaderKeys = labelHeader.map { LabelKey($0) }
        headerKeys = captions.map { LabelKey($0) } + labelHeaderKeys + headerNodes.flatMap(\.keys)
        columns = header.flatMap(\.leaves)
        headerLeafPaths = Self.leafPaths(of: header)
        checker = IdentityChecker(rows: rows, columns: columns, identities: identities)
    }

    private static func leafPaths(of header: [HeaderTemplate]) -> [[Int]] {
        var paths: [[Int]] = []
        var position = 0
        func walk(_ node: HeaderTemplate, _ prefix: [Int]) {
            let path = prefix + [position]
            position += 1
            if node.children.isEmpty { paths.append(path) }
            node.children.forEach { walk($0, path) }
        }
        header.forEach { walk($0, []) }
        return paths
    }
}

/// The words of a sentence that stands for a table: its subject, and the phrases that say there was none.
struct StatedTemplate: Decodable, Sendable {
    var subjects: [String]
    var none: [String]
}

/// A header cell; a leaf names a data column.
struct HeaderTemplate: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable {
        /// A non-negative integer.
        case count
        /// An integer that may carry a sign or 增/减.
        case signed
        /// A decimal amount, possibly with its unit (元, 万元).
        case amount
    }

    var label: String
    var variants: [String]
    var column: String?
    var kind: Kind?
    var unit: String?
    /// Among readings of run-together digits that nothing else separates, prefer those where this column
    /// is 0 (most reports leave 本年增/减 at 0). Only orders the alternatives; the cell stays flagged.
    var preferZero: Bool
    var children: [HeaderTemplate]

    /// The labels' comparable forms, computed once when the template is read.
    var keys: [LabelKey] = []

    var leaves: [HeaderTemplate] { children.isEmpty ? [self] : children.flatMap(\.leaves) }
    /// This cell and every cell under it.
    var allNodes: [HeaderTemplate] { [self] + children.flatMap(\.allNodes) }
    var labels: [String] { [label] + variants }
    var depth: Int { 1 + (children.map(\.depth).max() ?? 0) }

    enum CodingKeys: String, CodingKey {
        case label, variants, column, kind, unit, children
        case preferZero = "prefer_zero"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        variants = try c.decodeIfPresent([String].self, forKey: .variants) ?? []
        column = try c.decodeIfPresent(String.self, forKey: .column)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        preferZero = try c.decodeIfPresent(Bool.self, forKey: .preferZero) ?? false
        children = try c.decodeIfPresent([HeaderTemplate].self, forKey: .children) ?? []
        keys = ([label] + variants).map { LabelKey($0) }
    }
}

/// A row of a table: a data row with a canonical key, or a group label (`（三）不予公开`) with no numbers.
struct RowTemplate: Decodable, Sendable {
    /// The canonical row key; nil for a group label.
    var key: String?
    var label: String
    var variants: [String]
    /// The numbering the template prints before the label (`一`, `(一)`, `1`), a strong matching signal.
    var number: String?
    /// The one data row of a table whose row has no label (table 四).
    var unlabelled: Bool

    /// The labels' comparable forms with the template's numbering, computed once when the template is read.
    var keys: [LabelKey] = []

    var isGroup: Bool { key == nil }
    var labels: [String] { [label] + variants }

    enum CodingKeys: String, CodingKey { case key, label, variants, number, unlabelled, group }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let group = try c.decodeIfPresent(String.self, forKey: .group) {
            key = nil
            label = group
        } else {
            key = try c.decode(String.self, forKey: .key)
            label = try c.decode(String.self, forKey: .label)
        }
        variants = try c.decodeIfPresent([String].self, forKey: .variants) ?? []
        number = try c.decodeIfPresent(String.self, forKey: .number)
        unlabelled = try c.decodeIfPresent(Bool.self, forKey: .unlabelled) ?? false
        keys = ([label] + variants).map { LabelKey.template($0, number: number) }
    }
}

/// An accounting identity: the sum of `left` equals the sum of `right`, evaluated once per column
/// (`for_each: column`, terms are row keys) or once per row (`for_each: row`, terms are column keys).
/// A term ending in `*` stands for every key it prefixes.
struct IdentityTemplate: Decodable, Sendable {
    enum Axis: String, Decodable, Sendable { case row, column }

    var rule: String
    var forEach: Axis
    var left: [String]
    var right: [String]

    enum CodingKeys: String, CodingKey {
        case rule, left, right
        case forEach = "for_each"
    }
}
