import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

/// Computes a ``PeriodReport`` from the store's read API (tasks, their histories, their definitions).
///
/// Per task it folds the history up to the period's end, by effective time, and asks the workflow's
/// `report` section what each fact means: the states that make a task a proposal or put it on a plan, the
/// start year field, the fields that break it down, the rating of an acceptance. Deadlines are judged from
/// the state just before the event that met them, so entering events after the fact counts the same.
public enum ReportBuilder {
  public static func build(
    store: EventStore, from: LocalDate, to: LocalDate, workflow: String? = nil, followedAsManaged: Bool = false
  ) throws -> PeriodReport {
    var report = PeriodReport(from: from, to: to, followedAsManaged: followedAsManaged)
    var breakdowns: [String: PeriodReport.Breakdown] = [:]
    var breakdownOrder: [String] = []
    var councilIndex: [String: Int] = [:]
    var acceptances: [String: (label: LocalizedText, order: Int, tasks: [PeriodReport.TaskRef])] = [:]
    let people = try store.peopleByLogin()
    try store.eachTaskHistory(workflow: workflow) { task, read in
      let engine = try store.engine(hash: task.definitionHash)
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
            let label = outcomeLabel(outcome, council: def, definition: d)
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
      let startYear = Self.startYear(atEnd, rd, plannedAt: plannedAt, timeZone: d.timeZone)
      if startYear == nil, plannedAt != nil, !closedBeforeStart { report.noStartYear.append(ref) }
      let carried = startYear.map { $0 < report.year } == true && (plannedAt.map { $0 < start } ?? false) && !closedBeforeStart
      let isNew = startYear == report.year && plannedAt != nil && !closedBeforeStart
      if let at = registeredAt, at >= start, !carried, !isNew { report.proposals.append(ref) }
      let followed = rd.followed.map { f in atEnd.fields[f.field].map { f.values.contains($0.plainText) } ?? false } ?? false
      if followed && (carried || isNew) { report.followed.append(ref) }
      if (carried || isNew) && (!followed || followedAsManaged) {
        report.managed.append(ref)
        if carried { report.carriedOver.append(ref) } else { report.new.append(ref) }
        let approved = money(atEnd.fields[rd.budgetApproved ?? ""])
        let disbursed = money(atEnd.fields[rd.budgetDisbursed ?? ""])
        report.budgetApproved += approved
        report.budgetDisbursed += disbursed
        report.annex.append(annexRow(ref, atEnd, d, people: people, approved: approved, disbursed: disbursed, extended: extended))
        for name in rd.breakdowns {
          guard let field = d.field(name) else { continue }
          if breakdowns[name] == nil {
            breakdowns[name] = PeriodReport.Breakdown(field: name, label: field.label ?? LocalizedText(vi: name, en: name), groups: [])
            breakdownOrder.append(name)
          }
          let value = atEnd.fields[name]?.plainText ?? ""
          var groups = breakdowns[name]?.groups ?? []
          let i: Int
          if let found = groups.firstIndex(where: { $0.value == value }) {
            i = found
          } else {
            let label =
              value.isEmpty
              ? LocalizedText(vi: "Chưa ghi", en: "Not given") : field.valueLabels[value] ?? LocalizedText(vi: value, en: value)
            groups.append(PeriodReport.Group(value: value, label: label))
            i = groups.count - 1
          }
          groups[i].managed.append(ref)
          if carried { groups[i].carriedOver.append(ref) } else { groups[i].new.append(ref) }
          groups[i].budgetApproved += approved
          groups[i].budgetDisbursed += disbursed
          // Enum groups in the field's order, others by name; "not given" last.
          groups.sort { a, b in
            let ia = field.enumValues.firstIndex(of: a.value) ?? (a.value.isEmpty ? Int.max : Int.max - 1)
            let ib = field.enumValues.firstIndex(of: b.value) ?? (b.value.isEmpty ? Int.max : Int.max - 1)
            return ia != ib ? ia < ib : a.value < b.value
          }
          breakdowns[name]?.groups = groups
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
    report.breakdowns = breakdownOrder.compactMap { breakdowns[$0] }
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

  static func annexRow(
    _ ref: PeriodReport.TaskRef, _ task: TaskState, _ d: WorkflowDefinition, people: [String: Actor], approved: Int64, disbursed: Int64,
    extended: Bool
  ) -> PeriodReport.AnnexRow {
    let columns = d.annexColumns
    func label(_ field: String?) -> LocalizedText? {
      guard let field, let code = task.fields[field]?.plainText, !code.isEmpty else { return nil }
      return d.field(field)?.valueLabels[code] ?? LocalizedText(vi: code, en: code)
    }
    func date(_ field: String?) -> LocalDate? {
      if let field, case .date(let day)? = task.fields[field] { return day }
      return nil
    }
    let investigator = columns.investigator.flatMap { task.fields[$0]?.plainText }
    return PeriodReport.AnnexRow(
      task: ref, level: label(columns.level), programme: label(columns.programme), host: label(columns.host)?.text("vi"),
      investigator: investigator.map { people[$0]?.shownName ?? $0 }, start: date(columns.start), end: date(columns.end),
      extendedEnd: extended ? date(columns.extendedEnd) : nil, budgetApproved: approved, budgetDisbursed: disbursed,
      state: d.state(task.state)?.label ?? LocalizedText(vi: task.state, en: task.state))
  }

  /// The year implementation starts: the start-year field, else the year of the start date, else the
  /// year the task went on the plan.
  static func startYear(_ task: TaskState, _ rd: ReportDefinition, plannedAt: Date?, timeZone: TimeZone) -> Int? {
    if let f = rd.startYear, case .integer(let y)? = task.fields[f] { return Int(y) }
    if let f = rd.startDate, case .date(let d)? = task.fields[f] { return d.components.year }
    if let p = plannedAt, p != .distantPast { return LocalDate(p, in: timeZone).components.year }
    return nil
  }

  static func money(_ v: Value?) -> Int64 {
    switch v {
    case .money(let m)?, .integer(let m)?: return m
    default: return 0
    }
  }

  /// A council outcome as the department writes it: "thông qua", "chọn Viện …", a rating's label.
  public static func outcomeLabel(_ outcome: String, council: CouncilDefinition?, definition: WorkflowDefinition) -> LocalizedText {
    switch council?.policy {
    case .share?:
      return outcome == "approved"
        ? LocalizedText(vi: "thông qua", en: "approved") : LocalizedText(vi: "không thông qua", en: "not approved")
    case .highestMean?:
      switch outcome {
      case "none": return LocalizedText(vi: "không có hồ sơ đạt", en: "no application passed")
      case "pass": return LocalizedText(vi: "đạt", en: "passed")
      default: return LocalizedText(vi: "chọn \(outcome)", en: "chose \(outcome)")
      }
    case .rating?, nil:
      if let field = definition.report.rating.flatMap(definition.field), let label = field.valueLabels[outcome] { return label }
      return LocalizedText(vi: outcome, en: outcome)
    }
  }
}
