import Foundation
import STFlowDefinition
import STFlowRules

/// The pure state machine of one definition version: ``decide(_:on:context:)`` turns a command into
/// events or a ``Rejection``; ``evolve(_:_:)`` folds an event into the task state. No I/O, no clock.
public struct Engine: Sendable {
  /// What an engine is made of, held by one reference: an engine (and every checker holding one) is copied
  /// with one retain instead of one per part.
  final class Parts: Sendable {
    let definition: WorkflowDefinition
    let definitionHash: String
    let calendar: any BusinessCalendar
    let automatic: AutomaticPlan

    init(definition: WorkflowDefinition, definitionHash: String, calendar: any BusinessCalendar) {
      self.definition = definition
      self.definitionHash = definitionHash
      self.calendar = calendar
      self.automatic = AutomaticPlan(definition)
    }
  }

  let parts: Parts

  public var definition: WorkflowDefinition { parts.definition }
  /// The content hash of `definition`, stamped on every event.
  public var definitionHash: String { parts.definitionHash }
  public var calendar: any BusinessCalendar { parts.calendar }

  /// The most automatic transitions one command may trigger in a row (a guard against cycles).
  public static let automaticStepLimit = 32

  /// The automatic transitions by state, with what their guards read.
  var automatic: AutomaticPlan { parts.automatic }

  public init(definition: WorkflowDefinition, definitionHash: String, calendar: any BusinessCalendar = WeekdayCalendar()) {
    parts = Parts(definition: definition, definitionHash: definitionHash, calendar: calendar)
  }

  /// The events a command produces on `task` (`nil` only for `create`), or why it is refused.
  public func decide(_ command: Command, on task: TaskState?, context: CommandContext) throws(Rejection) -> [Event] {
    var state = task
    return try execute(command, on: &state, context: context)
  }

  /// Decides and evolves in one step: on success `state` is the task after the returned events; on a
  /// rejection it is unchanged. Folding in place avoids copying the task's fields.
  public func execute(_ command: Command, on state: inout TaskState?, context: CommandContext) throws(Rejection) -> [Event] {
    let first = try firstEvent(command, on: state, context: context)
    let key: String
    switch command {
    case .create(let k, _), .importTask(let k, _, _, _): key = state?.key ?? k
    default: key = state?.key ?? ""
    }
    var events: [Event] = []
    // Automatic transitions whose guards have become true. A guard that was false before the command
    // can only have become true if the command changed something it reads.
    var changed = Engine.changedNames(by: first)
    emit(first, actor: context.actor.name, key: key, context: context, on: &state, into: &events)
    var steps = 0
    while steps < Engine.automaticStepLimit, let t = nextAutomatic(for: state, changed: changed), let task = state {
      steps += 1
      changed = nil
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      let assigned = (try? check.assignments(of: t, on: resolver(for: task, at: task.lastEffectiveAt))) ?? [:]
      let from = task.state
      emit(
        .fired(transition: t.id, from: from, to: t.to ?? from, fields: assigned, comment: nil, automatic: true), actor: Actor.system.name,
        key: key, context: context, on: &state, into: &events)
    }
    return events
  }

  /// Makes the event of `payload`, folds it into `state` and appends it to `events` (the payload and the event are
  /// moved, never copied).
  private func emit(
    _ payload: consuming EventPayload, actor: String, key: String, context: CommandContext, on state: inout TaskState?,
    into events: inout [Event]
  ) {
    let e = Event(
      taskKey: key, sequence: (state?.version ?? 0) + 1, payload: payload, actor: actor, effectiveAt: context.effectiveAt,
      recordedAt: context.recordedAt, definitionHash: definitionHash, requestId: context.requestId)
    Engine.evolve(&state, e)
    events.append(consume e)
  }

