/// A JSON value that keeps object keys in the order they were written.
///
/// Definitions, events and task projections are read and written through this type rather than
/// `Codable`, so that a definition error can name its exact JSON path and so that stored text is
/// byte-for-byte deterministic (the event hash chain depends on it).
public enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int64)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (lhs: JSON, rhs: JSON) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The member named `key` of an object, or `nil`.
  public subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.first(where: { $0.0 == key })?.1
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var intValue: Int64? {
    switch self {
    case .integer(let i): return i
    case .number(let d) where d.rounded() == d && abs(d) < 9e15: return Int64(d)
    default: return nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var arrayValue: [JSON]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var objectValue: [(String, JSON)]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// A short name of the kind of value, for error messages ("an object", "a string").
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number, .integer: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
