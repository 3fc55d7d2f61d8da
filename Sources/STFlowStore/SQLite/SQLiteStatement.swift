import CSQLite

/// A prepared statement. Owned by its connection's cache; use it on the connection's thread only.
public final class SQLiteStatement: @unchecked Sendable {
  let handle: OpaquePointer
  unowned let connection: SQLiteConnection
  let sql: String

  init(connection: SQLiteConnection, handle: OpaquePointer, sql: String) {
    self.connection = connection
    self.handle = handle
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  public func bind(_ values: [SQLValue]) throws(DatabaseError) {
    for (i, v) in values.enumerated() {
      let index = Int32(i + 1)
      let rc: Int32
      switch v {
      case .null: rc = sqlite3_bind_null(handle, index)
      case .integer(let n): rc = sqlite3_bind_int64(handle, index, n)
      case .real(let d): rc = sqlite3_bind_double(handle, index, d)
      case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, SQLITE_TRANSIENT)
      case .blob(let b): rc = b.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
      }
      guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
    }
  }

  /// Steps once: `true` when a row is available, `false` when done.
  public func step() throws(DatabaseError) -> Bool {
    let rc = sqlite3_step(handle)
    switch rc {
    case SQLITE_ROW: return true
    case SQLITE_DONE:
      sqlite3_reset(handle)
      return false
    default:
      let e = connection.error(rc, sql: sql)
      sqlite3_reset(handle)
      throw e
    }
  }

  /// Binds, runs to completion, returns nothing.
  public func run(_ values: [SQLValue]) throws(DatabaseError) {
    try bind(values)
    while try step() {}
  }

  public func column(_ i: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, i) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
    case SQLITE_NULL: return .null
    case SQLITE_BLOB:
      let n = Int(sqlite3_column_bytes(handle, i))
      guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default:
      // The text's length from SQLite (asked for after the text, as SQLite requires), not found by scanning for its end.
      guard let p = sqlite3_column_text(handle, i) else { return .null }
      return .text(String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self))
    }
  }

  public func row() -> [SQLValue] {
    (0..<sqlite3_column_count(handle)).map { column($0) }
  }
}
