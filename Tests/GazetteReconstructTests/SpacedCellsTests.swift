import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Tables flattened one cell per line with blank lines as mere spacing (issue 18, form 0): two blank lines
/// after every cell, four after every row, the prose single-spaced. Only a gap longer than the layout's is an
/// empty cell; where the layout cannot tell, the identities do, and what they leave open is flagged.
@Suite struct SpacedCellsTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    private func report(_ text: String) async throws -> Report {
        try #require(await processor.process(FetchRequest(uri: "spaced.txt", content: Data(text.utf8))).report)
    }

    @Test(arguments: [("guangzhou-2020.spaced.txt", "guangzhou-2020-general-office.expected.json", "2019"),
                      ("pingtan-2021.spaced.txt", "pingtan-2021.expected.json", "2021")])
    func spacedCopiesGiveEveryPublishedValue(fixture: String, values: String, template: String) async throws {
        let report = try await report(Paths.text(Paths.fixture(fixture)))
        let expected = try ExpectedValues(Paths.fixture(values))
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.template == template)
        #expect(report.tables.flatMap(\.rows).flatMap(\.cells).allSatisfy { $0.flag == nil && $0.value != nil })
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.count >= 40)
        #expect(checks.allSatisfy { $0.ok == true })
        let spacing = report.diagnostics.first { $0.code == "reconstruct.cell-spacing" }
        #expect(spacing?.message.contains("3 lines from cell to cell and 5 from a row's end") == true)
    }

    /// The sample with every 0 an empty line, in the same spacing: each empty cell is unknown, in its own
    /// column, on its own empty line; every other value is where it belongs.
    @Test func emptyCellsInsideDoubleSpacingAreUnknownInTheirOwnColumns() async throws {
        let text = try Paths.text(Paths.fixture("guangzhou-2020.spaced-empty.txt"))
        let lines = text.components(separatedBy: "\n")
        let report = try await report(text)
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        var read = 0, unknown = 0
        for (tableKey, rows) in expected.tables {
            for (rowKey, columns) in rows {
                let row = report.tables.first { $0.key == tableKey }?.rows.first { $0.key == rowKey }
                for (column, value) in columns {
                    guard let cell = row?.cells.first(where: { $0.column == column }) else {
                        // A row with every cell empty has no values to read.
                        #expect(value == 0, "\(tableKey).\(rowKey).\(column)")
                        continue
                    }
                    #expect(cell.flag == nil)
                    if let found = cell.value {
                        #expect(found == value, "\(tableKey).\(rowKey).\(column)")
                        read += 1
                    } else {
                        #expect(value == 0 && cell.raw.isEmpty && lines[cell.line - 1].isEmpty, "\(tableKey).\(rowKey).\(column)")
                        // The empty line of the cell, not a spacing line: a row's cells are three lines apart.
                        #expect((cell.line - (row?.line ?? 0)) % 3 == 0, "\(tableKey).\(rowKey).\(column) line \(cell.line)")
                        unknown += 1
                    }
                }
            }
        }
        let nonZero = expected.tables.values.flatMap(\.values).flatMap(\.values).filter { $0 != 0 }.count
        #expect(read == nonZero)
        #expect(unknown >= 40)
        #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok != false })
    }

    /// A gap of a length the layout does not have (a cell's text wrapped, a stray blank line) says nothing
    /// about empty cells: the row's width places them when one gap is unexplained, and when several are, the
    /// identities choose among the placements and flag what they leave open.
    @Test func gapsTheLayoutCannotExplainAreLeftToTheWidthAndTheIdentities() async throws {
        var lines = try Paths.text(Paths.fixture("guangzhou-2020.spaced-empty.txt")).components(separatedBy: "\n")
        // 一、本年新收: 457 13 _ _ 1 2 473. One more blank line after 13 (gap 7: one empty cell or two?), and
        // one more after the label (gap 4: no step of 3).
        let label = try #require(lines.firstIndex(of: "一、本年新收政府信息公开申请数量"))
        #expect(lines[label + 3] == "457" && lines[label + 6] == "13")
        lines.insert("", at: label + 7)
        lines.insert("", at: label + 1)
        let report = try await report(lines.joined(separator: "\n"))
        let row = try #require(report.tables.first { $0.key == "applications" }?.rows.first { $0.key == "new" })
        let published: [Double?] = [457, 13, nil, nil, 1, 2, 473]
        for (cell, value) in zip(row.cells, published) {
            if cell.flag == .ambiguous {
                #expect(cell.alternatives?.contains(value) == true, "\(cell.column ?? "")")
            } else {
                #expect(cell.value == value, "\(cell.column ?? "")")
            }
        }
        #expect(row.cells.map(\.value).filter { $0 != nil }.count >= 3)
        #expect(report.diagnostics.contains { $0.code == "reconstruct.empty-cells-open" })
    }

    /// The property the form must keep, over 500 reports: random values that keep the template's identities,
    /// in random spacing, zeros written as empty lines or not, sometimes a stray blank line: every cell read
    /// without a flag holds the value written, every flagged cell lists it, and a regular layout loses none.
    @Test(arguments: 0..<10)
    func everyUnflaggedCellHoldsTheValueWritten(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor)
        #expect(copies.map { $0.values.values.flatMap(\.values).map(\.count).reduce(0, +) } == [198, 200, 198])
        for seed in SharedReports.seeds(batch: batch, size: 50) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            let values = copy.randomValues(using: &random)
            let cell = random.int(in: 0...3)
            let spacing = OneCellPerLineCopy.Spacing(cell: cell, row: cell + random.int(in: 0...3), other: random.int(in: 0...2))
            let blankZeros = random.chance(0.5)
            // A stray blank line breaks the step of a spaced layout; in a single-spaced one it is an empty cell
            // by the form's own rule, so none there.
            let stray = spacing.cell >= 1 && random.chance(0.3)
                ? Set((0..<3).map { _ in random.int(in: 0...(copy.lines.count - 1)) }) : []
            let text = copy.render(values, spacing: spacing, blankZeros: blankZeros) { stray.contains($0) ? 1 : 0 }
            try SharedReports.dump(text, as: "spaced-\(seed).txt")
            let report = try await report(text)
            let context = "seed \(seed): \(spacing), blank zeros \(blankZeros), stray lines \(stray.sorted())"
            var read = 0, written = 0
            for (tableKey, rows) in values {
                for (rowKey, columns) in rows {
                    let row = report.tables.first { $0.key == tableKey }?.rows.first { $0.key == rowKey }
                    for (column, value) in columns {
                        let blank = blankZeros && value == 0
                        // Table 四's one row has no label: the gaps before it (after the header) and after it (to
                        // the next section) have no regular size, and when a group of it is empty, its values
                        // shifted by a whole group keep every identity: flagged, not read.
                        if !blank, tableKey != "appeals" { written += 1 }
                        guard let found = row?.cells.first(where: { $0.column == column }) else { continue }
                        let expected: Double? = blank ? nil : value
                        if found.flag == Report.Cell.Flag.ambiguous {
                            #expect(found.alternatives?.contains(expected) == true, "\(tableKey).\(rowKey).\(column) \(context)")
                        } else {
                            #expect(found.value == expected, "\(tableKey).\(rowKey).\(column) \(context)")
                            if !blank, tableKey != "appeals", found.value == expected { read += 1 }
                        }
                    }
                }
            }
            if stray.isEmpty {
                #expect(read == written, "every value read, \(context)")
            } else {
                // A stray line leaves one row open at most; the identities settle most of it.
                #expect(read * 10 >= written * 9, "most values read, \(context)")
            }
            #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok != false }, "\(context)")
        }
    }

    /// A row of empty lines is a row of empty cells, not a label waiting for the values printed below it (the
    /// PDF form 4 tears labels from values): `规章` then three empty cells, then `规范性文件` with 2116 and 2597
    /// on their own lines. Before, the two values were given one to each label and each cut into three cells.
    /// With a stray blank line after `规章` (a gap the layout does not explain), the values still stay with
    /// their row: in a copy written one cell per line, a line is a cell, never a row run together.
    @Test(arguments: [false, true])
    func aRowOfEmptyLinesWaitsForNoValues(strayLine: Bool) async throws {
        let copy = try await SharedReports.copies(processor)[2]
        var values = copy.values
        values["active.item1"]!["regulations"] = ["new_made": 0, "new_published": 0, "total_published": 0]
        values["active.item1"]!["normative_docs"] = ["new_made": 2116, "new_published": 2597, "total_published": 0]
        let labelLine = try #require(copy.lines.firstIndex {
            if case .label(let text) = $0 { text == "规章" } else { false }
        })
        let text = copy.render(values, spacing: .init(cell: 3, row: 3, other: 2), blankZeros: true) {
            strayLine && $0 == labelLine ? 1 : 0
        }
        let report = try await report(text)
        let table = try #require(report.tables.first { $0.key == "active.item1" })
        let normative = try #require(table.rows.first { $0.key == "normative_docs" })
        #expect(normative.cells.map(\.value) == [2116, 2597, nil])
        #expect(normative.cells.allSatisfy { $0.flag == nil })
        #expect(table.rows.first { $0.key == "regulations" }?.cells.contains { $0.value != nil } != true)
        #expect(!report.diagnostics.contains { $0.code == "reconstruct.ambiguous" && $0.message.hasPrefix("active.item1") })
    }
}
