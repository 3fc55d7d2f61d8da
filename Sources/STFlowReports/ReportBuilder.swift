import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore
import Synchronization

/// Computes a ``PeriodReport`` from the store's read API (tasks, their histories, their definitions); the
/// counting itself is the ``Tally``'s.
public enum ReportBuilder {
  /// Tasks are counted in chunks of `tasksPerChunk` on as many threads as there are cores, each chunk into a
  /// tally of its own; the tallies are then joined in key order, which gives the report one tally would.
  public static func build(
    store: EventStore, from: LocalDate, to: LocalDate, workflow: String? = nil, followedAsManaged: Bool = false,
    tasksPerChunk: Int = 2_000
  ) throws -> PeriodReport {
    let people = try store.peopleByLogin()
    let counted = Mutex<[Int: Tally]>([:])
    let chunks = try store.eachTaskHistoryChunk(workflow: workflow, tasksPerChunk: tasksPerChunk) { index, histories in
      var tally = Tally(from: from, to: to, followedAsManaged: followedAsManaged, people: people)
      for h in histories { tally.add(h.head, engine: h.engine, history: h.events) }
      counted.withLock { $0[index] = tally }
    }
    // The first chunk's tally is the start: one chunk is counted exactly as one tally counts.
    return counted.withLock { parts in
      var tally = parts.removeValue(forKey: 0) ?? Tally(from: from, to: to, followedAsManaged: followedAsManaged, people: people)
      for i in 1..<max(1, chunks) { if let part = parts.removeValue(forKey: i) { tally.join(part) } }
      return tally.finish()
    }
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
