/// A failure reported by SQLite, with its result code, message and the SQL that failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
  public let code: Int32
  public let message: String
  public let sql: String?

  public var description: String {
    "SQLite error \(code): \(message)" + (sql.map { " - while executing `\($0)`" } ?? "")
  }

  /// SQLITE_BUSY or SQLITE_LOCKED: another process holds the database too long.
  public var isBusy: Bool { code & 0xff == 5 || code & 0xff == 6 }
}
