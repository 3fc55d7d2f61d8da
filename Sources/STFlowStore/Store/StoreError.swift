/// Why the store could not do what was asked, apart from a rule's refusal (a ``Rejection``).
public enum StoreError: Error, Sendable, CustomStringConvertible {
  /// The input names something that does not exist or is malformed (exit code 2).
  case badInput(String)
  /// Bad input, with the message in Vietnamese too (exit code 2).
  case input(String, vi: String)
  /// Permission for a store-level action, such as adding actors (exit code 1).
  case forbidden(String, vi: String? = nil)
  /// SQLite failed.
  case database(DatabaseError)
  /// Stored data could not be read back (a damaged or foreign database).
  case corrupt(String)

  public var description: String {
    switch self {
    case .badInput(let m), .input(let m, _): return m
    case .forbidden(let m, _): return m
    case .database(let e): return e.description
    case .corrupt(let m): return "stored data is damaged: \(m)"
    }
  }

  /// The message in `language`: Vietnamese where the error has it.
  public func message(_ language: String) -> String {
    switch self {
    case .input(_, let vi) where language != "en": return vi
    case .forbidden(_, let vi?) where language != "en": return vi
    case .corrupt(let m) where language != "en": return "dữ liệu lưu trữ bị hỏng: \(m)"
    default: return description
    }
  }
}
