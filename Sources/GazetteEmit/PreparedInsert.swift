import Foundation
import GazetteCore
import GRDBSQLite

/// The INSERTs of one table, prepared on a GRDB connection and bound with `sqlite3_bind_*` directly.
///
/// GRDB binds statement arguments through a closure per argument; for the cells table (a dozen columns, a few
/// hundred rows a report) that cost more than SQLite's own work. The connection stays GRDB's: this is used
/// inside its transactions only, and finalized before the database closes.
///
/// Rows are gathered and inserted `rowsPerStatement` at a time, by one statement of that many rows: each
/// statement SQLite runs opens its cursors and allocates its records anew, and for the cells table that cost
/// more than the rows' own insertion. The rows left over when ``finish()`` is called go one by one. The rows'
/// texts are copied into one buffer, kept from batch to batch, and SQLite is handed pointers into it
/// (`SQLITE_STATIC`): with its own copy of each (`SQLITE_TRANSIENT`), SQLite made an allocation per text bound.
final class PreparedInsert {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let connection: OpaquePointer
    private let columns: Int
    private let rowsPerStatement: Int
    /// One row's statement, and `rowsPerStatement` rows' (nil when that is 1).
    private var single: OpaquePointer?
    private var batch: OpaquePointer?

    /// A value as gathered, until its row is bound: texts by their place in `texts`.
    fileprivate enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(start: Int, count: Int)
    }

    /// The rows gathered, bound only when they are inserted (the texts' buffer may move while it grows).
    private var gathered = Gathered()

    /// Inserts into every column of `table`, in the schema's order; `replacing`: `INSERT OR REPLACE`, for a table
    /// with a primary key.
    init(_ connection: OpaquePointer, table: String, rowsPerStatement: Int = 1, replacing: Bool = false) throws {
        self.connection = connection
        columns = try Self.columnCount(of: table, on: connection)
        self.rowsPerStatement = rowsPerStatement
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let insert = "INSERT \(replacing ? "OR REPLACE " : "")INTO \(table) VALUES "
        single = try Self.prepare(insert + row, on: connection)
        if rowsPerStatement > 1 {
            batch = try Self.prepare(insert + Array(repeating: row, count: rowsPerStatement).joined(separator: ", "), on: connection)
        }
        gathered.values.reserveCapacity(columns * rowsPerStatement)
    }

    deinit {
        sqlite3_finalize(single)
        sqlite3_finalize(batch)
    }

    /// The number of columns the schema gives `table`: what each row must give, read from the schema rather than
    /// written again beside it.
    private static func columnCount(of table: String, on connection: OpaquePointer) throws -> Int {
        let statement = try prepare("SELECT count(*) FROM pragma_table_info('\(table)')", on: connection)
        defer { sqlite3_finalize(statement) }
        let count = sqlite3_step(statement) == SQLITE_ROW ? Int(sqlite3_column_int64(statement, 0)) : 0
        guard count > 0 else { throw Failure(description: "no table \(table) in the database") }
        return count
    }

    private static func prepare(_ sql: String, on connection: OpaquePointer) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "cannot prepare \(sql.prefix(200)): \(String(cString: sqlite3_errmsg(connection)))")
        }
        return statement
    }

    /// The values of the rows gathered, row after row, and their texts one after another. Handed to the closure
    /// that gives a row, which appends its values in column order, each call the next column. A value of its own,
    /// not the insert's properties: appending to a class's arrays checked exclusive access at every value (1 % of
    /// a run, on the writer's thread).
    struct Gathered {
        fileprivate var values: [Value] = []
        fileprivate var texts: [UInt8] = []

        mutating func text(_ value: String?) {
            guard let value else { return values.append(.null) }
            value.withUTF8InPlace { addText($0) }
        }

        /// Text given as its UTF-8 bytes (valid UTF-8).
        mutating func utf8(_ value: Data) {
            value.withUnsafeBytes { addText($0.bindMemory(to: UInt8.self)) }
        }

        mutating func real(_ value: Double?) { values.append(value.map(Value.real) ?? .null) }

        mutating func integer(_ value: Int?) { values.append(value.map { .integer(Int64($0)) } ?? .null) }

        mutating func flag(_ value: Bool?) { integer(value.map { $0 ? 1 : 0 }) }

        private mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>) {
            values.append(.text(start: texts.count, count: bytes.count))
            texts.append(contentsOf: bytes)
        }
    }

    /// Adds one row, whose values `give` gives; inserted with the rows of its batch, or by ``finish()``.
    func insert(_ give: (inout Gathered) -> Void) throws {
        // The rows gathered are moved out for the closure and back, not copied: one access each way.
        var rows = Gathered()
        swap(&rows, &gathered)
        let before = rows.values.count
        give(&rows)
        swap(&rows, &gathered)
        precondition(gathered.values.count == before + columns, "a row of \(gathered.values.count - before) values for \(columns) columns")
        if gathered.values.count == columns * rowsPerStatement { try insertGathered() }
    }

    /// Inserts the rows gathered that did not make a batch. To be called before the transaction ends.
    func finish() throws {
        try insertGathered()
    }

    private func insertGathered() throws {
        defer {
            gathered.values.removeAll(keepingCapacity: true)
            gathered.texts.removeAll(keepingCapacity: true)
        }
        let rows = gathered.values.count / columns
        guard rows > 0 else { return }
        try gathered.texts.withUnsafeBufferPointer { buffer in
            // A pointer even for "" in an empty buffer: SQLite takes a null pointer for NULL.
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            if rows == rowsPerStatement, let batch {
                try step(batch, values: gathered.values[...], base: base)
            } else {
                for row in 0..<rows { try step(single, values: gathered.values[(row * columns)..<((row + 1) * columns)], base: base) }
            }
        }
    }

    /// Binds `values` to `statement`'s parameters in order and runs it. Texts are bound where they lie
    /// (`SQLITE_STATIC`, a nil destructor): the buffer stays put until the statement is reset.
    private func step(_ statement: OpaquePointer?, values: ArraySlice<Value>, base: UnsafeRawPointer) throws {
        defer { sqlite3_reset(statement) }
        for (offset, value) in values.enumerated() {
            let parameter = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, parameter)
            case .integer(let number): sqlite3_bind_int64(statement, parameter, number)
            case .real(let number): sqlite3_bind_double(statement, parameter, number)
            case .text(let start, let count):
                sqlite3_bind_text(statement, parameter, (base + start).assumingMemoryBound(to: CChar.self), Int32(count), nil)
            }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(description: "insert failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}
