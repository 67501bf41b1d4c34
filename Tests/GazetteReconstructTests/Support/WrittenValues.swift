import GazetteCore
import Testing

/// Checks a report read from a rendered copy against the values the copy was written with.
enum WrittenValues {
    /// Every cell of `values` in `report`: an ambiguous cell lists the value written among its alternatives, a
    /// cell with no flag holds it; a cell flagged otherwise (`positional`, `stated`) is a reading the report
    /// itself calls uncertain and is not compared. `written` is what a value becomes in the copy (a 0 printed
    /// as nothing is an empty cell, nil); a row or table the report lacks is missing, not wrong, when
    /// `allowMissing` says so for it. Returns the cells read without a flag and all cells written.
    @discardableResult
    static func verify(_ report: Report, against values: OneCellPerLineCopy.Values, _ context: String,
                       written: (Double) -> Double? = { $0 },
                       allowMissing: (_ table: String, _ row: String, _ value: Double) -> Bool = { _, _, _ in true })
        -> (read: Int, cells: Int) {
        var read = 0, cells = 0
        for (tableKey, rows) in values {
            for (rowKey, columns) in rows {
                let row = report.tables.first { $0.key == tableKey }?.rows.first { $0.key == rowKey }
                for (column, value) in columns {
                    cells += 1
                    let expected = written(value)
                    guard let cell = row?.cells.first(where: { $0.column == column }) else {
                        #expect(allowMissing(tableKey, rowKey, value), "\(tableKey).\(rowKey).\(column) missing \(context)")
                        continue
                    }
                    switch cell.flag {
                    case .ambiguous?:
                        #expect(cell.alternatives?.contains(expected) == true, "\(tableKey).\(rowKey).\(column) \(context)")
                    case nil:
                        #expect(cell.value == expected, "\(tableKey).\(rowKey).\(column) \(context)")
                        if cell.value == expected { read += 1 }
                    default:
                        break
                    }
                }
            }
        }
        return (read, cells)
    }
}
