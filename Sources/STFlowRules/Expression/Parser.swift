/// Recursive-descent parser for guard expressions.
///
/// Precedence, loosest first: `? :`, `||`, `&&`, comparisons and `in`, `+ -`, unary `! -`.
struct Parser {
  private let tokens: [Token]
  private var position = 0

  init(tokens: [Token]) { self.tokens = tokens }

  static func parse(_ source: String) throws(ExpressionError) -> Expr {
    var parser = Parser(tokens: try Lexer.tokenize(source))
    let expr = try parser.conditional()
    let next = parser.peek
    guard next.kind == .end else {
      throw ExpressionError(column: next.column, message: "unexpected \(describe(next)) after the end of the expression")
    }
    return expr
  }

  private var peek: Token { tokens[position] }

  private mutating func advance() -> Token {
    let t = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return t
  }

  private mutating func accept(_ symbol: String) -> Token? {
    if case .symbol(let s) = peek.kind, s == symbol { return advance() }
    return nil
  }

  private mutating func expect(_ symbol: String) throws(ExpressionError) {
    guard accept(symbol) != nil else {
      throw ExpressionError(column: peek.column, message: "expected '\(symbol)' but found \(Parser.describe(peek))")
    }
  }

  static func describe(_ token: Token) -> String {
    switch token.kind {
    case .end: return "the end of the expression"
    case .symbol(let s): return "'\(s)'"
    case .identifier(let s): return "'\(s)'"
    case .string(let s): return "\"\(s)\""
    case .integer(let n): return "\(n)"
    case .money(let n): return "\(n)vnd"
    case .period(let p): return "\(p)"
    case .date(let d): return "\(d)"
    }
  }

  private mutating func conditional() throws(ExpressionError) -> Expr {
    let cond = try or()
    if let q = accept("?") {
      let a = try conditional()
      try expect(":")
      let b = try conditional()
      return .conditional(cond, a, b, column: q.column)
    }
    return cond
  }

  private mutating func or() throws(ExpressionError) -> Expr {
    var lhs = try and()
    while let op = accept("||") { lhs = .binary(.or, lhs, try and(), column: op.column) }
    return lhs
  }

  private mutating func and() throws(ExpressionError) -> Expr {
    var lhs = try comparison()
    while let op = accept("&&") { lhs = .binary(.and, lhs, try comparison(), column: op.column) }
    return lhs
  }

  private mutating func comparison() throws(ExpressionError) -> Expr {
    let lhs = try additive()
    for op in [Operator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater] {
      if let t = accept(op.rawValue) { return .binary(op, lhs, try additive(), column: t.column) }
    }
    if case .identifier("in") = peek.kind {
      let t = advance()
      try expect("[")
      var items: [Expr] = []
      if accept("]") == nil {
        repeat { items.append(try additive()) } while accept(",") != nil
        try expect("]")
      }
      return .membership(lhs, items, column: t.column)
    }
    return lhs
  }

  private mutating func additive() throws(ExpressionError) -> Expr {
    var lhs = try unary()
    while true {
      if let t = accept("+") {
        lhs = .binary(.plus, lhs, try unary(), column: t.column)
      } else if let t = accept("-") {
        lhs = .binary(.minus, lhs, try unary(), column: t.column)
      } else {
        return lhs
      }
    }
  }

  private mutating func unary() throws(ExpressionError) -> Expr {
    if let t = accept("!") { return .unary(.not, try unary(), column: t.column) }
    if let t = accept("-") { return .unary(.minus, try unary(), column: t.column) }
    return try primary()
  }

  private mutating func primary() throws(ExpressionError) -> Expr {
    let t = advance()
    switch t.kind {
    case .integer(let n): return .literal(.integer(n), column: t.column)
    case .money(let n): return .literal(.money(n), column: t.column)
    case .period(let p): return .literal(.period(p), column: t.column)
    case .date(let d): return .literal(.date(d), column: t.column)
    case .string(let s): return .literal(.string(s), column: t.column)
    case .identifier("true"): return .literal(.bool(true), column: t.column)
    case .identifier("false"): return .literal(.bool(false), column: t.column)
    case .identifier("null"): return .literal(.null, column: t.column)
    case .identifier(let name):
      if accept("(") != nil {
        var args: [Expr] = []
        if accept(")") == nil {
          repeat { args.append(try conditional()) } while accept(",") != nil
          try expect(")")
        }
        return .call(name, args, column: t.column)
      }
      return .reference(name, column: t.column)
    case .symbol("("):
      let e = try conditional()
      try expect(")")
      return e
    default:
      throw ExpressionError(column: t.column, message: "expected a value but found \(Parser.describe(t))")
    }
  }
}
