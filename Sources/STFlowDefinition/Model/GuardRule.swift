import STFlowRules

/// One named condition of a transition, refused with its own message, its legal basis and the
/// numbers it names (e.g. "an extension must be requested at least 30 days before the contract end",
/// daysBeforeEnd = 12).
public struct GuardRule: Sendable {
  /// A number shown with a refusal: computed by an expression, read by its label.
  public struct Shown: Sendable {
    public let name: String
    public let expression: GuardExpression
    public let label: LocalizedText?

    public init(name: String, expression: GuardExpression, label: LocalizedText? = nil) {
      self.name = name
      self.expression = expression
      self.label = label
    }
  }

  public let id: String
  public let condition: GuardExpression
  /// Why the rule refuses, in Vietnamese and English.
  public let message: LocalizedText?
  public let basis: String?
  /// Values shown with a refusal, each computed by an expression.
  public let values: [Shown]

  public init(id: String, condition: GuardExpression, message: LocalizedText?, basis: String?, values: [Shown]) {
    self.id = id
    self.condition = condition
    self.message = message
    self.basis = basis
    self.values = values
  }
}
