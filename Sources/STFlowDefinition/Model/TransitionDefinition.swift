import STFlowRules

/// A named step a task can take: from one or several states to another, or an in-state action
/// (no `to`) such as a progress report. Immutable and shared, so a class: the engine passes it by reference.
public final class TransitionDefinition: Sendable, Equatable {
  public static func == (a: TransitionDefinition, b: TransitionDefinition) -> Bool {
    a.id == b.id && a.from == b.from && a.to == b.to && a.by == b.by && a.requires == b.requires
      && a.guardExpression == b.guardExpression && a.rules.map(\.id) == b.rules.map(\.id) && a.isAutomatic == b.isAutomatic
      && a.requiresComment == b.requiresComment
      && a.label == b.label && a.basis == b.basis && a.assignments.map(\.field) == b.assignments.map(\.field)
      && a.assignments.map(\.expression) == b.assignments.map(\.expression)
  }

  public let id: String
  public let from: [String]
  /// The target state; `nil` for an in-state action.
  public let to: String?
  /// Roles allowed to fire it.
  public let by: [String]
  /// Fields that must have a value (after the values given with the command are applied).
  public let requires: [String]
  /// Further fields a person may give with the transition (besides `requires` and the targets of `set`).
  public let accepts: [String]
  /// Every field a person may give with the transition: `requires`, `accepts` and the targets of `set`.
  public let givenFields: NameTable
  /// The guard: must be true (after the given values are applied) for the transition to fire.
  public let guardExpression: GuardExpression?
  /// Named conditions checked after the guard, in order; each refuses with its own message.
  public let rules: [GuardRule]
  /// Values the transition assigns once its guard holds, e.g. `contractEnd` ← `newContractEnd`,
  /// in definition order. Each is recorded in the event, so replaying events never re-evaluates.
  public let assignments: [(field: String, expression: GuardExpression)]
  /// Fired by the engine as soon as the task is in `from` and the guard is true.
  public let isAutomatic: Bool
  /// A comment must be given (e.g. the reason for a termination).
  public let requiresComment: Bool
  public let label: LocalizedText?
  /// What the period report counts this transition as (`contracted`, `inspection`, `acceptance` …).
  public let reportCategory: ReportCategory?
  /// The legal basis of the rule, e.g. "Thông tư 04/2015/TT-BKHCN".
  public let basis: String?

  public init(
    id: String, from: [String], to: String?, by: [String], requires: [String] = [], accepts: [String] = [],
    guardExpression: GuardExpression? = nil, rules: [GuardRule] = [], assignments: [(field: String, expression: GuardExpression)] = [],
    isAutomatic: Bool = false,
    requiresComment: Bool = false,
    label: LocalizedText? = nil, basis: String? = nil, reportCategory: ReportCategory? = nil
  ) {
    self.reportCategory = reportCategory
    self.id = id
    self.from = from
    self.to = to
    self.by = by
    self.requires = requires
    self.accepts = accepts
    var given: [String] = []
    for name in requires + accepts + assignments.map(\.field) where !given.contains(name) { given.append(name) }
    self.givenFields = NameTable(given)
    self.guardExpression = guardExpression
    self.rules = rules
    self.assignments = assignments
    self.isAutomatic = isAutomatic
    self.requiresComment = requiresComment
    self.label = label
    self.basis = basis
  }
}
