import Foundation
import STFlowRules

/// Folding events into a task's state: the other half of the engine, beside `decide`.
extension Engine {
  /// An event that cannot be folded: it comes before the task's creation (a damaged log).
  public struct OrphanEvent: Error, Sendable, CustomStringConvertible {
    public let taskKey: String
    public let sequence: Int
    public let kind: String
    public var description: String {
      "task \(taskKey): event v\(sequence) (\(kind)) comes before the task's creation (its first event is missing or unreadable)"
    }
  }

  /// Folds one event into the task state; an event before the creation is an error, never a trap.
  public static func evolve(_ state: TaskState?, _ event: Event) throws(OrphanEvent) -> TaskState {
    var s = state
    evolve(&s, event)
    guard let s else { throw OrphanEvent(taskKey: event.taskKey, sequence: event.sequence, kind: event.payload.kind) }
    return s
  }

  /// Folds one event into the task state in place (no copy when the state is uniquely held). An event
  /// before the creation leaves the state `nil`.
  public static func evolve(_ state: inout TaskState?, _ event: borrowing Event) {
    switch event.payload {
    case .created(let workflow, let initial, let fields):
      state = TaskState(
        key: event.taskKey, workflowId: workflow, definitionHash: event.definitionHash, state: initial, fields: fields,
        version: event.sequence, createdAt: event.effectiveAt, enteredAt: event.effectiveAt,
        lastEffectiveAt: event.effectiveAt)
      return
    case .imported(let workflow, let initial, let fields, let past):
      var s = TaskState(
        key: event.taskKey, workflowId: workflow, definitionHash: event.definitionHash, state: initial, fields: fields,
        version: event.sequence, createdAt: event.effectiveAt, enteredAt: event.effectiveAt,
        lastEffectiveAt: event.effectiveAt, trackedSince: past.trackedSince == .distantPast ? nil : past.trackedSince,
        importedCounts: past.firings.mapValues(\.count))
      s.firings = past.firings.filter { $0.value.count > 0 }
      state = s
      return
    default: break
    }
    // Take the state out so it is uniquely referenced while it changes, then put it back.
    guard var s = state.take() else { return }
    switch event.payload {
    case .created, .imported: break
    case .fired(let transition, _, let to, let fields, _, _):
      if !fields.isEmpty { apply(fields, to: &s) }
      // One look-up, and no closure for a default value (which would be allocated at every event).
      let at = event.effectiveAt
      if let i = s.firings.index(forKey: transition) {
        s.firings.values[i].record(at)
      } else {
        s.firings[transition] = Firing(count: 1, last: at)
      }
      if to != s.state {
        s.timeIn[s.state, default: 0] += event.effectiveAt.timeIntervalSince(s.enteredAt)
        s.state = to
        s.enteredAt = event.effectiveAt
        s.entered[to] = event.effectiveAt
      }
    case .fieldsSet(let fields, _):
      apply(fields, to: &s)
    case .documentAttached(let field, let document):
      s.documents[field] = document
      s.fields[field] = .string(document.name)
    case .councilOpened(let session):
      s.councils[session.council] = session
    case .councilAttended(let council, let members):
      for m in members where s.councils[council]?.present.contains(m) == false { s.councils[council]?.present.append(m) }
    case .councilBallot(let council, let ballot):
      s.councils[council]?.ballots.append(ballot)
    case .notice(_, _, _, _, _, _, let fields):
      if !fields.isEmpty { apply(fields, to: &s) }
    case .migrated(_, _, let toState, let dropped):
      s.definitionHash = event.definitionHash
      for f in dropped { s.fields.removeValue(forKey: f) }
      if toState != s.state {
        s.timeIn[s.state, default: 0] += event.effectiveAt.timeIntervalSince(s.enteredAt)
        s.state = toState
        s.enteredAt = event.effectiveAt
        s.entered[toState] = event.effectiveAt
      }
    case .councilClosed(let council, let outcome, let score, let reasoning):
      s.councils[council]?.closedAt = event.effectiveAt
      s.councils[council]?.outcome = outcome
      s.councils[council]?.score = score
      s.councils[council]?.reasoning = reasoning
    }
    s.version = event.sequence
    s.lastEffectiveAt = max(s.lastEffectiveAt, event.effectiveAt)
    if case .notice = event.payload {} else { s.lastActedAt = max(s.lastActedAt, event.effectiveAt) }
    state = s
  }

  static func apply(_ fields: [String: Value], to state: inout TaskState) {
    for (name, value) in fields {
      if value == .null { state.fields.removeValue(forKey: name) } else { state.fields[name] = value }
    }
  }
}
