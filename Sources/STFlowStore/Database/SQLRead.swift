/// A query a write transaction may ask for with its lock (see ``SQLDatabase/writeTransaction(prefetching:_:)``).
public struct SQLRead: Sendable, Hashable {
  public let sql: String
  public let arguments: [SQLValue]

  public init(_ sql: String, _ arguments: [SQLValue]) {
    self.sql = sql
    self.arguments = arguments
  }
}
