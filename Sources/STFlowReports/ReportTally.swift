import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

/// The report as it is being counted, one task after another.
///
/// Per task it folds the history up to the period's end, by effective time, and asks the workflow's
/// `report` section what each fact means: the states that make a task a proposal or put it on a plan, the
/// start year field, the fields that break it down, the rating of an acceptance. Deadlines are judged from
/// the state just before the event that met them, so entering events after the fact counts the same.
struct Tally {
  let from: LocalDate
  let to: LocalDate
  let followedAsManaged: Bool
  let people: [String: Actor]
  var report: PeriodReport
  var breakdowns: [String: PeriodReport.Breakdown] = [:]
  var breakdownOrder: [String] = []
  // The field each breakdown's groups are put in order by: the one of the last task counted in it.
  var sortingField: [String: FieldDefinition] = [:]
  var councilIndex: [String: Int] = [:]
  var acceptances: [String: (label: LocalizedText, order: Int, tasks: [PeriodReport.TaskRef])] = [:]

  init(from: LocalDate, to: LocalDate, followedAsManaged: Bool, people: [String: Actor]) {
    self.from = from
    self.to = to
    self.followedAsManaged = followedAsManaged
    self.people = people
    report = PeriodReport(from: from, to: to, followedAsManaged: followedAsManaged)
  }