  /// Applies every rule to the command and returns the payload of the event it produces.
  private func firstEvent(_ command: Command, on task: TaskState?, context: CommandContext) throws(Rejection) -> EventPayload {
    switch command {
    case .create(let key, let fields):
      let check = Checker(engine: self, task: nil, key: key, context: context)
      try check.newKey(key, taken: task)
      try check.hasRole(
        definition.createBy, doing: "create a task of workflow '\(definition.id)'",
        vi: "tạo nhiệm vụ theo quy trình “\(definition.title.text("vi", fallback: definition.id))”")
      try check.values(fields)
      for name in fields.keys.sorted() {
        try check.hasRole(
          definition.field(name)?.editBy ?? definition.editBy, doing: "give field '\(name)' when creating a task",
          vi: "nhập \(check.fieldName(name)) khi tạo nhiệm vụ")
      }
      try check.requiredGiven(fields)
      return .created(workflow: definition.id, state: definition.initial, fields: fields.filter { $0.value != .null })

    case .importTask(let key, let state, let fields, let past):
      let check = Checker(engine: self, task: nil, key: key, context: context)
      try check.newKey(key, taken: task)
      try check.hasRole(
        definition.createBy, doing: "import tasks into workflow '\(definition.id)'",
        vi: "nhập nhiệm vụ vào quy trình “\(definition.title.text("vi", fallback: definition.id))”")
      guard definition.state(state) != nil else {
        throw check.refuse(
          .invalidValue,
          "workflow '\(definition.id)' has no state '\(state)' (states: \(definition.states.map(\.name).joined(separator: ", ")))")
      }
      try check.values(fields)
      try check.requiredGiven(fields)
      for t in past.firings.keys.sorted() where definition.transition(t) == nil {
        throw check.refuse(.unknownTransition, "workflow '\(definition.id)' has no transition '\(t)' (given as already done)")
      }
      if let bad = past.firings.first(where: { $0.value.count < 0 }) {
        throw check.refuse(.invalidValue, "transition '\(bad.key)' cannot have happened \(bad.value.count) times")
      }
      return .imported(workflow: definition.id, state: state, fields: fields.filter { $0.value != .null }, past: past)

    case .fire(let id, let fields, let comment):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      guard let t = definition.transition(id) else {
        throw check.refuse(
          .unknownTransition,
          "workflow '\(definition.id)' has no transition '\(id)'; from state '\(task.state)' you can fire: \(availableNames(from: task.state))",
          vi: "quy trình không có bước “\(id)”; từ bước \(check.stateName(task.state)) có thể: \(check.stepsFrom(task.state))"
        )
      }
      guard t.from.contains(task.state) || t.from.contains("*") else {
        throw check.refuse(
          .wrongState,
          "transition '\(id)' fires only from \(t.from.joined(separator: ", ")); the task is in '\(task.state)'. From here you can fire: \(availableNames(from: task.state))",
          vi: "bước \(check.stepName(id)) chỉ thực hiện được khi nhiệm vụ ở bước \(check.stateNames(t.from)); nhiệm vụ đang ở bước "
            + "\(check.stateName(task.state)). Từ đây có thể: \(check.stepsFrom(task.state))",
          basis: t.basis)
      }
      if t.isAutomatic && t.by.isEmpty {
        throw check.refuse(
          .roleRequired, "transition '\(id)' is automatic: the engine fires it when its guard becomes true",
          vi: "bước \(check.stepName(id)) do hệ thống tự thực hiện khi đủ điều kiện")
      }
      try check.hasRole(t.by, doing: "fire '\(id)'", vi: "thực hiện bước \(check.stepName(id))", basis: t.basis)
      // Values that pass both checks (the common case) are seen in one pass; otherwise each check refuses in turn.
      let plain = check.plainlyGiven(with: t, fields)
      if !plain { try check.values(fields) }
      try check.validComment(comment)
      if !plain { try check.givenWith(t, fields) }
      if t.requiresComment && (comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
        throw check.refuse(
          .commentRequired, "transition '\(id)' needs a comment (--comment) giving the reason",
          vi: "bước \(check.stepName(id)) cần ghi ý kiến nêu lý do (--comment)", basis: t.basis)
      }
      let merged = resolver(for: task, at: context.effectiveAt, overlay: fields)
      var missing: [String] = []
      for name in t.requires where merged.field(name) == .null { missing.append(name) }
      if !missing.isEmpty {
        throw check.refuse(
          .requiredField,
          "transition '\(id)' requires \(missing.joined(separator: ", ")), which \(missing.count > 1 ? "have" : "has") no value",
          vi: "bước \(check.stepName(id)) cần \(check.fieldNames(missing)), hiện chưa có", basis: t.basis)
      }
      if let g = t.guardExpression {
        try check.guardHolds(g, on: merged, what: "transition '\(id)'", vi: "thực hiện bước \(check.stepName(id))", basis: t.basis)
      }
      for rule in t.rules { try check.ruleHolds(rule, of: t, on: merged) }
      let assigned = t.assignments.isEmpty ? [:] : try check.assignments(of: t, on: merged)
      return .fired(
        transition: id, from: task.state, to: t.to ?? task.state,
        fields: assigned.isEmpty ? fields : fields.merging(assigned) { _, new in new }, comment: comment, automatic: false)

    case .set(let fields, let comment):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      try check.values(fields)
      try check.validComment(comment)
      for name in fields.keys.sorted() {
        let f = definition.field(name)
        try check.hasRole(f?.editBy ?? definition.editBy, doing: "set field '\(name)'", vi: "sửa \(check.fieldName(name))")
        if f?.required == true && fields[name] == .null {
          throw check.refuse(
            .requiredField, "field '\(name)' is required and cannot be cleared",
            vi: "\(check.fieldName(name)) là thông tin bắt buộc, không được xóa")
        }
      }
      return .fieldsSet(fields: fields, comment: comment)

    case .attach(let field, let document):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      guard let f = definition.field(field), f.type == .document else {
        let docs = definition.fields.filter { $0.type == .document }.map(\.name).joined(separator: ", ")
        throw check.refuse(
          .unknownField, "'\(field)' is not a document field of workflow '\(definition.id)' (document fields: \(docs))",
          vi: "'\(field)' không phải trường tài liệu của quy trình '\(definition.id)' (các trường tài liệu: \(docs))")
      }
      guard DocumentRef.isValidDigest(document.sha256) else {
        throw check.refuse(
          .invalidValue, "'\(document.sha256)' is not a SHA-256 digest (64 hexadecimal digits)",
          vi: "'\(document.sha256)' không phải mã SHA-256 (64 chữ số thập lục phân)")
      }
      try check.hasRole(f.editBy ?? definition.editBy, doing: "attach document '\(field)'", vi: "đính kèm \(check.fieldName(field))")
      var doc = document
      doc.sha256 = doc.sha256.lowercased()
      return .documentAttached(field: field, document: doc)

    case .openCouncil(let name, let members, let related, let decision, let place):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      var opened = try decideCouncilOpen(name, members: members, related: related, task: task, check: check)
      if case .councilOpened(var session) = opened {
        session.decision = decision
        session.place = place
        opened = .councilOpened(session: session)
      }
      return opened
    case .attend(let name, let members):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      return try decideAttend(name, members: members, task: task, check: check)
    case .ballot(let name, let ballot):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      return try decideBallot(name, ballot: ballot, task: task, check: check)
    case .closeCouncil(let name):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      try check.open()
      return try decideClose(name, task: task, check: check)
    case .recordNotice(let timer):
      guard let task else { throw Checker.unknownTask(context) }
      let check = Checker(engine: self, task: task, key: task.key, context: context)
      guard context.actor.name == Actor.system.name else {
        throw check.refuse(.roleRequired, "only the scheduler (actor 'system') records deadline notices")
      }
      try check.open()
      return try decideNotice(timer, task: task, check: check)
    }
  }

