/// A failure reported by the database — SQLite's result code, or PostgreSQL's SQLSTATE — with its message
/// and the SQL that failed.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
  /// The backend that failed.
  public let dialect: SQLDialect
  /// SQLite's extended result code; 0 for PostgreSQL.
  public let code: Int32
  /// PostgreSQL's five-character SQLSTATE (`23505` a unique violation); `nil` for SQLite.
  public let state: String?
  public let message: String
  public let sql: String?

  /// A failure of SQLite.
  public init(code: Int32, message: String, sql: String?) {
    self.dialect = .sqlite
    self.code = code
    self.state = nil
    self.message = message
    self.sql = sql
  }

  /// A failure of PostgreSQL, with its SQLSTATE when the server sent one.
  public init(state: String?, message: String, sql: String?) {
    self.dialect = .postgresql
    self.code = 0
    self.state = state
    self.message = message
    self.sql = sql
  }

  public var description: String {
    let head =
      switch dialect {
      case .sqlite: "SQLite error \(code): \(message)"
      case .postgresql: "PostgreSQL error\(state.map { " \($0)" } ?? ""): \(message)"
      }
    return head + (sql.map { " - while executing `\($0)`" } ?? "")
  }

  /// Another process holds the database too long: SQLITE_BUSY or SQLITE_LOCKED; PostgreSQL's lock timeout,
  /// deadlock or serialization failure.
  public var isBusy: Bool {
    switch dialect {
    case .sqlite: code & 0xff == 5 || code & 0xff == 6
    case .postgresql: state == "55P03" || state == "40P01" || state == "40001"
    }
  }

  /// The connection to the database server was lost (PostgreSQL's class 08, or no SQLSTATE at all).
  public var isConnectionLost: Bool { dialect == .postgresql && (state == nil || state?.hasPrefix("08") == true) }
}
