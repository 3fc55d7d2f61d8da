import Foundation
import STFlowDefinition
import STFlowRules

/// A change to a field, from the task's history, for explaining why a due date moved.
public struct FieldChange: Sendable {
  public let field: String
  public let old: Value
  public let new: Value
  public let transition: String?
  public let actor: String
  public let at: Date

  public init(field: String, old: Value, new: Value, transition: String?, actor: String, at: Date) {
    self.field = field
    self.old = old
    self.new = new
    self.transition = transition
    self.actor = actor
    self.at = at
  }
}

/// Computes every deadline of a task from its state: pure, no I/O, the time is given.
public struct DeadlineCalculator: Sendable {
  public let engine: Engine
  /// Reminders and overdue notices go out at this local time of day (seconds after midnight).
  public static let noticeTime: TimeInterval = 8 * 3600

  public init(engine: Engine) { self.engine = engine }

  var definition: WorkflowDefinition { engine.definition }
  var timeZone: TimeZone { definition.timeZone }

  /// Lines of explanation, built only when asked for (listing thousands of deadlines needs none).
  struct Notes {
    let enabled: Bool
    var items: [String] = []
    mutating func append(_ line: @autoclosure () -> String) { if enabled { items.append(line()) } }
  }

  /// Every deadline of the definition for `task`, at `now`. `explain` builds the derivation lines and
  /// `plan` the timers; both can be left out when only the due dates are needed.
  public func statuses(for task: TaskState, now: Date, history: [FieldChange] = [], explain: Bool = true, plan: Bool = true)
    -> [DeadlineStatus]
  {
    definition.deadlines.map { status(of: $0, for: task, now: now, history: history, explain: explain, plan: plan) }
  }