  /// What an event changed that a guard can read: field values and, for a transition, its count.
  /// `nil` when the state changed, after which everything may differ.
  struct Change {
    var fields: [String: Value]
    var transition: String?
  }

  static func changedNames(by payload: borrowing EventPayload) -> Change? {
    switch payload {
    case .created: return nil
    case .fired(let transition, let from, let to, let fields, _, _):
      return from == to ? Change(fields: fields, transition: transition) : nil
    case .fieldsSet(let fields, _): return Change(fields: fields, transition: nil)
    case .documentAttached(let field, _): return Change(fields: [field: .null], transition: nil)
    case .councilClosed, .migrated, .imported: return nil
    case .notice(_, _, _, _, _, _, let fields): return Change(fields: fields, transition: nil)
    case .councilOpened, .councilAttended, .councilBallot: return Change(fields: [:], transition: nil)
    }
  }

  private func nextAutomatic(for task: TaskState?, changed: Change?) -> TransitionDefinition? {
    guard let task, let candidates = automatic.candidates(from: task.state) else { return nil }
    for c in candidates {
      if let changed, !c.mayHaveChanged(by: changed) { continue }
      if (try? c.guardExpression.evaluate(with: resolver(for: task, at: task.lastEffectiveAt))) == .bool(true) { return c.transition }
    }
    return nil
  }

  /// The roles `actor` holds on `task`: global roles (less any role a field grants, which is task-scoped
  /// only) plus those granted by actor fields naming them.
  public static func roles(of actor: Actor, on task: TaskState?, definition: WorkflowDefinition) -> Set<String> {
    var roles = actor.roles.subtracting(definition.grantedRoles)
    guard let task else { return roles }
    for grant in definition.roleGrants where task.fields[grant.field] == .string(actor.name) { roles.insert(grant.role) }
    return roles
  }

  /// The transitions `actor` holds a role for on `task` in its current state — what a page offers as buttons.
  /// Guards and required fields are still checked by ``decide(_:on:context:)`` when one is fired.
  public func actions(for actor: Actor, on task: TaskState) -> [TransitionDefinition] {
    let roles = Self.roles(of: actor, on: task, definition: definition)
    return available(from: task.state).filter { t in t.by.contains { roles.contains($0) } }
  }

  /// Transitions a person can fire from `state`, for messages.
  public func available(from state: String) -> [TransitionDefinition] {
    definition.transitions.filter {
      ($0.from.contains(state) || $0.from.contains("*")) && !$0.isAutomatic && !definition.isFinal(state)
    }
  }

  private func availableNames(from state: String) -> String {
    let names = available(from: state).map(\.id)
    return names.isEmpty ? "(nothing)" : names.joined(separator: ", ")
  }

  /// What a guard reads for `task` at the business time `at`.
  public func resolver(for task: TaskState, at: Date, overlay: [String: Value] = [:]) -> TaskResolver {
    TaskResolver(task: task, instant: at, parts: parts, overlay: overlay)
  }
}
