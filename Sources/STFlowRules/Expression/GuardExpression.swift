/// A parsed guard expression, such as `budget <= budgetCap && contractEnd > contractStart`.
///
/// Parse once with ``init(parsing:)``, check against a schema with ``typeCheck(schema:)`` when the
/// definition is validated, then ``evaluate(with:)`` as often as needed; evaluation has no side effects.
/// Immutable, so a class: the engine holds and passes it with one retain.
public final class GuardExpression: Sendable, Equatable, CustomStringConvertible {
  public static func == (a: GuardExpression, b: GuardExpression) -> Bool { a === b || (a.source == b.source && a.root == b.root) }

  public let source: String
  public let root: Expr

  /// The names this expression reads, in order of first appearance (computed once).
  public let references: [String]

  public convenience init(parsing source: String) throws(ExpressionError) {
    self.init(source: source, root: try Parser.parse(source))
  }

  /// An expression already parsed (or built, as ``placeholder`` is).
  init(source: String, root: Expr) {
    self.source = source
    self.root = root
    self.references = root.references
  }

  /// The type the expression computes, or the first type error with its column.
  public func typeCheck(schema: [String: ReferenceInfo]) throws(ExpressionError) -> ValueType {
    try TypeChecker(schema: schema).check(root)
  }

  @inlinable public func evaluate(with resolver: some ReferenceResolver) throws(EvaluationError) -> Value {
    try Evaluator(resolver: resolver).eval(root)
  }

  public var description: String { source }
}

extension GuardExpression {
  /// `true`, for places that need an expression when the written one could not be read (the
  /// definition is then invalid anyway).
  public static let placeholder = GuardExpression(source: "true", root: .literal(.bool(true), column: 1))
}

extension GuardExpression {
  /// When the expression is `BASE + DURATION` or `BASE - DURATION`, its base and the signed duration,
  /// so a deadline can explain itself ("15 working days after dossierReceivedAt").
  public var offsetForm: (base: Expr, period: Period)? {
    switch root {
    case .binary(.plus, let base, .literal(.period(let p), _), _): return (base, p)
    case .binary(.minus, let base, .literal(.period(let p), _), _): return (base, p.negated)
    default: return nil
    }
  }

  /// Evaluates one node of this expression (such as the base of ``offsetForm``).
  public func evaluate(node: Expr, with resolver: some ReferenceResolver) throws(EvaluationError) -> Value {
    try Evaluator(resolver: resolver).eval(node)
  }
}