  /// Counts one task: its head, its definition's engine, and its events (or why they could not be read).
  mutating func add(_ task: TaskHead, engine: Engine, history read: Result<[RecordedEvent], any Error>) {
    let d = engine.definition
    let rd = d.report
    let start = from.start(in: d.timeZone)
    let end = to.adding(days: 1).start(in: d.timeZone)
    let ref = PeriodReport.TaskRef(key: task.key, title: task.title)
    let calculator = DeadlineCalculator(engine: engine)
    var state: TaskState?
    var registeredAt: Date?
    var plannedAt: Date?
    var closedAt: Date?
    var broken: String?
    var extended = false
    let history: [RecordedEvent]
    switch read {
    case .success(let events): history = events
    case .failure(let error):
      report.unreadable.append((task.key, "its events cannot be read: \(error)"))
      return
    }
    for r in history {
      let e = r.event
      let isNotice: Bool
      if case .notice = e.payload { isNotice = true } else { isNotice = false }
      if e.effectiveAt >= end {
        // A task imported later, on the plan and open, was on it in the period too: the plan of a year
        // is approved before its contracts start, so its snapshot counts (events after it do not).
        guard !isNotice else { continue }
        guard state == nil, case .imported(_, let s, _, _) = e.payload, rd.planStates.contains(s), d.state(s)?.isFinal != true
        else { break }
      }
      let before = state
      switch e.payload {
      case .created(_, let s, _):
        if rd.proposalStates.contains(s) { registeredAt = e.effectiveAt }
      case .imported(_, let s, _, _):
        // What the spreadsheet says happened before tracking: a task imported on the plan (or closed)
        // was on it before the period; one imported as a proposal was registered when it says.
        if rd.proposalStates.contains(s) { registeredAt = e.effectiveAt } else { plannedAt = .distantPast }
      default:
        guard before != nil else {
          broken = "event \(e.sequence) (\(e.payload.kind)) comes before the task's creation"
          break
        }
      }
      if broken != nil { break }
      Engine.evolve(&state, e)
      guard let now = state else { continue }
      if case .fired(let t, _, _, _, _, _) = e.payload, d.transition(t)?.reportCategory == .extension { extended = true }
      if plannedAt == nil, rd.planStates.contains(now.state) { plannedAt = e.effectiveAt }
      if closedAt == nil, d.state(now.state)?.isFinal == true { closedAt = e.effectiveAt }
      guard e.effectiveAt >= start, e.effectiveAt < end else { continue }
      switch e.payload {
      case .fired(let t, _, _, let fields, let comment, _):
        if let category = d.transition(t)?.reportCategory {
          if category == .acceptance {
            let field = rd.rating ?? ""
            let code = (fields[field] ?? now.fields[field])?.plainText ?? "?"
            let def = d.field(field)
            let order = def?.enumValues.firstIndex(of: code) ?? Int.max
            let label = def?.valueLabels[code] ?? LocalizedText(vi: code, en: code)
            acceptances[code, default: (label, order, [])].tasks.append(ref)
          } else {
            report.categories[category, default: []].append(ref)
          }
          if category == .termination { report.terminations.append((ref, comment ?? "")) }
        }
        if let before {
          for deadline in d.deadlines where deadline.metBy == t {
            let status = calculator.status(of: deadline, for: before, now: e.effectiveAt, explain: false, plan: false)
            guard status.phase == .pending || status.phase == .overdue, let due = status.dueDate else { continue }
            let met = LocalDate(e.effectiveAt, in: d.timeZone)
            let late = max(0, met.dayNumber - due.dayNumber)
            let item = PeriodReport.DeadlineItem(
              task: ref, deadline: deadline.id, label: deadline.label, occurrence: status.occurrence, due: due, met: met, daysLate: late,
              occurrencesMissed: 0)
            if late > 0 { report.metLate.append(item) } else { report.metOnTime.append(item) }
          }
        }
      case .councilClosed(let council, let outcome, _, _):
        let id = "\(d.id)/\(council)"
        let def = d.council(council)
        if councilIndex[id] == nil {
          councilIndex[id] = report.councils.count
          report.councils.append(
            PeriodReport.Council(workflow: d.id, name: council, label: def?.label ?? LocalizedText(vi: council, en: council)))
        }
        if let i = councilIndex[id] {
          report.councils[i].held.append(ref)
          let label = ReportBuilder.outcomeLabel(outcome, council: def, definition: d)
          report.councils[i].outcomes[outcome, default: (label, [])].tasks.append(ref)
        }
      default: break
      }
    }
    if let broken {
      report.unreadable.append((task.key, broken))
      return
    }
    guard let atEnd = state else { return }
    let closedBeforeStart = closedAt.map { $0 < start } ?? false
    let startYear = ReportBuilder.startYear(atEnd, rd, plannedAt: plannedAt, timeZone: d.timeZone)
    if startYear == nil, plannedAt != nil, !closedBeforeStart { report.noStartYear.append(ref) }
    let carried = startYear.map { $0 < report.year } == true && (plannedAt.map { $0 < start } ?? false) && !closedBeforeStart
    let isNew = startYear == report.year && plannedAt != nil && !closedBeforeStart
    if let at = registeredAt, at >= start, !carried, !isNew { report.proposals.append(ref) }
    let followed = rd.followed.map { f in atEnd.fields[f.field].map { f.values.contains($0.plainText) } ?? false } ?? false
    if followed && (carried || isNew) { report.followed.append(ref) }
    if (carried || isNew) && (!followed || followedAsManaged) {
      report.managed.append(ref)
      if carried { report.carriedOver.append(ref) } else { report.new.append(ref) }
      let approved = ReportBuilder.money(atEnd.fields[rd.budgetApproved ?? ""])
      let disbursed = ReportBuilder.money(atEnd.fields[rd.budgetDisbursed ?? ""])
      report.budgetApproved += approved
      report.budgetDisbursed += disbursed
      report.annex.append(
        ReportBuilder.annexRow(ref, atEnd, d, people: people, approved: approved, disbursed: disbursed, extended: extended))
      for name in rd.breakdowns {
        guard let field = d.field(name) else { continue }
        // Taken out of the dictionary while it grows, so its lists are appended to in place, not copied.
        var breakdown =
          breakdowns.removeValue(forKey: name)
          ?? {
            breakdownOrder.append(name)
            return PeriodReport.Breakdown(field: name, label: field.label ?? LocalizedText(vi: name, en: name), groups: [])
          }()
        let value = atEnd.fields[name]?.plainText ?? ""
        let i: Int
        if let found = breakdown.groups.firstIndex(where: { $0.value == value }) {
          i = found
        } else {
          let label =
            value.isEmpty
            ? LocalizedText(vi: "Chưa ghi", en: "Not given") : field.valueLabels[value] ?? LocalizedText(vi: value, en: value)
          breakdown.groups.append(PeriodReport.Group(value: value, label: label))
          i = breakdown.groups.count - 1
        }
        breakdown.groups[i].managed.append(ref)
        if carried { breakdown.groups[i].carriedOver.append(ref) } else { breakdown.groups[i].new.append(ref) }
        breakdown.groups[i].budgetApproved += approved
        breakdown.groups[i].budgetDisbursed += disbursed
        breakdowns[name] = breakdown
        sortingField[name] = field
      }
    }
    // What is still unmet at the period's end was missed, however long ago it fell due.
    if d.state(atEnd.state)?.isFinal != true {
      for status in calculator.statuses(for: atEnd, now: end.addingTimeInterval(-1), explain: false, plan: false)
      where status.phase == .overdue {
        guard let due = status.dueDate else { continue }
        report.missed.append(
          PeriodReport.DeadlineItem(
            task: ref, deadline: status.deadline.id, label: status.deadline.label, occurrence: status.occurrence, due: due, met: nil,
            daysLate: to.dayNumber - due.dayNumber, occurrencesMissed: max(1, status.missed)))
      }
    }
  }

  /// The report, once every task is counted.
  func finish() -> PeriodReport {
    var report = self.report
    report.breakdowns = breakdownOrder.compactMap { name in
      guard var b = breakdowns[name], let field = sortingField[name] else { return nil }
      // Enum groups in the field's order, others by name; "not given" last.
      func rank(_ g: PeriodReport.Group) -> Int { field.enumValues.firstIndex(of: g.value) ?? (g.value.isEmpty ? Int.max : Int.max - 1) }
      b.groups.sort { a, c in rank(a) != rank(c) ? rank(a) < rank(c) : a.value < c.value }
      return b
    }
    report.annex.sort { $0.task < $1.task }
    // Each row's missed deadlines, gathered once (a row at a time would read every missed deadline per row).
    var missedLabels: [String: [LocalizedText]] = [:]
    for m in report.missed { missedLabels[m.task.key, default: []].append(m.label) }
    for i in report.annex.indices {
      report.annex[i].overdue = missedLabels[report.annex[i].task.key] ?? []
    }
    report.acceptances = acceptances.sorted { $0.value.order != $1.value.order ? $0.value.order < $1.value.order : $0.key < $1.key }
      .map { ($0.key, $0.value.label, $0.value.tasks) }
    return report
  }
}
