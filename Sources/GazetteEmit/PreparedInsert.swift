import Foundation
import GRDBSQLite

/// One INSERT prepared on a GRDB connection and bound with `sqlite3_bind_*` directly.
///
/// GRDB binds statement arguments through a closure per argument; for the cells table (a dozen columns, a few
/// hundred rows a report) that cost more than SQLite's own work. The connection stays GRDB's: this is used
/// inside its transactions only, and finalized before the database closes.
///
/// A row's texts are copied into one buffer, kept from row to row, and SQLite is handed pointers into it
/// (`SQLITE_STATIC`): with its own copy of each (`SQLITE_TRANSIENT`), SQLite made an allocation per text bound,
/// a quarter of all the allocations of a run.
final class PreparedInsert {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var statement: OpaquePointer?
    private let connection: OpaquePointer
    /// The texts of the row being bound, one after another, and the column and place of each. They are bound once
    /// the row is complete: the buffer may move while it grows.
    private var texts: [UInt8] = []
    private var textColumns: [(column: Int32, start: Int, count: Int)] = []
    /// The column the next value binds (from 1).
    private var column: Int32 = 1

    init(_ connection: OpaquePointer, sql: String) throws {
        self.connection = connection
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "cannot prepare \(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds a row's values, in column order, each call to `row` the next column.
    struct Row {
        fileprivate let insert: PreparedInsert

        func text(_ value: String?) {
            guard var value else { return insert.bindNull() }
            value.withUTF8 { insert.addText($0) }
        }

        /// Text given as its UTF-8 bytes (valid UTF-8).
        func utf8(_ value: Data) {
            value.withUnsafeBytes { insert.addText($0.bindMemory(to: UInt8.self)) }
        }

        func real(_ value: Double?) {
            guard let value else { return insert.bindNull() }
            sqlite3_bind_double(insert.statement, insert.takeColumn(), value)
        }

        func integer(_ value: Int?) {
            guard let value else { return insert.bindNull() }
            sqlite3_bind_int64(insert.statement, insert.takeColumn(), Int64(value))
        }

        func flag(_ value: Bool?) { integer(value.map { $0 ? 1 : 0 }) }
    }

    /// Inserts one row, whose values `bind` gives.
    func insert(_ bind: (Row) -> Void) throws {
        texts.removeAll(keepingCapacity: true)
        textColumns.removeAll(keepingCapacity: true)
        column = 1
        bind(Row(insert: self))
        try texts.withUnsafeBufferPointer { buffer in
            // A pointer even for "" in an empty buffer: SQLite takes a null pointer for NULL.
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            for text in textColumns {
                // nil destructor: SQLITE_STATIC, the bytes stay where they are until the statement is reset below.
                sqlite3_bind_text(statement, text.column, (base + text.start).assumingMemoryBound(to: CChar.self),
                                  Int32(text.count), nil)
            }
            try step()
        }
    }

    private func takeColumn() -> Int32 {
        defer { column += 1 }
        return column
    }

    private func bindNull() { sqlite3_bind_null(statement, takeColumn()) }

    private func addText(_ bytes: UnsafeBufferPointer<UInt8>) {
        textColumns.append((takeColumn(), texts.count, bytes.count))
        texts.append(contentsOf: bytes)
    }

    private func step() throws {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(description: "insert failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}
