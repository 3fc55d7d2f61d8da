/// A typed value: what a task field holds and what a guard expression computes.
public enum Value: Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  case integer(Int64)
  /// An amount in Vietnamese đồng (VND), whole units.
  case money(Int64)
  case string(String)
  case date(LocalDate)
  case period(Period)
  case list([Value])
  /// An exact fraction (numerator, positive denominator), such as a council's mean score 592/7: compared
  /// with integers exactly, never rounded unless a rule says so.
  case ratio(Int64, Int64)

  public var type: ValueType {
    switch self {
    case .null: return .null
    case .bool: return .bool
    case .integer: return .integer
    case .money: return .money
    case .string: return .string
    case .date: return .date
    case .period: return .period
    case .list: return .list
    case .ratio: return .ratio
    }
  }

  /// How a value is shown in a message: strings quoted, money with thousands separated by dots.
  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .integer(let i): return String(i)
    case .money(let m): return Value.groupThousands(m) + " VND"
    case .string(let s): return "\"\(s)\""
    case .date(let d): return d.description
    case .period(let p): return p.description
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .ratio(let n, let d): return d == 1 ? String(n) : "\(n)/\(d) (\(Value.decimalText(n, d)))"
    }
  }

  /// The value as a person types it on the command line (no quotes).
  public var plainText: String {
    switch self {
    case .string(let s): return s
    case .money(let m): return String(m)
    default: return description
    }
  }

  /// `n/d` with up to four decimals, trailing zeros dropped (84.5714, 85, 70.5).
  public static func decimalText(_ n: Int64, _ d: Int64) -> String {
    guard d != 0 else { return "?" }
    var s = String(format: "%.4f", Double(n) / Double(d))
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }

  public static func groupThousands(_ n: Int64) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out += "." }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }
}

/// The type of a ``Value`` or of an expression.
public enum ValueType: String, Sendable, Hashable {
  case null, bool, integer, money, string, date, period, list, document, ratio

  var isNumeric: Bool { self == .integer || self == .money || self == .ratio }

  public var article: String {
    switch self {
    case .integer: return "an integer"
    case .null: return "null"
    default: return "a \(self.rawValue)"
    }
  }
}
