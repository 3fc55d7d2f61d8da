import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// The half-year or annual report of a department, computed from the events whose effective time falls
/// in the period: every count comes with the task keys behind it.
public struct PeriodReport: Sendable {
  public let from: LocalDate
  public let to: LocalDate
  /// Tasks running at some point in the period.
  public var managed: [String] = []
  /// Managed tasks created before the period (chuyển tiếp).
  public var carriedOver: [String] = []
  /// Tasks created (registered as proposals, or imported) in the period.
  public var new: [String] = []
  public var byLevel: [String: [String]] = [:]
  public var byWorkflow: [String: [String]] = [:]
  /// Per council (by label): sessions closed in the period, and their outcomes.
  public var councils: [(name: String, label: LocalizedText, held: [String], outcomes: [String: [String]])] = []
  /// Per report category (contracted, inspection, …): the tasks.
  public var categories: [String: [String]] = [:]
  public var acceptances: [String: [String]] = [:]
  public var terminations: [(key: String, reason: String)] = []
  public var deadlinesMet: [(key: String, deadline: String)] = []
  public var deadlinesMissed: [(key: String, deadline: String)] = []
  public var overdueAtEnd: [(key: String, deadline: String, label: LocalizedText, days: Int)] = []
}

extension EventStore {
  /// Computes the report for `from`…`to` (inclusive, in each workflow's time zone) from the event log.
  public func periodReport(from: LocalDate, to: LocalDate, workflow: String? = nil) throws -> PeriodReport {
    var report = PeriodReport(from: from, to: to)
    var councilIndex: [String: Int] = [:]
    for task in try tasks(workflow: workflow) {
      let engine = try self.engine(hash: task.definitionHash)
      let d = engine.definition
      let start = from.start(in: d.timeZone)
      let end = to.adding(days: 1).start(in: d.timeZone)
      let history = try self.history(key: task.key)
      guard let created = history.first?.event.effectiveAt, created < end else { continue }
      // When it reached a final state, if it did before the period began it was not managed in it.
      var closedAt: Date?
      var state: TaskState?
      var stateAtEnd: TaskState?
      var metDeadlines = Set<String>()
      for r in history {
        let e = r.event
        Engine.evolve(&state, e)
        if e.effectiveAt < end { stateAtEnd = state }
        if closedAt == nil, let s = state, d.state(s.state)?.isFinal == true { closedAt = e.effectiveAt }
        guard e.effectiveAt >= start, e.effectiveAt < end else { continue }
        switch e.payload {
        case .fired(let t, _, _, let fields, let comment, _):
          if let category = d.transition(t)?.reportCategory {
            let parts = category.split(separator: ":").map(String.init)
            if parts[0] == "acceptance" {
              let field = parts.count > 1 ? parts[1] : "acceptanceRating"
              let rating = (fields[field] ?? state?.fields[field])?.plainText ?? "?"
              report.acceptances[rating, default: []].append(task.key)
            } else {
              report.categories[parts[0], default: []].append(task.key)
            }
            if parts[0] == "termination" { report.terminations.append((task.key, comment ?? "")) }
          }
          for deadline in d.deadlines where deadline.metBy == t && !metDeadlines.contains(deadline.id) {
            metDeadlines.insert(deadline.id)
            report.deadlinesMet.append((task.key, deadline.id))
          }
        case .councilClosed(let council, let outcome, _, _):
          let label = d.council(council)?.label ?? LocalizedText(vi: council, en: council)
          let id = "\(d.id)/\(council)"
          if councilIndex[id] == nil {
            councilIndex[id] = report.councils.count
            report.councils.append((council, label, [], [:]))
          }
          if let i = councilIndex[id] {
            report.councils[i].held.append(task.key)
            report.councils[i].outcomes[outcome, default: []].append(task.key)
          }
        case .notice(.missed, let deadline, _, _, _, _, _):
          report.deadlinesMissed.append((task.key, deadline))
        default: break
        }
      }
      if let closedAt, closedAt < start { continue }
      report.managed.append(task.key)
      if created < start { report.carriedOver.append(task.key) } else { report.new.append(task.key) }
      report.byLevel[task.fields["level"]?.plainText ?? "—", default: []].append(task.key)
      report.byWorkflow[d.id, default: []].append(task.key)
      if let s = stateAtEnd {
        for status in DeadlineCalculator(engine: engine).statuses(for: s, now: end.addingTimeInterval(-1), explain: false, plan: false)
        where status.phase == .overdue {
          report.overdueAtEnd.append((task.key, status.deadline.id, status.deadline.label, -(status.daysLeft ?? 0)))
          // A deadline that fell due in the period and is still unmet was missed in it, whether or not
          // the scheduler has recorded the miss yet.
          if let due = status.dueDate, due >= from, due <= to,
            !report.deadlinesMissed.contains(where: { $0.key == task.key && $0.deadline == status.deadline.id })
          {
            report.deadlinesMissed.append((task.key, status.deadline.id))
          }
        }
      }
    }
    return report
  }
}
