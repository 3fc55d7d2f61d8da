import Foundation
import STFlowDefinition
import STFlowRules

/// The pure state machine of one definition version: ``decide(_:on:context:)`` turns a command into
/// events or a ``Rejection``; ``evolve(_:_:)`` folds an event into the task state. No I/O, no clock.
public struct Engine: Sendable {
  public let definition: WorkflowDefinition
  /// The content hash of `definition`, stamped on every event.
  public let definitionHash: String
  public let calendar: any BusinessCalendar

  /// The most automatic transitions one command may trigger in a row (a guard against cycles).
  public static let automaticStepLimit = 32

  public init(definition: WorkflowDefinition, definitionHash: String, calendar: any BusinessCalendar = WeekdayCalendar()) {
    self.definition = definition
    self.definitionHash = definitionHash
    self.calendar = calendar
  }

  /// The events a command produces on `task` (`nil` only for `create`), or why it is refused.
  public func decide(_ command: Command, on task: TaskState?, context: CommandContext) throws(Rejection) -> [Event] {
    var events: [Event] = []
    var current = task
    func emit(_ payload: EventPayload, actor: String) {
      let key = current?.key ?? { if case .create(let k, _) = command { return k } else { return "" } }()
      let e = Event(
        taskKey: key, sequence: (current?.version ?? 0) + 1, payload: payload, actor: actor,
        effectiveAt: context.effectiveAt, recordedAt: context.recordedAt, definitionHash: definitionHash,
        requestId: context.requestId)
      events.append(e)
      current = Engine.evolve(current, e)
    }

    switch command {
    case .create(let key, let fields):
      let check = Checker(engine: self, task: nil, key: key, context: context)
      if let task { throw check.refuse(.taskExists, "task '\(key)' already exists (workflow \(task.workflowId), state \(task.state))") }
      try check.hasRole(definition.createBy, doing: "create a task of workflow '\(definition.id)'")
      try check.values(fields)
      let missing = definition.fields.filter { $0.required && (fields[$0.name] ?? .null) == .null }.map(\.name)
      if !missing.isEmpty {
        throw check.refuse(.requiredField, "required field\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", "))")
      }
      emit(.created(workflow: definition.id, state: definition.initial, fields: fields.filter { $0.value != .null }), actor: context.actor.name)

    case .fire(let id, let fields, let comment):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      guard let t = definition.transition(id) else {
        throw check.refuse(.unknownTransition, "workflow '\(definition.id)' has no transition '\(id)'; from state '\(task.state)' you can fire: \(availableNames(from: task.state))")
      }
      guard t.from.contains(task.state) || t.from.contains("*") else {
        throw check.refuse(.wrongState, "transition '\(id)' fires only from \(t.from.joined(separator: ", ")); the task is in '\(task.state)'. From here you can fire: \(availableNames(from: task.state))", basis: t.basis)
      }
      if t.isAutomatic && t.by.isEmpty {
        throw check.refuse(.roleRequired, "transition '\(id)' is automatic: the engine fires it when its guard becomes true")
      }
      try check.hasRole(t.by, doing: "fire '\(id)'", basis: t.basis)
      try check.values(fields)
      if t.requiresComment && (comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
        throw check.refuse(.commentRequired, "transition '\(id)' needs a comment (--comment) giving the reason", basis: t.basis)
      }
      var merged = task
      Engine.apply(fields, to: &merged)
      let missing = t.requires.filter { (merged.fields[$0] ?? .null) == .null }
      if !missing.isEmpty {
        throw check.refuse(.requiredField, "transition '\(id)' requires \(missing.joined(separator: ", ")), which \(missing.count > 1 ? "have" : "has") no value", basis: t.basis)
      }
      if let g = t.guardExpression {
        try check.guardHolds(g, on: merged, what: "transition '\(id)'", basis: t.basis)
      }
      let assigned = try check.assignments(of: t, on: merged)
      emit(.fired(transition: id, from: task.state, to: t.to ?? task.state, fields: fields.merging(assigned) { _, new in new }, comment: comment, automatic: false), actor: context.actor.name)

    case .set(let fields, let comment):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      try check.values(fields)
      for name in fields.keys.sorted() {
        let f = definition.field(name)
        try check.hasRole(f?.editBy ?? definition.editBy, doing: "set field '\(name)'")
        if f?.required == true && fields[name] == .null {
          throw check.refuse(.requiredField, "field '\(name)' is required and cannot be cleared")
        }
      }
      emit(.fieldsSet(fields: fields, comment: comment), actor: context.actor.name)

    case .attach(let field, let document):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      guard let f = definition.field(field), f.type == .document else {
        let docs = definition.fields.filter { $0.type == .document }.map(\.name).joined(separator: ", ")
        throw check.refuse(.unknownField, "'\(field)' is not a document field of workflow '\(definition.id)' (document fields: \(docs))")
      }
      guard DocumentRef.isValidDigest(document.sha256) else {
        throw check.refuse(.invalidValue, "'\(document.sha256)' is not a SHA-256 digest (64 hexadecimal digits)")
      }
      try check.hasRole(f.editBy ?? definition.editBy, doing: "attach document '\(field)'")
      var doc = document
      doc.sha256 = doc.sha256.lowercased()
      emit(.documentAttached(field: field, document: doc), actor: context.actor.name)
    }

    // Automatic transitions whose guards have become true.
    var steps = 0
    while let task = current, steps < Engine.automaticStepLimit, let t = nextAutomatic(for: task) {
      steps += 1
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      let assigned = (try? check.assignments(of: t, on: task)) ?? [:]
      emit(.fired(transition: t.id, from: task.state, to: t.to ?? task.state, fields: assigned, comment: nil, automatic: true), actor: Actor.system.name)
    }
    return events
  }

