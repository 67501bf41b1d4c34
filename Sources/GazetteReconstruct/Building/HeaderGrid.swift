import GazetteCore

/// The header of a table as read: each header label read is assigned to a node of the format's header tree,
/// which gives the header rows of the grid (spanning labels repeated over the columns they span, as
/// pandas does) and the header tree of the report.
struct HeaderGrid {
    let template: TableTemplate
    /// What was read for each node, by the node's position in a depth-first walk.
    private var readLabels: [Int: String] = [:]
    private var labelHeader: String?
    private let nodes: [HeaderTemplate]

    init(template: TableTemplate, tokens: [Token], threshold: Double) {
        self.template = template
        nodes = template.headerNodes
        for token in tokens {
            guard case .label(let key) = token.kind else { continue }
            // Remembered per template across documents: reports repeat the header's labels.
            let scores = template.headerNodeScores(for: key)
            if labelHeader == nil, scores.labelHeader >= threshold {
                labelHeader = token.text
                continue
            }
            // The first node not yet read that matches: repeated labels (结果维持 ×3) fill in reading order.
            var best: (index: Int, score: Double)?
            for (index, score) in scores.nodes.enumerated() where readLabels[index] == nil {
                if score >= threshold, score > (best?.score ?? 0) + 1e-9 { best = (index, score) }
            }
            if let best { readLabels[best.index] = token.text }
        }
    }

    /// The header rows of the grid; none when no header label was read.
    var rows: [[String]] {
        guard !readLabels.isEmpty || labelHeader != nil else { return [] }
        let paths = template.headerLeafPaths
        let depth = paths.map(\.count).max() ?? 0
        return (0..<depth).map { level in
            [level == 0 ? (labelHeader ?? "") : ""] + paths.map { path in
                let node = level < path.count ? path[level] : path[path.count - 1]
                return readLabels[node] ?? ""
            }
        }
    }

    /// The header tree with the labels as read (the template's label where none was read).
    var tree: [Report.HeaderNode] {
        var position = 0
        func convert(_ node: HeaderTemplate) -> Report.HeaderNode {
            let index = position
            position += 1
            let children = node.children.map(convert)
            return Report.HeaderNode(label: readLabels[index] ?? node.label, column: node.column, children: children)
        }
        return template.header.map(convert)
    }
}
