import Foundation
import STFlowDefinition
import STFlowRules

/// A change to a field, from the task's history, for explaining why a due date moved.
public struct FieldChange: Sendable, Equatable {
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

  /// The derivation, built only when asked for (listing thousands of deadlines needs none).
  struct Notes {
    let enabled: Bool
    var items: [DeadlineNote] = []
    mutating func append(_ note: @autoclosure () -> DeadlineNote) { if enabled { items.append(note()) } }
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
      if let basis = d.basis { lines.append(.basis(basis)) }
      return DeadlineStatus(
        deadline: d, phase: phase, occurrence: occurrence, dueDate: due, daysLeft: due.map { $0.dayNumber - today.dayNumber },
        missed: missed, metAt: phase == .met ? metAt : nil, explanation: lines.items, timers: timers)
    }
    guard active || paused else {
      if let metAt {
        lines.append(.met(at: metAt, by: d.metBy ?? ""))
        return result(.met)
      }
      lines.append(.notRunning(activeIn: d.activeIn, state: task.state))
      return result(.inactive)
    }
    let resolver = engine.resolver(for: task, at: now)
    var occurrence = 1
    var due: LocalDate
    switch d.schedule {
    case .once(let expression):
      if let metBy = d.metBy, engine.definition.transition(metBy)?.to == nil, let metAt, metAt >= task.enteredAt {
        lines.append(.met(at: metAt, by: metBy))
        return result(.met)
      }
      guard let value = evaluateDate(expression, resolver, &lines) else { return result(.pending) }
      due = value
      if explain { self.explain(expression, due: value, resolver: resolver, history: history, into: &lines) }
      if let tracked = trackedDay(task), d.effectiveDue(due, calendar: engine.calendar) < tracked {
        lines.append(.beforeTracking(due: due, tracked: tracked))
        return result(.beforeTracking, due: due)
      }
    case .recurring(let fromExpression, let every):
      guard let from = evaluateDate(fromExpression, resolver, &lines) else { return result(.pending) }
      let done = d.metBy.map { task.firings[$0]?.count ?? 0 } ?? 0
      let untracked = untrackedOccurrences(d, task: task, from: from, every: every)
      occurrence = done + 1 + untracked
      due = Self.occurrence(occurrence, from: from, every: every, calendar: engine.calendar)
      if untracked > 0 {
        let reported = d.metBy.flatMap { task.importedCounts[$0] } ?? 0
        lines.append(.untracked(through: untracked + reported, tracked: trackedDay(task), reported: reported))
      }
      lines.append(
        .recurring(
          due: due, occurrence: occurrence, every: every, from: fromExpression.source, fromDate: from, done: done, metBy: d.metBy))
      if explain { explainChanges(of: fromExpression.references, history: history, into: &lines) }
    }
    // Stop the clock: time spent in pause states moves the due date by whole days.
    if !d.pausedIn.isEmpty {
      var seconds = d.pausedIn.reduce(0) { $0 + (task.timeIn[$1] ?? 0) }
      if paused { seconds += max(0, now.timeIntervalSince(task.enteredAt)) }
      let days = Int((seconds / 86400).rounded(.up))
      if days > 0 {
        let moved = due.adding(days: days)
        lines.append(.clockStopped(days: days, pausedIn: d.pausedIn, from: due, to: moved))
        due = moved
      }
    }
    let rolled = d.effectiveDue(due, calendar: engine.calendar)
    if rolled != due {
      lines.append(.rolled(from: due, to: rolled))
      due = rolled
    }
    if paused {
      lines.append(.paused(state: task.state, remaining: max(0, due.dayNumber - today.dayNumber)))
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
      lines.append(.overdue(days: today.dayNumber - due.dayNumber, missed: missed))
      if let c = d.consequence { lines.append(.consequence(missed: missed, applied: missed >= c.afterMissed)) }
    } else {
      lines.append(.daysLeft(due.dayNumber - today.dayNumber))
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
      lines.append(.noValue(expression: e.source, references: e.references))
    } catch {
      lines.append(.cannotCompute(expression: e.source, reason: error.message))
    }
    return nil
  }

  private func explain(_ e: GuardExpression, due: LocalDate, resolver: TaskResolver, history: [FieldChange], into lines: inout Notes) {
    guard let (base, period) = e.offsetForm, case .date(let start)? = try? e.evaluate(node: base, with: resolver) else {
      lines.append(.formula(due: due, expression: e.source, base: nil, offset: nil))
      for r in e.references { lines.append(.reference(r, resolver.value(of: r))) }
      explainChanges(of: e.references, history: history, into: &lines)
      return
    }
    let single = e.references.count == 1 ? e.references.first : nil
    lines.append(.formula(due: due, expression: e.source, base: single, offset: single == nil ? nil : period))
    lines.append(.base(single ?? e.source, start))
    switch period.unit {
    case .workingDays:
      lines.append(.workingDays(amount: period.amount, calendar: (engine.calendar as? HolidayCalendar)?.id))
      var skipped: [DeadlineNote.DaysOff] = []
      var d = start
      let step = period.amount >= 0 ? 1 : -1
      while d != due {
        d = d.adding(days: step)
        guard !engine.calendar.isWorkingDay(d) else { continue }
        let holiday = (engine.calendar as? HolidayCalendar)?.daysOff[d.dayNumber]
        // Consecutive days off of one holiday read as one run; weekly rest days stay one by one.
        if let last = skipped.last, holiday != nil, last.holiday == holiday, last.last.adding(days: step) == d {
          skipped[skipped.count - 1] = .init(first: step > 0 ? last.first : d, last: step > 0 ? d : last.last, holiday: holiday)
        } else {
          skipped.append(.init(first: d, last: d, holiday: holiday))
        }
      }
      lines.append(.skipped(skipped))
    default:
      lines.append(.calendarOffset(period))
    }
    explainChanges(of: e.references, history: history, into: &lines)
  }

  private func explainChanges(of references: [String], history: [FieldChange], into lines: inout Notes) {
    for change in history where references.contains(change.field) { lines.append(.changed(change)) }
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
