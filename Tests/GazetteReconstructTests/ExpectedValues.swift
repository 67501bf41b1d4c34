import Foundation
import GazetteCore

/// The published values of a report (`*.expected.json`, established by hand from the report) and a
/// comparison with a reconstructed report.
struct ExpectedValues {
    /// table → row → column → value
    var tables: [String: [String: [String: Double]]]
    var template: String
    var agency: String
    var year: Int
    /// Cells whose digits admit several readings no identity separates: `table.row.column` → the readings.
    var ambiguous: [String: [Double]] = [:]

    init(_ url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        template = object["template"] as! String
        agency = object["agency"] as! String
        year = object["year"] as! Int
        var tables: [String: [String: [String: Double]]] = [:]
        for (table, rows) in object["tables"] as! [String: [String: [String: NSNumber]]] {
            tables[table] = rows.mapValues { $0.mapValues(\.doubleValue) }
        }
        self.tables = tables
        for item in object["ambiguous"] as? [[String: Any]] ?? [] {
            let key = "\(item["table"]!).\(item["row"]!).\(item["column"]!)"
            ambiguous[key] = (item["alternatives"] as! [NSNumber]).map(\.doubleValue)
        }
    }

    var count: Int { tables.values.flatMap(\.values).map(\.count).reduce(0, +) }

    /// Every expected value the report does not hold, as `table.row.column: expected ≠ found`. With
    /// `exact`, the cells the source leaves ambiguous must be read exactly too (a form that separates cells).
    func mismatches(in report: Report, exact: Bool = false) -> [String] {
        var found: [String] = []
        for (tableKey, rows) in tables {
            let table = report.tables.first { $0.key == tableKey }
            for (rowKey, columns) in rows {
                let row = table?.rows.first { $0.key == rowKey }
                for (column, value) in columns {
                    let cell = row?.cells.first { $0.column == column }
                    if !exact, ambiguous["\(tableKey).\(rowKey).\(column)"] != nil {
                        // Any reading is acceptable for a cell the identities cannot settle, if it is flagged and
                        // the published value is among its alternatives.
                        if cell?.flag != .ambiguous || !(cell?.alternatives ?? []).contains(value) {
                            found.append("\(tableKey).\(rowKey).\(column): \(value) not flagged among \(cell?.alternatives ?? [])")
                        }
                        continue
                    }
                    if cell?.value != value {
                        found.append("\(tableKey).\(rowKey).\(column): \(value) ≠ \(cell?.value.map { "\($0)" } ?? "missing")")
                    }
                }
            }
        }
        return found.sorted()
    }
}