  public func status(
    of d: DeadlineDefinition, for task: TaskState, now: Date, history: [FieldChange] = [], explain: Bool = true, plan: Bool = true
  ) -> DeadlineStatus {
    let today = LocalDate(now, in: timeZone)
    let active = d.activeIn.contains(task.state)
    let paused = d.pausedIn.contains(task.state)
    var lines = Notes(enabled: explain)
    let metAt = d.metBy.flatMap { task.firings[$0]?.last }
    func result(_ phase: DeadlineStatus.Phase, occurrence: Int = 1, due: LocalDate? = nil, missed: Int = 0, timers: [PlannedTimer] = [])
      -> DeadlineStatus
    {
      if let basis = d.basis { lines.append("Basis: \(basis)") }
      return DeadlineStatus(
        deadline: d, phase: phase, occurrence: occurrence, dueDate: due, daysLeft: due.map { $0.dayNumber - today.dayNumber },
        missed: missed, metAt: phase == .met ? metAt : nil, explanation: lines.items, timers: timers)
    }
    guard active || paused else {
      if let metAt {
        lines.append("Met on \(Timestamp.formatLocal(metAt, in: timeZone)) by \(d.metBy ?? "")")
        return result(.met)
      }
      lines.append("Not running: it runs while the task is in \(d.activeIn.joined(separator: ", ")); the task is in \(task.state)")
      return result(.inactive)
    }
    let resolver = engine.resolver(for: task, at: now)
    var occurrence = 1
    var due: LocalDate
    switch d.schedule {
    case .once(let expression):
      if let metBy = d.metBy, engine.definition.transition(metBy)?.to == nil, let metAt, metAt >= task.enteredAt {
        lines.append("Met on \(Timestamp.formatLocal(metAt, in: timeZone)) by \(metBy)")
        return result(.met)
      }
      guard let value = evaluateDate(expression, resolver, &lines) else { return result(.pending) }
      due = value
      if explain { self.explain(expression, due: value, resolver: resolver, history: history, into: &lines) }
      if let tracked = trackedDay(task), d.effectiveDue(due, calendar: engine.calendar) < tracked {
        lines.append("Before tracking: due \(due), before the task was imported (tracked from \(tracked)); never counted as missed")
        return result(.beforeTracking, due: due)
      }
    case .recurring(let fromExpression, let every):
      guard let from = evaluateDate(fromExpression, resolver, &lines) else { return result(.pending) }
      let done = d.metBy.map { task.firings[$0]?.count ?? 0 } ?? 0
      let untracked = untrackedOccurrences(d, task: task, from: from, every: every)
      occurrence = done + 1 + untracked
      due = Self.occurrence(occurrence, from: from, every: every, calendar: engine.calendar)
      if untracked > 0 {
        lines.append(
          "Occurrences 1–\(untracked + (d.metBy.flatMap { task.importedCounts[$0] } ?? 0)) fell before tracking began "
            + "(\(trackedDay(task).map(\.description) ?? "")); the spreadsheet reported \(d.metBy.flatMap { task.importedCounts[$0] } ?? 0) done"
        )
      }
      lines.append(
        "Due \(Self.describe(due)): occurrence \(occurrence), every \(every) from \(fromExpression.source) (\(from)); "
          + "\(done) met so far by \(d.metBy ?? "nothing")")
      if explain { explainChanges(of: fromExpression.references, history: history, into: &lines) }
    }
    // Stop the clock: time spent in pause states moves the due date by whole days.
    if !d.pausedIn.isEmpty {
      var seconds = d.pausedIn.reduce(0) { $0 + (task.timeIn[$1] ?? 0) }
      if paused { seconds += max(0, now.timeIntervalSince(task.enteredAt)) }
      let days = Int((seconds / 86400).rounded(.up))
      if days > 0 {
        let moved = due.adding(days: days)
        lines.append(
          "Clock stopped \(days) day\(days == 1 ? "" : "s") while in \(d.pausedIn.joined(separator: ", ")): due moves from \(due) to \(moved)"
        )
        due = moved
      }
    }
    let rolled = d.effectiveDue(due, calendar: engine.calendar)
    if rolled != due {
      lines.append(
        "Rolled from \(Self.describe(due)), a day off, to \(Self.describe(rolled)), the next working day (\(DeadlineDefinition.rollBasis))")
      due = rolled
    }
    if paused {
      lines.append(
        "Paused: the task is in \(task.state); the remaining \(max(0, due.dayNumber - today.dayNumber)) days resume when it leaves")
      return result(.paused, occurrence: occurrence, due: due)
    }
    var missed = 0
    if today > due {
      switch d.schedule {
      case .once: missed = 1
      case .recurring(let fromExpression, let every):
        if let from = try? fromExpression.evaluate(with: resolver), case .date(let f) = from {
          var k = occurrence
          while d.effectiveDue(Self.occurrence(k, from: f, every: every, calendar: engine.calendar), calendar: engine.calendar) < today
            && k - occurrence < 1000
          {
            missed += 1
            k += 1
          }
        }
      }
      lines.append("Overdue by \(today.dayNumber - due.dayNumber) days" + (missed > 1 ? " (\(missed) occurrences missed)" : ""))
      if let c = d.consequence {
        let what = c.set.map { "\($0.field) = \($0.value.plainText)" }.joined(separator: ", ")
        lines.append(
          missed >= c.afterMissed
            ? "Consequence: \(what) (\(missed) missed, threshold \(c.afterMissed))"
            : "Consequence after \(c.afterMissed) missed: \(what)")
      }
    } else {
      lines.append("\(due.dayNumber - today.dayNumber) days left")
    }
    let phase: DeadlineStatus.Phase = today > due ? .overdue : .pending
    var planned: [PlannedTimer] = []
    if plan {
      planned = timers(d, task: task, occurrence: occurrence, due: due)
      // A recurring deadline keeps running while occurrences are missed: plan the next ones too (enough
      // to reach the consequence), each with its own reminders and miss.
      if case .recurring(let fromExpression, let every) = d.schedule, case .date(let from)? = try? fromExpression.evaluate(with: resolver) {
        let shift = due.dayNumber - Self.occurrence(occurrence, from: from, every: every, calendar: engine.calendar).dayNumber
        for k in (occurrence + 1)...(occurrence + max(1, d.consequence?.afterMissed ?? 1)) {
          let next = d.effectiveDue(
            Self.occurrence(k, from: from, every: every, calendar: engine.calendar).adding(days: shift), calendar: engine.calendar)
          planned += timers(d, task: task, occurrence: k, due: next).filter { $0.kind != .overdue }
        }
        planned.sort { $0.fireAt < $1.fireAt }
      }
    }
    return result(phase, occurrence: occurrence, due: due, missed: missed, timers: planned)
  }

  /// The local day tracking began, for an imported task.
  func trackedDay(_ task: TaskState) -> LocalDate? { task.trackedSince.map { LocalDate($0, in: timeZone) } }

  /// How many occurrences of a recurring deadline fell due before tracking began beyond those the
  /// import said were met: they are skipped, neither met nor missed.
  func untrackedOccurrences(_ d: DeadlineDefinition, task: TaskState, from: LocalDate, every: Period) -> Int {
    guard let tracked = trackedDay(task) else { return 0 }
    var before = 0
    while before < 10_000,
      d.effectiveDue(Self.occurrence(before + 1, from: from, every: every, calendar: engine.calendar), calendar: engine.calendar) < tracked
    {
      before += 1
    }
    return max(0, before - (d.metBy.flatMap { task.importedCounts[$0] } ?? 0))
  }

  /// The n-th occurrence of a recurring deadline, counted from `from` without drift (6mo, 12mo, 18mo …).
  static func occurrence(_ n: Int, from: LocalDate, every: Period, calendar: any BusinessCalendar) -> LocalDate {
    Period(every.amount * n, every.unit).added(to: from, calendar: calendar)
  }

  private func evaluateDate(_ e: GuardExpression, _ resolver: TaskResolver, _ lines: inout Notes) -> LocalDate? {
    do {
      if case .date(let d) = try e.evaluate(with: resolver) { return d }
      lines.append("Cannot compute \(e.source): it has no value yet")
    } catch {
      lines.append("Cannot compute \(e.source) yet: \(error.message)")
    }
    return nil
  }

