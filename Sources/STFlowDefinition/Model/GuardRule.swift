import STFlowRules

/// One named condition of a transition, refused with its own message, its legal basis and the
/// numbers it names (e.g. "an extension must be requested at least 30 days before the contract end",
/// daysBeforeEnd = 12).
public struct GuardRule: Sendable {
  public let id: String
  public let condition: GuardExpression
  public let message: String?
  public let basis: String?
  /// Values shown with a refusal, each computed by an expression.
  public let values: [(name: String, expression: GuardExpression)]

  public init(
    id: String, condition: GuardExpression, message: String?, basis: String?, values: [(name: String, expression: GuardExpression)]
  ) {
    self.id = id
    self.condition = condition
    self.message = message
    self.basis = basis
    self.values = values
  }
}
