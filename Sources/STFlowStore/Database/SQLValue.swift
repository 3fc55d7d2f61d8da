/// A value bound to a statement or read from a row, in either backend.
public enum SQLValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  public var blob: [UInt8]? {
    if case .blob(let b) = self { return b }
    return nil
  }

  public var text: String? {
    if case .text(let s) = self { return s }
    return nil
  }

  public var integer: Int64? {
    if case .integer(let i) = self { return i }
    return nil
  }
}
