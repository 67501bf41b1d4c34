/// One national format of the report (`2019`, `2021`), read from `Pipelines/templates/*.yaml`.
struct TemplateFormat: Sendable {
    var format: String
    var name: String
    var tables: [TableTemplate]

    init(yaml: TemplateYAML) throws {
        format = try yaml.required("format").string()
        name = try yaml.required("name").string()
        tables = try yaml.required("tables").list().map(TableTemplate.init(yaml:))
    }
}

/// One table of a national format: its caption, header tree, rows and identities.
///
/// A class, read once and never changed: every table read from every document is mapped against one, and a
/// struct of a dozen arrays and strings was copied (each of its references retained) wherever one was passed.
final class TableTemplate: Sendable {
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
    /// Each column's kind (`count` where the template gives none), apart: the readings ask it at every cut they
    /// try, and a column read out of `columns` is a copy of the whole template node, retains and all.
    let columnKinds: [HeaderTemplate.Kind]
    /// Every cell of the header tree, depth first, and the label header's keys: what each table's header is
    /// read against (``HeaderGrid``), made once.
    let headerNodes: [HeaderTemplate]
    /// For every leaf of the header tree, the depth-first indices of the nodes from the top down to it: the
    /// header rows of every table's grid are laid out on them (``HeaderGrid``).
    let headerLeafPaths: [[Int]]
    let labelHeaderKeys: [LabelKey]
    /// The table's identities, expanded once for every table read on this template.
    let checker: IdentityChecker

    init(yaml: TemplateYAML) throws {
        key = try yaml.required("key").string()
        title = try yaml.required("title").string()
        section = try yaml.required("section").int()
        captions = try yaml.required("captions").strings()
        labelHeader = try yaml.required("label_header").strings()
        header = try yaml.required("header").list().map(HeaderTemplate.init(yaml:))
        rows = try yaml.required("rows").list().map(RowTemplate.init(yaml:))
        identities = try yaml.required("identities").list().map(IdentityTemplate.init(yaml:))
        stated = try yaml.optional("stated").map(StatedTemplate.init(yaml:))
        headerNodes = header.flatMap(\.allNodes)
        labelHeaderKeys = labelHeader.map { LabelKey($0) }
        headerKeys = captions.map { LabelKey($0) } + labelHeaderKeys + headerNodes.flatMap(\.keys)
        columns = header.flatMap(\.leaves)
        columnKinds = columns.map { $0.kind ?? .count }
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
struct StatedTemplate: Sendable {
    var subjects: [String]
    var none: [String]

    init(yaml: TemplateYAML) throws {
        subjects = try yaml.required("subjects").strings()
        none = try yaml.required("none").strings()
    }
}

/// A header cell; a leaf names a data column.
struct HeaderTemplate: Sendable {
    enum Kind: String, CaseIterable, Sendable {
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

    init(yaml: TemplateYAML) throws {
        label = try yaml.required("label").string()
        variants = try yaml.optional("variants")?.strings() ?? []
        column = try yaml.optional("column")?.string()
        kind = try yaml.optional("kind")?.choice(Kind.self)
        unit = try yaml.optional("unit")?.string()
        preferZero = try yaml.optional("prefer_zero")?.bool() ?? false
        children = try yaml.optional("children")?.list().map(HeaderTemplate.init(yaml:)) ?? []
        keys = ([label] + variants).map { LabelKey($0) }
    }
}

/// A row of a table: a data row with a canonical key, or a group label (`（三）不予公开`) with no numbers.
struct RowTemplate: Sendable {
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

    init(yaml: TemplateYAML) throws {
        if let group = try yaml.optional("group") {
            key = nil
            label = try group.string()
        } else {
            key = try yaml.required("key").string()
            label = try yaml.required("label").string()
        }
        variants = try yaml.optional("variants")?.strings() ?? []
        number = try yaml.optional("number")?.string()
        unlabelled = try yaml.optional("unlabelled")?.bool() ?? false
        keys = ([label] + variants).map { LabelKey.template($0, number: number) }
    }
}

/// An accounting identity: the sum of `left` equals the sum of `right`, evaluated once per column
/// (`for_each: column`, terms are row keys) or once per row (`for_each: row`, terms are column keys).
/// A term ending in `*` stands for every key it prefixes.
struct IdentityTemplate: Sendable {
    enum Axis: String, CaseIterable, Sendable { case row, column }

    var rule: String
    var forEach: Axis
    var left: [String]
    var right: [String]

    init(yaml: TemplateYAML) throws {
        rule = try yaml.required("rule").string()
        forEach = try yaml.required("for_each").choice(Axis.self)
        left = try yaml.required("left").strings()
        right = try yaml.required("right").strings()
    }
}
