import Foundation
import GRDBSQLite

/// One INSERT prepared on a GRDB connection and bound with `sqlite3_bind_*` directly.
///
/// GRDB binds statement arguments through a closure per argument; for the cells table (a dozen columns, a few
/// hundred rows a report) that cost more than SQLite's own work. The connection stays GRDB's: this is used
/// inside its transactions only, and finalized before the database closes.
final class PreparedInsert {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var statement: OpaquePointer?
    private let connection: OpaquePointer

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns (a C macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ connection: OpaquePointer, sql: String) throws {
        self.connection = connection
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "cannot prepare \(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
    }

    deinit { sqlite3_finalize(statement) }

    /// A column's value.
    enum Value {
        case text(String?)
        /// Text given as its UTF-8 bytes (valid UTF-8).
        case utf8(Data)
        case real(Double?)
        case integer(Int?)

        static func flag(_ value: Bool?) -> Value { .integer(value.map { $0 ? 1 : 0 }) }
    }

    /// Inserts one row, its values in column order.
    func insert(_ values: Value...) throws {
        for (offset, value) in values.enumerated() {
            let column = Int32(offset + 1)
            switch value {
            case .text(nil), .real(nil), .integer(nil):
                sqlite3_bind_null(statement, column)
            case .text(var text?):
                text.withUTF8 { bytes in
                    // A non-null pointer even for "", which SQLite would otherwise take for NULL.
                    let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                        .assumingMemoryBound(to: CChar.self)
                    sqlite3_bind_text(statement, column, pointer, Int32(bytes.count), Self.transient)
                }
            case .utf8(let bytes):
                bytes.withUnsafeBytes { bytes in
                    let pointer = (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                    sqlite3_bind_text(statement, column, pointer, Int32(bytes.count), Self.transient)
                }
            case .real(let number?):
                sqlite3_bind_double(statement, column, number)
            case .integer(let number?):
                sqlite3_bind_int64(statement, column, Int64(number))
            }
        }
        try step()
    }

    private func step() throws {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(description: "insert failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}
