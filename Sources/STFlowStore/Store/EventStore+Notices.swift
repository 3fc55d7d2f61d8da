import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// What became of one due timer.
public struct ProcessedNotice: Sendable {
  public enum Outcome: String, Sendable {
    /// Recorded as an event, with a hook delivery enqueued.
    case recorded
    /// Not delivered because of the deadline's catch-up policy.
    case skipped
    /// The task changed since the timer was planned; nothing happened.
    case stale
  }

  public let timer: PlannedTimer
  public let outcome: Outcome
  public let event: Event?
}

extension EventStore {
  /// Timers due at or before `now`, earliest first.
  public func dueTimers(until now: Date, limit: Int = 10_000) throws -> [PlannedTimer] {
    try connection.query(
      "SELECT key, task_key, deadline_id, occurrence, kind, step, fire_at, due_date, recipients FROM timers WHERE fire_at <= ? ORDER BY fire_at, key LIMIT ?",
      [.text(Timestamp.format(now)), .integer(Int64(limit))]
    ).compactMap(Self.timer)
  }

  /// The earliest pending timer, if any (the scheduler sleeps until then).
  public func nextTimer() throws -> PlannedTimer? {
    try connection.query(
      "SELECT key, task_key, deadline_id, occurrence, kind, step, fire_at, due_date, recipients FROM timers ORDER BY fire_at LIMIT 1"
    ).compactMap(Self.timer).first
  }

  public func pendingTimerCount() throws -> Int { Int(try connection.scalar("SELECT COUNT(*) FROM timers")?.integer ?? 0) }

  static func timer(_ row: [SQLValue]) -> PlannedTimer? {
    guard let kind = row[4].text.flatMap(PlannedTimer.Kind.init(rawValue:)), let fireAt = row[6].text.flatMap(Timestamp.parseStored),
      let due = row[7].text.flatMap({ LocalDate(iso: $0) })
    else { return nil }
    return PlannedTimer(
      key: row[0].text ?? "", taskKey: row[1].text ?? "", deadlineId: row[2].text ?? "", occurrence: Int(row[3].integer ?? 1), kind: kind,
      step: Int(row[5].integer ?? 0), fireAt: fireAt, dueDate: due, recipients: (row[8].text ?? "").split(separator: ",").map(String.init))
  }

  /// Turns every timer due at `now` into what the rules say — a reminder, a missed deadline with its
  /// consequence, an overdue notice — each in its own transaction with its hook delivery (the
  /// transactional outbox), applying each deadline's catch-up policy to notices that piled up.
  public func processDueTimers(now: Date, observe: ((ProcessedNotice) -> Void)? = nil) throws -> [ProcessedNotice] {
    let due = try dueTimers(until: now)
    var latest: [String: Date] = [:]
    for t in due where t.kind != .missed {
      let k = t.taskKey + "|" + t.deadlineId
      latest[k] = max(latest[k] ?? .distantPast, t.fireAt)
    }
    var results: [ProcessedNotice] = []
    for timer in due {
      let result = try transaction { () throws -> ProcessedNotice? in
        if try connection.scalar("SELECT 1 FROM notices WHERE timer_key = ?", [.text(timer.key)]) != nil {
          try connection.query("DELETE FROM timers WHERE key = ?", [.text(timer.key)])
          return nil
        }
        return try process(timer, now: now, latestOfItsDeadline: latest[timer.taskKey + "|" + timer.deadlineId])
      }
      if let result {
        results.append(result)
        observe?(result)
      }
    }
    return results
  }

