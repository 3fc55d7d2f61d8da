import CSQLite
import Foundation

/// `SQLITE_TRANSIENT`, which Swift does not import: SQLite copies the bound bytes at once.
let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
///
/// `@unchecked Sendable`: a connection is used by one thread at a time — the CLI's main thread, or
/// the serial queue that owns it — which is the rule SQLite's default threading mode needs.
public final class SQLiteConnection: SQLDatabase, @unchecked Sendable {
  let handle: OpaquePointer
  private var cache: [String: SQLiteStatement] = [:]
  public let path: String
  public var dialect: SQLDialect { .sqlite }

  /// Opens (creating if needed) the database at `path`.
  /// `immutable` opens a file on a read-only medium (no write access to it or its folder): SQLite then
  /// reads it without the WAL index it could not create.
  public init(path: String, readOnly: Bool = false, immutable: Bool = false) throws(DatabaseError) {
    var db: OpaquePointer?
    var flags = (readOnly || immutable ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
    var name = path
    if immutable {
      flags |= SQLITE_OPEN_URI
      let escaped = path.unicodeScalars.map { c -> String in
        c == "%" || c == "?" || c == "#" ? String(format: "%%%02X", c.value) : String(c)
      }.joined()
      name = "file:\(escaped)?immutable=1"
    }
    let rc = sqlite3_open_v2(name, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      if let db { sqlite3_close_v2(db) }
      throw DatabaseError(code: rc, message: "\(message) (\(path))", sql: nil)
    }
    self.handle = db
    self.path = path
    sqlite3_extended_result_codes(db, 1)
  }

  deinit {
    cache.removeAll()
    sqlite3_close_v2(handle)
  }

  func error(_ rc: Int32, sql: String?) -> DatabaseError {
    DatabaseError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
  }

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws(DatabaseError) {
    var errmsg: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
    if rc != SQLITE_OK {
      let message = errmsg.map { String(cString: $0) } ?? "error"
      sqlite3_free(errmsg)
      throw DatabaseError(code: rc, message: message, sql: sql)
    }
  }

  /// A prepared statement for `sql`, reset and cached for reuse.
  func prepare(_ sql: String) throws(DatabaseError) -> SQLiteStatement {
    if let s = cache[sql] {
      s.reset()
      return s
    }
    var stmt: OpaquePointer?
    let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
    guard rc == SQLITE_OK, let stmt else { throw error(rc, sql: sql) }
    let s = SQLiteStatement(connection: self, handle: stmt, sql: sql)
    cache[sql] = s
    return s
  }

  /// Runs `sql` with `arguments` and returns the rows.
  @discardableResult
  public func query(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> [[SQLValue]] {
    let s = try prepare(sql)
    try s.bind(arguments)
    var rows: [[SQLValue]] = []
    while try s.step() { rows.append(s.row()) }
    return rows
  }

  /// The first column of the first row, or `nil`.
  public func scalar(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> SQLValue? {
    let s = try prepare(sql)
    try s.bind(arguments)
    guard try s.step() else { return nil }
    let v = s.column(0)
    s.reset()
    return v
  }

  public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws {
    let s = try prepare(sql)
    try s.bind(arguments)
    do {
      while try s.step() { try body(s.row()) }
    } catch {
      s.reset()
      throw error
    }
  }

  public func run(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) { try prepare(sql).run(arguments) }

  public var changes: Int { Int(sqlite3_changes(handle)) }

  public var writerLockRow: [SQLValue]? {
    get { nil }
    set {}
  }

  public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

  /// Runs `body` in one read transaction: every query in it sees the same snapshot of the database (in WAL
  /// mode, writers carry on meanwhile without being seen).
  /// Inside a transaction already (a read within a write), that transaction's snapshot serves.
  public func readTransaction<T>(_ body: () throws -> T) throws -> T {
    if inTransaction { return try body() }
    return try transaction("BEGIN DEFERRED", body)
  }

  /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
  public func writeTransaction<T>(_ body: () throws -> T) throws -> T { try transaction("BEGIN IMMEDIATE", body) }

  /// In the same process a read costs no round trip: the reads are asked for when the body asks.
  public func writeTransaction<T>(prefetching reads: [SQLRead], _ body: () throws -> T) throws -> T { try writeTransaction(body) }

  public func assume(_ read: SQLRead, answers rows: [[SQLValue]]) {}

  private func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
    try execute(begin)
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }
}
