import GazetteCore

/// Turns a table read from the document into a report table: chooses the national format whose labels
/// fit it best and hands the table to a ``TableMapping`` under it.
struct TableBuilder {
    let library: TemplateLibrary
    let threshold: Double

    /// The formats that fit the table best, equally well (both, for table 四, which they share).
    func fittingFormats(_ instance: TableInstance) -> [(format: String, table: TableTemplate)] {
        guard let variants = library.tables[instance.key]?.variants, !variants.isEmpty else { return [] }
        let scored = variants.map { (variant: $0, score: fit(instance, $0.table)) }
        let best = scored.map(\.score).max()!
        return scored.filter { abs($0.score - best) < 1e-9 }.map(\.variant)
    }

    /// The mapping of the table under the format that fits it best; among formats that fit equally well,
    /// `preferred` (the report's majority format) when it is one of them.
    /// `tied` is what ``fittingFormats(_:)`` gave for the instance, when the caller has it already.
    func mapping(_ instance: TableInstance, tied: [(format: String, table: TableTemplate)]? = nil, preferred: String? = nil,
                 grids: [SourceGrid] = []) -> TableMapping? {
        let tied = tied ?? fittingFormats(instance)
        guard let chosen = tied.first(where: { $0.format == preferred }) ?? tied.first else { return nil }
        return TableMapping(instance: instance, template: chosen.table, format: chosen.format, threshold: threshold,
                            sourceGrids: grids)
    }

    /// How well a format's definition of the table fits what was read: label agreement, plus agreement of
    /// each row's value count with the format's column count.
    private func fit(_ instance: TableInstance, _ template: TableTemplate) -> Double {
        var score = 0.0
        for token in instance.headerTokens + [instance.caption].compactMap({ $0 }) {
            guard case .label(let key) = token.kind else { continue }
            score += template.headerScore(for: key)
        }
        let columns = template.columns.count
        for row in instance.rows {
            if let label = row.label, case .label(let key) = label.kind {
                score += template.bestRow(for: key, threshold: threshold)?.score ?? 0
            }
            if !row.values.isEmpty, row.likelyCellCount % columns == 0 { score += 0.5 }
        }
        return score
    }
}