  static func describe(_ d: LocalDate) -> String {
    let names = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return "\(d) (\(names[d.isoWeekday]))"
  }

  private func explain(_ e: GuardExpression, due: LocalDate, resolver: TaskResolver, history: [FieldChange], into lines: inout Notes) {
    guard let (base, period) = e.offsetForm, case .date(let start)? = try? e.evaluate(node: base, with: resolver) else {
      lines.append("Due \(Self.describe(due)) = \(e.source)")
      for r in e.references { lines.append("  \(r) = \(resolver.value(of: r))") }
      explainChanges(of: e.references, history: history, into: &lines)
      return
    }
    let baseText = e.references.first.map { e.references.count == 1 ? $0 : e.source } ?? e.source
    lines.append("Due \(Self.describe(due)) = \(e.source)")
    lines.append("  base: \(baseText) = \(start)")
    switch period.unit {
    case .workingDays:
      let calendarName = (engine.calendar as? HolidayCalendar)?.id ?? "Monday–Friday"
      lines.append("  offset: \(period.amount) working days on calendar \(calendarName)")
      var skipped: [String] = []
      var d = start
      let step = period.amount >= 0 ? 1 : -1
      while d != due {
        d = d.adding(days: step)
        if !engine.calendar.isWorkingDay(d) {
          let reason = (engine.calendar as? HolidayCalendar)?.reasonOff(d) ?? (d.isoWeekday >= 6 ? "weekend" : "day off")
          skipped.append("\(d) \(reason)")
        }
      }
      lines.append(skipped.isEmpty ? "  no day skipped" : "  skipped \(skipped.count): " + Self.compress(skipped).joined(separator: "; "))
    default:
      lines.append(
        "  offset: \(period) (calendar \(period.unit == .days || period.unit == .weeks ? "days" : "months, clamped to the month end"))")
    }
    explainChanges(of: e.references, history: history, into: &lines)
  }

  /// "2026-02-14 Tết Nguyên Đán; 2026-02-15 Tết Nguyên Đán" → runs of the same reason on consecutive lines kept short.
  static func compress(_ items: [String]) -> [String] {
    var out: [String] = []
    var run: (first: String, last: String, reason: String)?
    func flush() {
      guard let r = run else { return }
      out.append(r.first == r.last ? "\(r.first) \(r.reason)" : "\(r.first)…\(r.last) \(r.reason)")
    }
    for item in items {
      let date = String(item.prefix(10))
      let reason = String(item.dropFirst(11))
      if let r = run, r.reason == reason, reason != "Saturday", reason != "Sunday" {
        run = (r.first, date, reason)
      } else {
        flush()
        run = (date, date, reason)
      }
    }
    flush()
    return out
  }

  private func explainChanges(of references: [String], history: [FieldChange], into lines: inout Notes) {
    for change in history where references.contains(change.field) {
      lines.append(
        "  \(change.field) changed from \(change.old == .null ? "nothing" : change.old.plainText) to \(change.new.plainText)"
          + (change.transition.map { " by \($0)" } ?? "") + " on \(Timestamp.formatLocal(change.at, in: timeZone)) (\(change.actor))")
    }
  }

  private func timers(_ d: DeadlineDefinition, task: TaskState, occurrence: Int, due: LocalDate) -> [PlannedTimer] {
    let calendar = engine.calendar
    var out: [PlannedTimer] = []
    func at(_ day: LocalDate, _ seconds: TimeInterval) -> Date { day.start(in: timeZone).addingTimeInterval(seconds) }
    let base = "\(task.key)|\(d.id)|\(occurrence)|\(due)"
    let recipients = d.notify
    for r in d.reminders {
      // A reminder never falls on a day off: it moves to the working day before.
      var day = r.added(to: due, calendar: calendar)
      var steps = 0
      while steps < 366, !calendar.isWorkingDay(day) {
        day = day.adding(days: -1)
        steps += 1
      }
      out.append(
        PlannedTimer(
          key: "\(base)|reminder|\(r)", taskKey: task.key, deadlineId: d.id, occurrence: occurrence, kind: .reminder, step: r.amount,
          fireAt: at(day, Self.noticeTime), dueDate: due, recipients: recipients))
    }
    out.append(
      PlannedTimer(
        key: "\(base)|missed", taskKey: task.key, deadlineId: d.id, occurrence: occurrence, kind: .missed, step: 0,
        fireAt: at(due.adding(days: 1), 0), dueDate: due, recipients: recipients + [d.escalateTo].compactMap { $0 }))
    if let every = d.overdueEvery {
      var day = due
      for k in 1...max(1, d.overdueLimit) {
        day = every.added(to: day, calendar: calendar)
        out.append(
          PlannedTimer(
            key: "\(base)|overdue|\(k)", taskKey: task.key, deadlineId: d.id, occurrence: occurrence, kind: .overdue, step: k,
            fireAt: at(day, Self.noticeTime), dueDate: due, recipients: recipients + [d.escalateTo].compactMap { $0 }))
      }
    }
    return out.sorted { $0.fireAt < $1.fireAt }
  }
}
