/// Why the store could not do what was asked, apart from a rule's refusal (a ``Rejection``).
public enum StoreError: Error, Sendable, CustomStringConvertible {
  /// The input names something that does not exist or is malformed (exit code 2).
  case badInput(String)
  /// Permission for a store-level action, such as adding actors (exit code 1).
  case forbidden(String)
  /// SQLite failed.
  case database(SQLiteError)
  /// Stored data could not be read back (a damaged or foreign database).
  case corrupt(String)

  public var description: String {
    switch self {
    case .badInput(let m): return m
    case .forbidden(let m): return m
    case .database(let e): return e.description
    case .corrupt(let m): return "stored data is damaged: \(m)"
    }
  }
}