  private func nextAutomatic(for task: TaskState) -> TransitionDefinition? {
    guard let candidates = definition.automaticFrom[task.state] else { return nil }
    for i in candidates {
      let t = definition.transitions[i]
      guard let g = t.guardExpression else { continue }
      if (try? g.evaluate(with: resolver(for: task, at: task.lastEffectiveAt))) == .bool(true) { return t }
    }
    return nil
  }

  /// Transitions a person can fire from `state`, for messages.
  public func available(from state: String) -> [TransitionDefinition] {
    definition.transitions.filter { ($0.from.contains(state) || $0.from.contains("*")) && !$0.isAutomatic && definition.state(state)?.isFinal != true }
  }

  private func availableNames(from state: String) -> String {
    let names = available(from: state).map(\.id)
    return names.isEmpty ? "(nothing)" : names.joined(separator: ", ")
  }

  /// What a guard reads for `task` at the business time `at`.
  public func resolver(for task: TaskState, at: Date) -> TaskResolver {
    TaskResolver(task: task, at: LocalDate(at, in: definition.timeZone), timeZone: definition.timeZone, calendar: calendar)
  }

  /// Folds one event into the task state.
  public static func evolve(_ state: TaskState?, _ event: Event) -> TaskState {
    switch event.payload {
    case .created(let workflow, let initial, let fields):
      return TaskState(
        key: event.taskKey, workflowId: workflow, definitionHash: event.definitionHash, state: initial, fields: fields,
        version: event.sequence, createdAt: event.effectiveAt, enteredAt: event.effectiveAt,
        lastEffectiveAt: event.effectiveAt)
    case .fired(let transition, _, let to, let fields, _, _):
      guard var s = state else { preconditionFailure("event \(event.sequence) for task \(event.taskKey) before its creation") }
      apply(fields, to: &s)
      s.counts[transition, default: 0] += 1
      if to != s.state {
        s.state = to
        s.enteredAt = event.effectiveAt
      }
      s.version = event.sequence
      s.lastEffectiveAt = event.effectiveAt
      return s
    case .fieldsSet(let fields, _):
      guard var s = state else { preconditionFailure("event \(event.sequence) for task \(event.taskKey) before its creation") }
      apply(fields, to: &s)
      s.version = event.sequence
      s.lastEffectiveAt = event.effectiveAt
      return s
    case .documentAttached(let field, let document):
      guard var s = state else { preconditionFailure("event \(event.sequence) for task \(event.taskKey) before its creation") }
      s.documents[field] = document
      s.fields[field] = .string(document.name)
      s.version = event.sequence
      s.lastEffectiveAt = event.effectiveAt
      return s
    }
  }

  static func apply(_ fields: [String: Value], to state: inout TaskState) {
    for (name, value) in fields {
      if value == .null { state.fields.removeValue(forKey: name) } else { state.fields[name] = value }
    }
  }
}