  private func process(_ timer: PlannedTimer, now: Date, latestOfItsDeadline: Date?) throws -> ProcessedNotice {
    // One time for the notice's row, its event and its delivery, so the audit can match them exactly.
    let at = self.now()
    func mark(_ outcome: ProcessedNotice.Outcome) throws {
      try connection.query(
        """
        INSERT INTO notices(timer_key, task_key, status, fire_at, recorded_at) VALUES(?, ?, ?, ?, ?) ON CONFLICT(timer_key)
        DO UPDATE SET task_key = excluded.task_key, status = excluded.status, fire_at = excluded.fire_at, recorded_at = excluded.recorded_at
        """,
        [
          .text(timer.key), .text(timer.taskKey), .text(outcome.rawValue), .text(Timestamp.format(timer.fireAt)),
          .text(Timestamp.format(at)),
        ])
      try connection.query("DELETE FROM timers WHERE key = ?", [.text(timer.key)])
      // A notice not sent (skipped by the catch-up policy, or stale) is recorded too: a forged one would
      // silence a reminder.
      if outcome != .recorded {
        try appendRegistryEvent(
          key: Self.noticeRegistryKey, kind: "notice.\(outcome.rawValue)",
          payload: .object([
            ("timer", .string(timer.key)), ("task", .string(timer.taskKey)), ("fireAt", .string(Timestamp.format(timer.fireAt))),
          ]),
          by: Actor.system.name, at: at)
      }
    }
    guard let task = try task(key: timer.taskKey) else {
      try mark(.stale)
      return ProcessedNotice(timer: timer, outcome: .stale, event: nil)
    }
    let engine = try engine(hash: task.definitionHash)
    guard let deadline = engine.definition.deadlines.first(where: { $0.id == timer.deadlineId }) else {
      try mark(.stale)
      return ProcessedNotice(timer: timer, outcome: .stale, event: nil)
    }
    if timer.kind != .missed {
      let skip: Bool
      switch deadline.catchUp {
      case .all: skip = false
      case .latest: skip = (latestOfItsDeadline ?? timer.fireAt) > timer.fireAt
      case .skipOlderThan(let p):
        let horizon = p.negated.added(to: LocalDate(now, in: engine.definition.timeZone), calendar: engine.calendar)
        skip = LocalDate(timer.fireAt, in: engine.definition.timeZone) < horizon
      }
      if skip {
        try mark(.skipped)
        return ProcessedNotice(timer: timer, outcome: .skipped, event: nil)
      }
    }
    try mark(.recorded)
    let outcome: CommandOutcome
    do {
      outcome = try executeInTransaction(
        .recordNotice(timer: timer), taskKey: timer.taskKey, actorName: Actor.system.name,
        effectiveAt: min(max(timer.fireAt, task.lastEffectiveAt), now, at), system: true, recordedAt: at)
    } catch is Rejection {
      try mark(.stale)
      return ProcessedNotice(timer: timer, outcome: .stale, event: nil)
    }
    guard let event = outcome.events.first else { return ProcessedNotice(timer: timer, outcome: .stale, event: nil) }
    let payload = try noticePayload(timer, event: event, task: outcome.task, engine: engine, deadline: deadline)
    try connection.query(
      "INSERT INTO outbox(idempotency_key, task_key, kind, payload, status, next_attempt_at, created_at) VALUES(?, ?, ?, ?, 'pending', ?, ?)",
      [
        .text(timer.key), .text(timer.taskKey), .text(event.payload.kind), .text(payload.compactText), .text(Timestamp.format(now)),
        .text(Timestamp.format(at)),
      ])
    try recordDeliveryChange(
      key: timer.key, kind: "delivery.enqueued",
      details: [
        ("sha256", .string(SHA256.hex(payload.compactText))), ("task", .string(timer.taskKey)), ("kind", .string(event.payload.kind)),
        ("createdAt", .string(Timestamp.format(at))), ("next", .string(Timestamp.format(now))), ("attempts", .integer(0)),
        ("error", .null), ("deliveredAt", .null), ("leaseUntil", .null),
      ], at: at)
    return ProcessedNotice(timer: timer, outcome: .recorded, event: event)
  }

  /// Everyone who holds `role` on this task: the person a field names for a role the field grants (the
  /// task's investigator, and nobody else), otherwise everyone holding the role.
  func recipients(role: String, task: TaskState, definition: WorkflowDefinition) throws -> [Actor] {
    var out = definition.grantedRoles.contains(role) ? [] : try actors().filter { $0.roles.contains(role) }
    for grant in definition.roleGrants where grant.role == role {
      if case .string(let name) = task.fields[grant.field], !out.contains(where: { $0.name == name }), let a = try actor(named: name) {
        out.append(a)
      }
    }
    return out
  }

