import Foundation

extension TableTemplate {
    /// The row a label read from a document reads as: the best-scoring row with a label, if it scores at least
    /// `threshold` (ties keep the earlier row). Group rows count: a group label is read as one.
    func bestRow(for key: LabelKey, threshold: Double) -> (index: Int, score: Double)? {
        labelScores.value(for: .init(kind: .row, label: key.folded, threshold: threshold)) {
            var best: (index: Int, score: Double)?
            for (index, row) in rows.enumerated() where !row.unlabelled {
                let score = row.keys.map { LabelMatcher.score(key, $0) }.max() ?? 0
                if score >= threshold, score > (best?.score ?? 0) { best = (index, score) }
            }
            return best
        }
    }

    /// How well a label read from a document reads as any of the table's header labels (caption, label
    /// header, header cells), from 0.
    func headerScore(for key: LabelKey) -> Double {
        labelScores.value(for: .init(kind: .header, label: key.folded, threshold: 0)) {
            (index: 0, score: headerKeys.map { LabelMatcher.score(key, $0) }.max() ?? 0)
        }?.score ?? 0
    }

    /// How well a label read from a document reads as the label header (-∞ when the table has none), and as each
    /// node of the header tree, depth first (``HeaderGrid``).
    func headerNodeScores(for key: LabelKey) -> HeaderNodeScores {
        labelScores.headerNodeScores(for: .init(kind: .headerNodes, label: key.folded, threshold: 0)) {
            HeaderNodeScores(labelHeader: labelHeaderKeys.map { LabelMatcher.score(key, $0) }.max() ?? -.infinity,
                             nodes: headerNodes.map { node in node.keys.map { LabelMatcher.score(key, $0) }.max() ?? 0 })
        }
    }
}

/// A read label's scores against a table's label header and against each node of its header tree.
struct HeaderNodeScores: Sendable {
    var labelHeader: Double
    var nodes: [Double]
}

/// The scores of read labels against one template table, remembered across documents.
///
/// Reports repeat the template's labels, and a table's labels are scored several times while it is read
/// (choosing the format, placing rows, reuniting torn labels): each score is an edit distance against every
/// label of the table. Keyed by what the score depends on (the label's folded text and numbering, the
/// threshold); bounded, emptied when full, so unusual labels cost memory once.
final class LabelScoreMemo: Sendable {
    struct Key: Hashable, Sendable {
        enum Kind: UInt8 { case row, header, headerNodes }
        var kind: Kind
        var label: LabelKey.Folded
        var threshold: Double
    }

    /// A best score and the row it was found for (0 for a header score); nil when nothing scored enough.
    typealias Result = (index: Int, score: Double)?

    private let cache = BoundedCache<Key, Result>(capacity: 50_000)
    private let nodeScores = BoundedCache<Key, HeaderNodeScores>(capacity: 50_000)

    func value(for key: Key, compute: () -> Result) -> Result {
        cache.value(for: key, compute: compute)
    }

    func headerNodeScores(for key: Key, compute: () -> HeaderNodeScores) -> HeaderNodeScores {
        nodeScores.value(for: key, compute: compute)
    }
}
