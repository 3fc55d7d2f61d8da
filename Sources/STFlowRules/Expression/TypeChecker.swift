/// What a guard may read under a name: its type and, for enumerations, the allowed values.
public struct ReferenceInfo: Sendable, Equatable {
  public var type: ValueType
  public var enumValues: [String]?

  public init(type: ValueType, enumValues: [String]? = nil) {
    self.type = type
    self.enumValues = enumValues
  }
}

/// Checks an expression against the names it may read, before it ever runs.
struct TypeChecker {
  let schema: [String: ReferenceInfo]

  func check(_ e: Expr) throws(ExpressionError) -> ValueType {
    switch e {
    case .literal(let v, _): return v.type
    case .reference(let name, let col):
      guard let info = schema[name] else {
        let known = schema.keys.sorted().filter { !$0.contains(".") }.prefix(12).joined(separator: ", ")
        throw ExpressionError(column: col, message: "unknown field '\(name)' (known: \(known))")
      }
      return info.type
    case .unary(let op, let a, let col):
      let t = try check(a)
      if op == .not {
        guard t == .bool else { throw ExpressionError(column: col, message: "'!' needs a boolean, not \(t.article)") }
        return .bool
      }
      guard t.isNumeric || t == .period else {
        throw ExpressionError(column: col, message: "'-' needs a number, money or duration, not \(t.article)")
      }
      return t
    case .binary(let op, let a, let b, let col):
      let ta = try check(a)
      let tb = try check(b)
      return try binaryType(op, ta, tb, a, b, col)
    case .membership(let a, let items, let col):
      let ta = try check(a)
      for item in items {
        let ti = try check(item)
        guard Self.comparable(ta, ti) else {
          throw ExpressionError(column: item.column, message: "list item is \(ti.article) but the left side is \(ta.article)")
        }
        try checkEnum(a, item)
      }
      _ = col
      return .bool
    case .conditional(let c, let x, let y, let col):
      guard try check(c) == .bool else {
        throw ExpressionError(column: c.column, message: "the condition before '?' must be a boolean")
      }
      let tx = try check(x)
      let ty = try check(y)
      if tx == ty || ty == .null { return tx }
      if tx == .null { return ty }
      if tx.isNumeric && ty.isNumeric { return .money }
      throw ExpressionError(column: col, message: "the two branches of '?:' differ: \(tx.article) and \(ty.article)")
    case .call(let name, let args, let col):
      switch name {
      case "has":
        guard args.count == 1, case .reference(let ref, let rc) = args[0] else {
          throw ExpressionError(column: col, message: "has() takes one field name, e.g. has(contractNo)")
        }
        guard schema[ref] != nil else { throw ExpressionError(column: rc, message: "unknown field '\(ref)'") }
        return .bool
      case "daysBetween", "monthsBetween":
        guard args.count == 2 else { throw ExpressionError(column: col, message: "\(name)() takes two dates") }
        for arg in args {
          let t = try check(arg)
          guard t == .date else {
            throw ExpressionError(column: arg.column, message: "\(name)() takes dates, not \(t.article)")
          }
        }
        return .integer
      default:
        throw ExpressionError(column: col, message: "unknown function '\(name)' (known: has, daysBetween, monthsBetween)")
      }
    }
  }

  static func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
    a == b || a == .null || b == .null || (a.isNumeric && b.isNumeric)
  }

  private func checkEnum(_ a: Expr, _ b: Expr) throws(ExpressionError) {
    for (ref, lit) in [(a, b), (b, a)] {
      if case .reference(let name, _) = ref, let values = schema[name]?.enumValues,
        case .literal(.string(let s), let col) = lit, !values.contains(s)
      {
        throw ExpressionError(
          column: col, message: "\"\(s)\" is not a value of '\(name)' (allowed: \(values.joined(separator: ", ")))")
      }
    }
  }

  private func binaryType(
    _ op: Operator, _ ta: ValueType, _ tb: ValueType, _ a: Expr, _ b: Expr, _ col: Int
  ) throws(ExpressionError) -> ValueType {
    func fail(_ what: String) -> ExpressionError {
      ExpressionError(column: col, message: "'\(op)' \(what): \(ta.article) and \(tb.article)")
    }
    switch op {
    case .and, .or:
      guard ta == .bool, tb == .bool else { throw fail("needs two booleans") }
      return .bool
    case .equal, .notEqual:
      guard Self.comparable(ta, tb), ta != .document || tb == .null, tb != .document || ta == .null else {
        throw fail("compares values of different types")
      }
      try checkEnum(a, b)
      return .bool
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard (ta.isNumeric && tb.isNumeric) || (ta == .date && tb == .date) else {
        throw fail("compares only two numbers or two dates, not")
      }
      return .bool
    case .plus:
      if ta == .integer && tb == .integer { return .integer }
      if ta.isNumeric && tb.isNumeric { return .money }
      if (ta == .date && tb == .period) || (ta == .period && tb == .date) { return .date }
      if ta == .string && tb == .string { return .string }
      throw fail("cannot add")
    case .minus:
      if ta == .integer && tb == .integer { return .integer }
      if ta.isNumeric && tb.isNumeric { return .money }
      if ta == .date && tb == .period { return .date }
      if ta == .date && tb == .date { return .integer }
      throw fail("cannot subtract")
    case .not:
      throw ExpressionError(column: col, message: "'!' takes one operand")
    }
  }
}
