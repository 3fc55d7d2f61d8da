/// Where an expression reads its names from while it runs.
public protocol ReferenceResolver {
  /// The value under `name`, or `.null` when it has none.
  func value(of name: String) -> Value
  var calendar: any BusinessCalendar { get }
}

/// Why a well-typed expression could not produce a value, such as a field that has no value yet.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
  public let column: Int
  public let reference: String?
  public let message: String
  public var description: String { "column \(column): \(message)" }
}

/// Evaluates a checked expression. Pure: reads the resolver, changes nothing.
/// Inlinable, so that a client's ``GuardExpression/evaluate(with:)`` is compiled for its own resolver: its look-ups
/// are direct calls, and the evaluator's type is known when compiled, not looked up by the runtime at every
/// evaluation. The refusals' messages are built out of line.
@usableFromInline struct Evaluator<R: ReferenceResolver> {
  @usableFromInline let resolver: R

  @usableFromInline init(resolver: R) { self.resolver = resolver }

  @inlinable func eval(_ e: borrowing Expr) throws(EvaluationError) -> Value {
    switch e {
    case .literal(let v, _): return v
    case .reference(let name, _): return resolver.value(of: name)
    case .unary(let op, let a, let col):
      let v = try eval(a)
      switch (op, v) {
      case (.not, .bool(let b)): return .bool(!b)
      case (.minus, .integer(let i)):
        let (r, overflow) = Int64(0).subtractingReportingOverflow(i)
        if overflow { throw Self.overflow(.minus, col) }
        return .integer(r)
      case (.minus, .money(let m)):
        let (r, overflow) = Int64(0).subtractingReportingOverflow(m)
        if overflow { throw Self.overflow(.minus, col) }
        return .money(r)
      case (.minus, .period(let p)): return .period(p.negated)
      default: throw missing(a, v, col, op.rawValue)
      }
    case .binary(.and, let a, let b, let col):
      guard case .bool(let x) = try eval(a) else { throw missing(a, .null, col, "&&") }
      if !x { return .bool(false) }
      guard case .bool(let y) = try eval(b) else { throw missing(b, .null, col, "&&") }
      return .bool(y)
    case .binary(.or, let a, let b, let col):
      guard case .bool(let x) = try eval(a) else { throw missing(a, .null, col, "||") }
      if x { return .bool(true) }
      guard case .bool(let y) = try eval(b) else { throw missing(b, .null, col, "||") }
      return .bool(y)
    case .binary(let op, let a, let b, let col):
      let x = try eval(a)
      let y = try eval(b)
      return try binary(op, x, y, a, b, col)
    case .membership(let a, let items, _):
      let x = try eval(a)
      for item in items where Self.equal(x, try eval(item)) { return .bool(true) }
      return .bool(false)
    case .conditional(let c, let x, let y, let col):
      guard case .bool(let cond) = try eval(c) else { throw missing(c, .null, col, "?:") }
      return try eval(cond ? x : y)
    case .call("has", let args, _):
      guard case .reference(let name, _) = args.first else { return .bool(false) }
      return .bool(resolver.value(of: name) != .null)
    case .call(let name, let args, let col):
      let values = try args.map { (arg) throws(EvaluationError) -> Value in try eval(arg) }
      guard values.count == 2, case .date(let d1) = values[0], case .date(let d2) = values[1] else {
        let bad = zip(args, values).first(where: { $0.1 == .null })
        throw missing(bad?.0 ?? copy e, .null, col, name)
      }
      return .integer(Int64(name == "daysBetween" ? d2.dayNumber - d1.dayNumber : d1.months(until: d2)))
    }
  }

  @inline(never) @usableFromInline
  static func overflow(_ op: Operator, _ col: Int) -> EvaluationError {
    EvaluationError(column: col, reference: nil, message: "'\(op)' overflows")
  }

  @inlinable static func equal(_ x: Value, _ y: Value) -> Bool {
    switch (x, y) {
    case (.integer(let a), .money(let b)), (.money(let a), .integer(let b)): return a == b
    case (.ratio(let n, let d), .integer(let q)), (.integer(let q), .ratio(let n, let d)):
      let (qd, overflow) = q.multipliedReportingOverflow(by: d)
      return !overflow && n == qd
    default: return x == y
    }
  }

  @inline(never) @usableFromInline
  func missing(_ operand: Expr, _ v: Value, _ col: Int, _ op: String) -> EvaluationError {
    if case .reference(let name, let rc) = operand {
      return EvaluationError(column: rc, reference: name, message: "'\(name)' has no value, so '\(op)' cannot be computed")
    }
    return EvaluationError(column: col, reference: nil, message: "'\(op)' cannot be applied to \(v)")
  }

  @inlinable func binary(_ op: Operator, _ x: Value, _ y: Value, _ a: Expr, _ b: Expr, _ col: Int) throws(EvaluationError) -> Value {
    switch op {
    case .equal: return .bool(Self.equal(x, y))
    case .notEqual: return .bool(!Self.equal(x, y))
    default: break
    }
    if x == .null { throw missing(a, x, col, op.rawValue) }
    if y == .null { throw missing(b, y, col, op.rawValue) }
    switch (x, y) {
    case (.integer(let p), .integer(let q)), (.money(let p), .money(let q)), (.integer(let p), .money(let q)),
      (.money(let p), .integer(let q)):
      let isMoney = x.type == .money || y.type == .money
      func wrap(_ r: Int64) -> Value { isMoney ? .money(r) : .integer(r) }
      switch op {
      case .less: return .bool(p < q)
      case .lessOrEqual: return .bool(p <= q)
      case .greater: return .bool(p > q)
      case .greaterOrEqual: return .bool(p >= q)
      case .plus, .minus:
        let (r, overflow) = op == .plus ? p.addingReportingOverflow(q) : p.subtractingReportingOverflow(q)
        if overflow { throw Self.overflow(op, col) }
        return wrap(r)
      default: break
      }
    case (.ratio(let n, let d), .integer(let q)), (.integer(let q), .ratio(let n, let d)):
      // Compare n/d with q exactly: n against q·d (d > 0).
      let (qd, overflow) = q.multipliedReportingOverflow(by: d)
      if overflow { throw Self.overflow(op, col) }
      let (l, r) = x.type == .ratio ? (n, qd) : (qd, n)
      switch op {
      case .less: return .bool(l < r)
      case .lessOrEqual: return .bool(l <= r)
      case .greater: return .bool(l > r)
      case .greaterOrEqual: return .bool(l >= r)
      default: break
      }
    case (.date(let p), .date(let q)):
      switch op {
      case .less: return .bool(p < q)
      case .lessOrEqual: return .bool(p <= q)
      case .greater: return .bool(p > q)
      case .greaterOrEqual: return .bool(p >= q)
      case .minus: return .integer(Int64(p.dayNumber - q.dayNumber))
      default: break
      }
    case (.date(let d), .period(let p)):
      return .date((op == .minus ? p.negated : p).added(to: d, calendar: resolver.calendar))
    case (.period(let p), .date(let d)) where op == .plus:
      return .date(p.added(to: d, calendar: resolver.calendar))
    case (.string(let p), .string(let q)) where op == .plus:
      return .string(p + q)
    default: break
    }
    throw Self.inapplicable(op, x, y, col)
  }

  @inline(never) @usableFromInline
  static func inapplicable(_ op: Operator, _ x: Value, _ y: Value, _ col: Int) -> EvaluationError {
    EvaluationError(column: col, reference: nil, message: "'\(op)' cannot be applied to \(x) and \(y)")
  }
}
