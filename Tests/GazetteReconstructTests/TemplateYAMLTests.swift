import Foundation
import Testing
@testable import GazetteReconstruct

/// Template files read from their YAML tree (``TemplateYAML``): the national templates read whole, the values the
/// Codable decoding they replaced accepted read the same, and a broken file named with the place of its fault.
@Suite struct TemplateYAMLTests {
    static func repositoryFile(_ path: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func library(_ text: String) throws -> TemplateLibrary {
        try TemplateLibrary(files: [("test.yaml", text)])
    }

    @Test func theNationalTemplatesAreReadWhole() throws {
        let library = try TemplateLibrary(files: try ["national-2019", "national-2021"].map {
            ($0, try Self.repositoryFile("Pipelines/templates/\($0).yaml"))
        })
        #expect(library.formats.map(\.format) == ["2019", "2021"])
        let table = try #require(library.formats[1].tables.first { $0.key == "applications" })
        #expect(table.section == 3 && table.captions.isEmpty && table.stated?.subjects.first == "政府信息公开申请")
        #expect(table.rows.count > 20 && table.columns.count == 7)
        #expect(table.columns.map(\.column) == ["natural", "org.commercial", "org.research", "org.social_welfare",
                                                "org.legal_service", "org.other", "total"])
        #expect(table.header[0].children[2].variants == ["合计"])
        #expect(table.columns.allSatisfy { $0.kind == .count })
        #expect(!table.identities.isEmpty && table.identities.allSatisfy { !$0.left.isEmpty && !$0.right.isEmpty })
        #expect(table.rows.contains { $0.isGroup } && table.rows.contains { $0.number != nil })
    }

    static let minimal = """
        format: 2019
        name: test
        tables:
        - key: t
          title: t
          section: 2
          captions: [t]
          label_header: []
          header:
          - label: 本年增/减
            column: change
            kind: signed
            prefer_zero: yes
            variants: ~
          - label: 金额
            children:
            - label: 万元
              column: amount
              kind: amount
              unit: 万元
          rows:
          - key: a
            label: 甲
            number: 一
            unlabelled: false
          - group: 分组
          identities:
          - rule: r
            for_each: row
            left: [change]
            right: [amount]
          stated:
            subjects: [甲]
            none: [未发生]
        """

    @Test func scalarsAreReadAsYAMLReadsThem() throws {
        let format = try Self.library(Self.minimal).formats[0]
        // An unquoted number is text where text is expected; `yes` is true; a null optional key is absent.
        #expect(format.format == "2019")
        let table = format.tables[0]
        #expect(table.header[0].preferZero && table.header[0].variants.isEmpty && table.header[0].kind == .signed)
        #expect(table.columns.map(\.column) == ["change", "amount"])
        #expect(table.columns[1].unit == "万元" && table.header[1].column == nil && table.header[1].kind == nil)
        #expect(table.rows.map(\.key) == ["a", nil] && table.rows[1].label == "分组" && table.rows[0].number == "一")
        #expect(table.identities[0].forEach == .row)
        #expect(table.stated?.none == ["未发生"])
    }

    @Test(arguments: [
        ("section: 2", "section: two", "template test.yaml: tables[0].section: expected a whole number"),
        ("  - key: a\n    label: 甲", "  - key: a", "template test.yaml: tables[0].rows[0]: missing key 'label'"),
        ("kind: signed", "kind: money", "template test.yaml: tables[0].header[0].kind: unknown value 'money' (known: count, signed, amount)"),
        ("for_each: row", "for_each: [row]", "template test.yaml: tables[0].identities[0].for_each: expected text"),
        ("captions: [t]", "captions: t", "template test.yaml: tables[0].captions: expected a list"),
        ("name: test", "name: [", "template test.yaml: not valid YAML"),
    ])
    func aBrokenTemplateIsNamedWithTheFaultsPlace(original: String, broken: String, message: String) throws {
        let text = Self.minimal.replacingOccurrences(of: original, with: broken)
        #expect(text != Self.minimal)
        do {
            _ = try Self.library(text)
            Issue.record("a broken template was read")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }
}
