import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

extension CLI {
  /// The business "now": `--at` when given, else the clock.
  func readTime() throws -> Date { try effectiveTime() ?? clock.now() }

  func taskExplain(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "task explain")
    try p.expectPositionals(1...1, command: "task explain")
    let key = try p.positional(0, "the task key", command: "task explain")
    let store = try openStore()
    let task = try store.requireTask(key: key)
    let engine = try store.engine(hash: task.definitionHash)
    let now = try readTime()
    let statuses = DeadlineCalculator(engine: engine).statuses(for: task, now: now, history: try store.fieldChanges(key: key))
    if json {
      emit(.array(statuses.map(deadlineJSON)))
      return .success
    }
    let presenter = TaskPresenter(engine: engine, language: language)
    var lines = [
      "Task \(task.key) — \(task.fields["title"]?.plainText ?? "")",
      "State \(task.state) — \(presenter.stateLabel(task.state)); as of \(Timestamp.formatLocal(now, in: engine.definition.timeZone))",
    ]
    if statuses.isEmpty { lines.append("Workflow '\(engine.definition.id)' declares no deadlines.") }
    for s in statuses {
      lines.append("")
      let due = s.dueDate.map { "due \($0)" } ?? ""
      lines.append("● \(s.deadline.label.text(language, fallback: s.deadline.id)) [\(s.deadline.id)] — \(phaseText(s)) \(due)")
      for line in s.explanation { lines.append("    " + line) }
      let upcoming = s.timers.filter { $0.fireAt > now }.prefix(3)
      if !upcoming.isEmpty {
        lines.append(
          "    Next notices: "
            + upcoming.map { "\($0.kind.rawValue) \(Timestamp.formatLocal($0.fireAt, in: engine.definition.timeZone))" }.joined(
              separator: ", "))
      }
    }
    Console.out(lines.joined(separator: "\n"))
    return .success
  }

  func phaseText(_ s: DeadlineStatus) -> String {
    switch s.phase {
    case .inactive: return "not running"
    case .met: return "met"
    case .paused: return "paused"
    case .beforeTracking: return "before tracking"
    case .pending: return "pending (\(s.daysLeft ?? 0) days left)"
    case .overdue: return "OVERDUE by \(-(s.daysLeft ?? 0)) days"
    }
  }

  func deadlineJSON(_ s: DeadlineStatus) -> JSON {
    .object([
      ("deadline", .string(s.deadline.id)), ("label", .string(s.deadline.label.text(language))), ("phase", .string(s.phase.rawValue)),
      ("occurrence", .integer(Int64(s.occurrence))), ("dueDate", s.dueDate.map { .string($0.description) } ?? .null),
      ("daysLeft", s.daysLeft.map { .integer(Int64($0)) } ?? .null), ("missed", .integer(Int64(s.missed))),
      ("explanation", .array(s.explanation.map { .string($0) })), ("basis", s.deadline.basis.map { .string($0) } ?? .null),
    ])
  }

  /// `--within 30d` as an end date from `today`.
  func horizon(_ text: String?, today: LocalDate, command: String) throws(UsageError) -> LocalDate? {
    guard let text else { return nil }
    guard let p = Period(text), p.amount >= 0 else {
      throw UsageError(
        "--within takes a duration such as 30d, 15wd, 2w or 3mo (at most a century: 36600d, 26100wd, 1200mo, 100y), not '\(text)'",
        command: command)
    }
    return p.added(to: today, calendar: WeekdayCalendar())
  }

  func due(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "due", options: ["--within", "--workflow"], flags: ["--overdue"])
    try p.expectPositionals(0...0, command: "due")
    let store = try openStore()
    let now = try readTime()
    let today = LocalDate(now, in: CLI.defaultTimeZone)
    let until = p.has("--overdue") ? today.adding(days: -1) : try horizon(p.value("--within"), today: today, command: "due")
    let items = try store.dueItems(until: until, workflow: p.value("--workflow")).filter { try visible($0.taskKey, in: store) }
    var labels: [String: String] = [:]
    for d in try store.definitions() {
      for deadline in d.definition.deadlines {
        labels["\(d.workflow)/\(deadline.id)"] = deadline.label.text(language, fallback: deadline.id)
      }
    }
    if json {
      emit(
        .array(
          items.map { i in
            let days = i.dueDate.dayNumber - today.dayNumber
            return .object([
              ("task", .string(i.taskKey)), ("workflow", .string(i.workflow)), ("deadline", .string(i.deadlineId)),
              ("label", .string(labels["\(i.workflow)/\(i.deadlineId)"] ?? i.deadlineId)), ("occurrence", .integer(Int64(i.occurrence))),
              ("dueDate", .string(i.dueDate.description)), ("daysLeft", .integer(Int64(days))),
              ("status", .string(i.phase == "paused" ? "paused" : days < 0 ? "overdue" : "pending")),
            ])
          }))
      return .success
    }
    var t = TextTable(["DUE", "DAYS", "TASK", "DEADLINE", "STATUS"])
    for i in items {
      let days = i.dueDate.dayNumber - today.dayNumber
      let status = i.phase == "paused" ? "paused" : days < 0 ? "OVERDUE \(-days)d" : days == 0 ? "due today" : "in \(days)d"
      t.add([i.dueDate.description, String(days), i.taskKey, labels["\(i.workflow)/\(i.deadlineId)"] ?? i.deadlineId, status])
    }
    Console.out(
      items.isEmpty
        ? "Nothing due\(until.map { " by \($0)" } ?? "")."
        : t.render(maxWidth: 60) + "\n\(items.count) deadline\(items.count == 1 ? "" : "s")")
    return .success
  }
}
