import GazetteCore
import Testing
@testable import GazetteReconstruct

/// The identities of a table, checked over the cells read (``IdentityChecker/check(_:)``) and over one row's
/// reading (``IdentityChecker/keepsRowIdentities(key:values:)``): a small table with an identity down its
/// columns, one along its rows and a `*` term, so the expansion, the order of the unknown terms and the axes
/// are all seen.
@Suite struct IdentityCheckerTests {
    static let template = """
        format: test
        name: test
        tables:
        - key: t
          title: t
          section: 2
          captions: [t]
          label_header: [项目]
          header:
          - label: 甲
            column: x
          - label: 乙
            column: y
          - label: 说明
          - label: 合计
            column: sum
          rows:
          - key: part.a
            label: 一
          - key: part.b
            label: 二
          - group: 分组
          - key: total
            label: 总计
          identities:
          - rule: t.down
            for_each: column
            left: [total]
            right: [part.*]
          - rule: t.across
            for_each: row
            left: [sum]
            right: [x, y]
        """

    static let table = try! TemplateLibrary(files: [("test.yaml", template)]).formats[0].tables[0]

    static func row(_ key: String, _ values: [Double?], ambiguous: Int? = nil) -> Report.Row {
        let columns = table.columns
        return Report.Row(key: key, label: key, line: 1, cells: zip(columns, values).enumerated().map { offset, pair in
            Report.Cell(column: pair.0.column, value: pair.1, raw: pair.1.map { "\($0)" } ?? "", unit: nil, line: 1,
                        flag: offset == ambiguous ? .ambiguous : nil)
        })
    }

    @Test func holdingAndBrokenIdentitiesAreTold() {
        let checks = Self.table.checker.check([
            Self.row("part.a", [1, 2, nil, 3]), Self.row("part.b", [4, 5, nil, 9]), Self.row("total", [5, 7, nil, 13]),
        ])
        // Down each keyed column (x, y, sum), then along each row read.
        #expect(checks.map(\.rule) == ["t.down", "t.down", "t.down", "t.across", "t.across", "t.across"])
        #expect(checks.map(\.column) == ["x", "y", "sum", nil, nil, nil])
        #expect(checks.map(\.row) == [nil, nil, nil, "part.a", "part.b", "total"])
        #expect(checks.map(\.ok) == [true, true, false, true, true, false])
        #expect(checks[2].left == 13 && checks[2].right == 12)
        #expect(checks[5].left == 13 && checks[5].right == 12)
    }

    @Test func unknownCellsLeaveTheirChecksUnevaluatedAndAreNamed() {
        let checks = Self.table.checker.check([
            Self.row("part.a", [1, nil, nil, 3]), Self.row("total", [5, 7, nil, 12], ambiguous: 0),
        ])
        let down = checks.filter { $0.rule == "t.down" }
        #expect(down.map(\.ok) == [nil, nil, nil])
        // Left terms, then right terms, in the template's order: part.b was never read.
        #expect(down[0].missing == ["total.x", "part.b.x"])
        #expect(down[1].missing == ["part.a.y", "part.b.y"])
        let across = checks.filter { $0.rule == "t.across" }
        #expect(across.map(\.row) == ["part.a", "total"])
        #expect(across.map(\.ok) == [nil, nil])
        #expect(across[0].missing == ["part.a.y"])
        // An ambiguous cell is one reading among several: unknown to the checks.
        #expect(across[1].missing == ["total.x"])
    }

    @Test func aRowReadingKeepsOrBreaksItsIdentities() {
        let checker = Self.table.checker
        #expect(checker.keepsRowIdentities(key: "part.a", values: [1, 2, nil, 3]))
        #expect(!checker.keepsRowIdentities(key: "part.a", values: [1, 2, nil, 4]))
        // An unknown term breaks nothing; nor does a row the table has no identity for, or a short reading.
        #expect(checker.keepsRowIdentities(key: "part.a", values: [1, nil, nil, 4]))
        #expect(checker.keepsRowIdentities(key: "elsewhere", values: [1, 2, nil, 4]))
        #expect(checker.keepsRowIdentities(key: "total", values: [1, 2]))
    }
}
