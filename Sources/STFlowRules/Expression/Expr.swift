/// The syntax tree of a guard expression. Every node keeps the column it starts at.
public indirect enum Expr: Sendable, Equatable {
  case literal(Value, column: Int)
  /// A reference such as `budget`, `at` or `count.extend`.
  case reference(String, column: Int)
  case unary(Operator, Expr, column: Int)
  case binary(Operator, Expr, Expr, column: Int)
  case membership(Expr, [Expr], column: Int)
  case conditional(Expr, Expr, Expr, column: Int)
  case call(String, [Expr], column: Int)

  public var column: Int {
    switch self {
    case .literal(_, let c), .reference(_, let c), .unary(_, _, let c), .binary(_, _, _, let c),
      .membership(_, _, let c), .conditional(_, _, _, let c), .call(_, _, let c):
      return c
    }
  }

  /// Every reference the expression reads, in order of appearance (for explaining a refusal).
  public var references: [String] {
    var out: [String] = []
    func walk(_ e: Expr) {
      switch e {
      case .literal: break
      case .reference(let name, _): if !out.contains(name) { out.append(name) }
      case .unary(_, let a, _): walk(a)
      case .binary(_, let a, let b, _):
        walk(a)
        walk(b)
      case .membership(let a, let list, _):
        walk(a)
        list.forEach(walk)
      case .conditional(let a, let b, let c, _):
        walk(a)
        walk(b)
        walk(c)
      case .call(_, let args, _): args.forEach(walk)
      }
    }
    walk(self)
    return out
  }
}

/// The operators of the guard language.
public enum Operator: String, Sendable, CustomStringConvertible {
  case and = "&&"
  case or = "||"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case plus = "+"
  case minus = "-"
  case not = "!"

  public var description: String { rawValue }
}
