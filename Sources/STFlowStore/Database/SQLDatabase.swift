/// One connection to the store's database: SQLite (``SQLiteConnection``, the embedded default) or PostgreSQL
/// (``PostgresConnection``). Statements use `?` placeholders in both; each connection prepares a statement
/// once and reuses it.
///
/// A connection is used by one thread at a time (the CLI's main thread, or the serial queue or server thread
/// that owns it).
public protocol SQLDatabase: AnyObject, Sendable {
  /// What the database is, for messages: a file's path, or a server's URL without its password.
  var path: String { get }
  var dialect: SQLDialect { get }

  /// Runs one or more statements without arguments that return no rows.
  func execute(_ sql: String) throws(DatabaseError)
  /// Runs `sql` with `arguments` and returns the rows.
  @discardableResult func query(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> [[SQLValue]]
  /// The first column of the first row, or `nil`.
  func scalar(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> SQLValue?
  /// Runs `sql` with `arguments`, handing each row to `body` as it is read.
  func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws
  /// Runs `sql` with `arguments` and returns nothing.
  func run(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError)
  /// The number of rows the last statement changed.
  var changes: Int { get }

  /// Runs `body` in one read transaction: every query in it sees the same snapshot. Inside a transaction
  /// already, that transaction serves.
  func readTransaction<T>(_ body: () throws -> T) throws -> T
  /// Runs `body` in one write transaction, exclusive among writers: committed if it returns, rolled back if
  /// it throws.
  func writeTransaction<T>(_ body: () throws -> T) throws -> T
  /// As ``writeTransaction(_:)``, with `reads` answered together with the transaction's beginning (PostgreSQL:
  /// in the same round trip as BEGIN and the lock): until the body writes, a query identical to one of them is
  /// given that answer, once, instead of asking the server again. SQLite, in the same process, just asks.
  ///
  /// PostgreSQL may not ask at all: when nothing has been written since this connection's last transaction of this
  /// kind committed, it answers each read as that transaction left it (what it read, and what the caller said with
  /// ``assume(_:answers:)``) and sends the beginning, the lock with a check that the lock's row is still the one it
  /// left (see `PostgresConnection.writerStamp`), the body's writes and the commit in one round trip. When the check
  /// fails, that attempt is rolled back and the body runs again, asking: so the body must change nothing but the
  /// database until the transaction has committed.
  func writeTransaction<T>(prefetching reads: [SQLRead], _ body: () throws -> T) throws -> T
  /// After a ``writeTransaction(prefetching:_:)`` committed: `read` would now answer `rows` (something the
  /// transaction wrote, which the connection cannot work out itself). SQLite, which always asks, ignores it.
  func assume(_ read: SQLRead, answers rows: [[SQLValue]])
  /// The row the write transaction's lock read when it began (PostgreSQL: the chain's head, `seq, hash`), as the
  /// transaction has since set it (each append moves it on), so the head is never read twice; `nil` outside a
  /// write transaction, and in SQLite, where reading the head costs no round trip.
  var writerLockRow: [SQLValue]? { get set }
  /// Whether a transaction is open on this connection.
  var inTransaction: Bool { get }
}

extension SQLDatabase {
  @discardableResult public func query(_ sql: String) throws(DatabaseError) -> [[SQLValue]] { try query(sql, []) }
  public func scalar(_ sql: String) throws(DatabaseError) -> SQLValue? { try scalar(sql, []) }
  public func query(_ read: SQLRead) throws(DatabaseError) -> [[SQLValue]] { try query(read.sql, read.arguments) }

  /// Runs `body` in a savepoint of the open write transaction. If it throws (or its writes fail when they are
  /// answered), everything it did is rolled back alone — its rows, and its moves of ``writerLockRow`` — the
  /// transaction carries on, and its error is the result. Throws only when the savepoint itself cannot be taken
  /// or rolled back: then the transaction has failed.
  public func savepoint<T>(_ body: () throws -> T) throws -> Result<T, any Error> {
    let lockRow = writerLockRow
    try execute("SAVEPOINT stflow")
    do {
      let result = try body()
      try execute("RELEASE stflow")
      return .success(result)
    } catch {
      try execute("ROLLBACK TO stflow; RELEASE stflow")
      writerLockRow = lockRow
      return .failure(error)
    }
  }
}
