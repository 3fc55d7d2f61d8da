/// Why a command was refused: the rule, the task, the actor and the values that failed.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
  /// The rule that refused.
  public enum Rule: String, Sendable {
    case unknownTask = "unknown-task"
    case taskExists = "task-exists"
    case unknownTransition = "unknown-transition"
    case wrongState = "wrong-state"
    case roleRequired = "role-required"
    case requiredField = "required-field"
    case commentRequired = "comment-required"
    case guardFailed = "guard"
    case versionConflict = "version-conflict"
    case taskClosed = "task-closed"
    case unknownField = "unknown-field"
    case invalidValue = "invalid-value"
    case effectiveTime = "effective-time"
    case requestReused = "request-id-reused"
    case council = "council"
    case councilQuorum = "council-quorum"
    case conflictOfInterest = "conflict-of-interest"
    /// A value given with a transition that does not declare the field.
    case fieldNotAccepted = "field-not-accepted"
    /// A paper ballot entered without its scanned copy.
    case paperBallot = "paper-ballot"
  }

  public var rule: Rule
  public var taskKey: String
  public var actor: String
  /// Why, in English.
  public var message: String
  /// Why, in Vietnamese with the definition's labels, when the rule has the words for it.
  public var messageVi: String?
  /// The values that were looked at, e.g. `["budget": "600.000.000 VND", "budgetCap": "500.000.000 VND"]`.
  public var values: [(String, String)]
  /// The legal basis of the rule that refused, when the definition names one.
  public var basis: String?

  public init(
    rule: Rule, taskKey: String, actor: String, message: String, messageVi: String? = nil, values: [(String, String)] = [],
    basis: String? = nil
  ) {
    self.rule = rule
    self.taskKey = taskKey
    self.actor = actor
    self.message = message
    self.messageVi = messageVi
    self.values = values
    self.basis = basis
  }

  /// Bad input (exit code 2) rather than a refusal by a rule or permission (exit code 1).
  public var isBadInput: Bool {
    switch rule {
    case .unknownField, .invalidValue, .effectiveTime, .unknownTask: return true
    default: return false
    }
  }

  /// The message in `language` (`vi` falls back to English when the rule has no Vietnamese words).
  public func message(_ language: String) -> String { language == "en" ? message : messageVi ?? message }

  public static func == (a: Rejection, b: Rejection) -> Bool {
    a.rule == b.rule && a.taskKey == b.taskKey && a.actor == b.actor && a.message == b.message && a.messageVi == b.messageVi
      && a.values.map { $0.0 + "=" + $0.1 } == b.values.map { $0.0 + "=" + $0.1 } && a.basis == b.basis
  }

  public var description: String {
    var s = "refused [\(rule.rawValue)] task \(taskKey), actor \(actor): \(message)"
    if !values.isEmpty { s += " (values: " + values.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + ")" }
    if let basis { s += " [basis: \(basis)]" }
    return s
  }
}