  /// The JSON a hook receives on standard input.
  func noticePayload(_ timer: PlannedTimer, event: Event, task: TaskState, engine: Engine, deadline: DeadlineDefinition) throws -> JSON {
    let d = engine.definition
    func localized(_ t: LocalizedText) -> JSON { .object([("vi", .string(t.text("vi"))), ("en", .string(t.text("en")))]) }
    var recipients: [JSON] = []
    for role in timer.recipients {
      for a in try self.recipients(role: role, task: task, definition: d) {
        recipients.append(
          .object([
            ("role", .string(role)),
            ("roleTitle", localized(LocalizedText(vi: RoleLabels.text(role, "vi"), en: RoleLabels.text(role, "en")))),
            ("name", .string(a.name)), ("displayName", .string(a.shownName)), ("email", a.email.map { .string($0) } ?? .null),
          ]))
      }
    }
    let fireDay = LocalDate(timer.fireAt, in: d.timeZone)
    var fields: [(String, JSON)] = []
    if case .notice(_, _, _, _, _, _, let f) = event.payload, !f.isEmpty { fields = [("consequence", ValueCoding.json(f))] }
    // What the recipient must do (the step that meets the deadline), the consequence in words, a link to the
    // task when the department has set the served address, and who sends it.
    let action = deadline.metBy.flatMap { d.transition($0)?.label }.map(localized) ?? .null
    var consequence: JSON = .null
    if let c = deadline.consequence {
      func words(_ language: String) -> String {
        c.set.map { a in
          let f = d.field(a.field)
          let value: String
          switch a.value {
          case .bool(let b): value = b ? (language == "en" ? "yes" : "có") : (language == "en" ? "no" : "không")
          case .string(let v) where f?.type == .enum: value = f?.valueLabel(v, language) ?? v
          default: value = a.value.plainText
          }
          return "\(f?.label?.text(language, fallback: a.field) ?? a.field): \(value)"
        }.joined(separator: "; ")
      }
      consequence = .object([
        ("afterMissed", .integer(Int64(c.afterMissed))), ("text", .object([("vi", .string(words("vi"))), ("en", .string(words("en")))])),
      ])
    }
    let base = try setting(Settings.serverURL).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    let url: JSON =
      base.map {
        .string($0 + "/nhiem-vu/" + (task.key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? task.key))
      }
      ?? .null
    let sender: JSON = .object([
      ("name", .string(try setting(Settings.orgName) ?? "Sở Khoa học và Công nghệ")),
      ("parent", try setting(Settings.orgParent).map { .string($0) } ?? .null),
      ("place", try setting(Settings.orgPlace).map { .string($0) } ?? .null),
    ])
    return .object(
      [
        ("kind", .string(event.payload.kind)), ("idempotencyKey", .string(timer.key)),
        (
          "task",
          .object([
            ("key", .string(task.key)), ("title", .string(task.fields["title"]?.plainText ?? "")), ("state", .string(task.state)),
            ("stateLabel", localized(d.state(task.state)?.label ?? LocalizedText(en: task.state))), ("workflow", .string(d.id)),
            ("workflowTitle", localized(d.title)), ("fields", ValueCoding.json(task.fields)),
          ])
        ),
        (
          "deadline",
          .object([
            ("id", .string(deadline.id)), ("label", localized(deadline.label)), ("basis", deadline.basis.map { .string($0) } ?? .null),
            ("occurrence", .integer(Int64(timer.occurrence))), ("action", action), ("consequence", consequence),
          ])
        ),
        ("dueDate", .string(timer.dueDate.description)), ("daysLeft", .integer(Int64(timer.dueDate.dayNumber - fireDay.dayNumber))),
        ("step", .integer(Int64(timer.step))), ("escalateTo", deadline.escalateTo.map { .string($0) } ?? .null),
        ("recipients", .array(recipients)), ("firedAt", .string(Timestamp.format(timer.fireAt))),
        ("recordedAt", .string(Timestamp.format(event.recordedAt))), ("url", url), ("sender", sender),
      ] + fields)
  }
}
