import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// What moving one task to another version of its workflow does, or why it cannot.
public struct MigrationPlan: Sendable {
  public let taskKey: String
  public let fromRevision: Int
  public let toRevision: Int
  public let fromState: String
  public let toState: String
  public let droppedFields: [String]
  /// Deadlines whose due dates move, with why.
  public let deadlineChanges: [String]
  /// Why the task cannot move (an unmapped state, a field whose type changed); empty when it can.
  public let problems: [String]
  public var isPossible: Bool { problems.isEmpty }
}

extension EventStore {
  /// Plans moving a task to `target` with a state mapping (`old → new`; unmapped states keep their name).
  public func planMigration(key: String, to target: StoredDefinition, stateMap: [String: String], now: Date) throws -> MigrationPlan {
    let task = try requireTask(key: key)
    guard let source = try storedDefinition(hash: task.definitionHash) else { throw StoreError.corrupt("definition of \(key) is missing") }
    guard source.workflow == target.workflow else {
      throw StoreError.input(
        "task \(key) follows workflow '\(source.workflow)', not '\(target.workflow)'",
        vi: "nhiệm vụ \(key) theo quy trình '\(source.workflow)', không phải '\(target.workflow)'")
    }
    var problems: [String] = []
    let toState = stateMap[task.state] ?? task.state
    if target.definition.state(toState) == nil {
      problems.append("state '\(task.state)' does not exist in revision \(target.revision): map it with --map \(task.state)=NEW")
    }
    var dropped: [String] = []
    for (name, value) in task.fields.sorted(by: { $0.key < $1.key }) {
      guard let f = target.definition.field(name) else {
        dropped.append(name)
        continue
      }
      // A document field holds the attached document's name; the document itself moves with the task.
      let fits = value.type == f.type.valueType || (f.type == .document && task.documents[name] != nil && value.type == .string)
      if !fits {
        problems.append("field '\(name)' holds \(value.type.article) but is \(f.type.rawValue) in revision \(target.revision)")
      }
    }
    var changes: [String] = []
    if problems.isEmpty {
      let oldEngine = try engine(hash: source.hash)
      let newEngine = try engine(hash: target.hash)
      var moved = task
      moved.state = toState
      for f in dropped { moved.fields.removeValue(forKey: f) }
      let before = Dictionary(
        DeadlineCalculator(engine: oldEngine).statuses(for: task, now: now).map { ($0.deadline.id, $0) }, uniquingKeysWith: { a, _ in a })
      for after in DeadlineCalculator(engine: newEngine).statuses(for: moved, now: now) {
        let old = before[after.deadline.id]
        guard old?.dueDate != after.dueDate || old?.phase != after.phase else { continue }
        var why: [String] = []
        if let o = old, o.deadline.expressions.map(\.source) != after.deadline.expressions.map(\.source) {
          why.append(
            "rule changed from '\(o.deadline.expressions.map(\.source).joined())' to '\(after.deadline.expressions.map(\.source).joined())'"
          )
        }
        if old == nil { why.append("new deadline") }
        if old?.phase != after.phase { why.append("\(old?.phase.rawValue ?? "none") → \(after.phase.rawValue)") }
        changes.append(
          "\(after.deadline.id): \(old?.dueDate?.description ?? "—") → \(after.dueDate?.description ?? "—")"
            + (why.isEmpty ? "" : " (\(why.joined(separator: "; ")))"))
      }
      for (id, old) in before where !newEngine.definition.deadlines.contains(where: { $0.id == id }) {
        changes.append("\(id): \(old.dueDate?.description ?? "—") → removed (no longer in the workflow)")
      }
    }
    return MigrationPlan(
      taskKey: key, fromRevision: source.revision, toRevision: target.revision, fromState: task.state, toState: toState,
      droppedFields: dropped, deadlineChanges: changes.sorted(), problems: problems)
  }

  /// Moves tasks as planned, all in one transaction: if one cannot move, none does. Each task gets a
  /// `task.migrated` event recording both versions. Only an admin may migrate.
  @discardableResult
  public func migrate(keys: [String], to target: StoredDefinition, stateMap: [String: String], actorName: String) throws -> [MigrationPlan]
  {
    try transaction {
      try requireAdmin(actorName, doing: "migrate tasks to another workflow version", vi: "chuyển nhiệm vụ sang phiên bản quy trình khác")
      let now = now()
      var plans: [MigrationPlan] = []
      for key in keys {
        let plan = try planMigration(key: key, to: target, stateMap: stateMap, now: now)
        guard plan.isPossible else {
          throw Rejection(rule: .invalidValue, taskKey: key, actor: actorName, message: plan.problems.joined(separator: "; "))
        }
        try applyMigration(plan, key: key, to: target, actorName: actorName, now: now)
        plans.append(plan)
      }
      return plans
    }
  }

  private func applyMigration(_ plan: MigrationPlan, key: String, to target: StoredDefinition, actorName: String, now: Date) throws {
    do {
      guard let task = try task(key: key), task.definitionHash != target.hash else { return }
      let event = Event(
        taskKey: key, sequence: task.version + 1,
        payload: .migrated(
          fromDefinition: task.definitionHash, fromState: task.state, toState: plan.toState, droppedFields: plan.droppedFields),
        actor: actorName, effectiveAt: max(now, task.lastEffectiveAt), recordedAt: now, definitionHash: target.hash)
      try append(event)
      let state = try Engine.evolve(task, event)
      try saveProjection(state)
      try recordDeadlines(of: state, engine: try engine(hash: target.hash), now: now)
    }
  }
}
