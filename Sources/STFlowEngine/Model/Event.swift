import Foundation
import STFlowRules

/// What happened to a task. Events are the truth; ``TaskState`` is folded from them.
public enum EventPayload: Sendable, Equatable {
  case created(workflow: String, state: String, fields: [String: Value])
  /// An existing task brought in at the state it had reached.
  case imported(workflow: String, state: String, fields: [String: Value], past: ImportedPast)
  /// A transition fired: the state changed (or stayed, for an in-state action), values were set.
  case fired(transition: String, from: String, to: String, fields: [String: Value], comment: String?, automatic: Bool)
  /// Fields changed outside a transition; `.null` clears a field.
  case fieldsSet(fields: [String: Value], comment: String?)
  case documentAttached(field: String, document: DocumentRef)
  case councilOpened(session: CouncilSession)
  case councilAttended(council: String, members: [String])
  case councilBallot(council: String, ballot: CouncilBallot)
  case councilClosed(council: String, outcome: String, score: Int?, reasoning: [String])
  /// The task moved to another version of its workflow (the event carries the new version's hash).
  case migrated(fromDefinition: String, fromState: String, toState: String, droppedFields: [String])
  /// A deadline notice became due: a reminder, the due date passing (with any consequence's field
  /// values), or a step of the overdue ladder. `timer` is the idempotency key.
  case notice(
    kind: PlannedTimer.Kind, deadline: String, occurrence: Int, dueDate: LocalDate, step: Int, timer: String, fields: [String: Value])

  /// The kind as stored, e.g. `transition.fired`.
  public var kind: String {
    switch self {
    case .created: return "task.created"
    case .imported: return "task.imported"
    case .fired: return "transition.fired"
    case .fieldsSet: return "fields.set"
    case .documentAttached: return "document.attached"
    case .councilOpened: return "council.opened"
    case .councilAttended: return "council.attended"
    case .councilBallot: return "council.ballot"
    case .councilClosed: return "council.closed"
    case .migrated: return "task.migrated"
    case .notice(let kind, _, _, _, _, _, _): return "deadline.\(kind.rawValue)"
    }
  }
}

/// One recorded event with its business time, wall-clock time, actor and definition version.
public struct Event: Sendable, Equatable {
  public var taskKey: String
  /// The task's version after this event (1 for the creation).
  public var sequence: Int
  public var payload: EventPayload
  public var actor: String
  /// When it happened in business terms; a clerk may enter it after the fact (`--at`).
  public var effectiveAt: Date
  /// When it was written: the wall clock, never overridable.
  public var recordedAt: Date
  public var definitionHash: String
  public var requestId: String?

  public init(
    taskKey: String, sequence: Int, payload: EventPayload, actor: String, effectiveAt: Date, recordedAt: Date,
    definitionHash: String, requestId: String? = nil
  ) {
    self.taskKey = taskKey
    self.sequence = sequence
    self.payload = payload
    self.actor = actor
    self.effectiveAt = effectiveAt
    self.recordedAt = recordedAt
    self.definitionHash = definitionHash
    self.requestId = requestId
  }
}
