import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
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
    let text = DeadlineText(definition: engine.definition, formats: formats, people: try store.peopleByLogin())
    if json {
      emit(.array(statuses.map { deadlineJSON($0, text: text) }))
      return .success
    }
    let f = formats
    var lines = [
      f.t("Nhiệm vụ", "Task") + " \(task.key) — \(task.fields["title"]?.plainText ?? "")",
      f.t("Bước hiện tại: ", "Step: ") + text.labels.state(task.state) + f.t("; tính đến ", "; as of ") + f.dateTime(now),
    ]
    if statuses.isEmpty { lines.append(f.t("Quy trình không quy định thời hạn nào.", "The workflow declares no deadlines.")) }
    for s in statuses {
      lines.append("")
      let due = s.dueDate.map { f.t(", hạn ", ", due ") + text.day($0) } ?? ""
      lines.append("● \(s.deadline.label.text(language, fallback: s.deadline.id)) [\(s.deadline.id)] — \(text.phase(s))\(due)")
      for line in text.lines(s) { lines.append("    " + line) }
      let upcoming = s.timers.filter { $0.fireAt > now }.prefix(3)
      if !upcoming.isEmpty {
        lines.append("    " + f.t("Thông báo sắp tới: ", "Next notices: ") + upcoming.map(text.notice).joined(separator: ", "))
      }
    }
    Console.out(lines.joined(separator: "\n"))
    return .success
  }

  func deadlineJSON(_ s: DeadlineStatus, text: DeadlineText) -> JSON {
    .object([
      ("deadline", .string(s.deadline.id)), ("label", .string(s.deadline.label.text(language))), ("phase", .string(s.phase.rawValue)),
      ("occurrence", .integer(Int64(s.occurrence))), ("dueDate", s.dueDate.map { .string($0.description) } ?? .null),
      ("daysLeft", s.daysLeft.map { .integer(Int64($0)) } ?? .null), ("missed", .integer(Int64(s.missed))),
      ("explanation", .array(text.lines(s).map { .string($0) })), ("basis", s.deadline.basis.map { .string($0) } ?? .null),
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
    // Each deadline's label, by workflow and deadline id.
    var labels: [String: [String: String]] = [:]
    for d in try store.definitions() {
      for deadline in d.definition.deadlines {
        labels[d.workflow, default: [:]][deadline.id] = deadline.label.text(language, fallback: deadline.id)
      }
    }
    if json {
      emit(
        .array(
          items.map { i in
            let days = i.dueDate.dayNumber - today.dayNumber
            return .object([
              ("task", .string(i.taskKey)), ("workflow", .string(i.workflow)), ("deadline", .string(i.deadlineId)),
              ("label", .string(labels[i.workflow]?[i.deadlineId] ?? i.deadlineId)), ("occurrence", .integer(Int64(i.occurrence))),
              ("dueDate", .string(i.dueDate.description)), ("daysLeft", .integer(Int64(days))),
              ("status", .string(i.phase == "paused" ? "paused" : days < 0 ? "overdue" : "pending")),
            ])
          }))
      return .success
    }
    let f = formats
    var t = TextTable([
      f.t("HẠN", "DUE"), f.t("NGÀY", "DAYS"), f.t("NHIỆM VỤ", "TASK"), f.t("THỜI HẠN", "DEADLINE"), f.t("TÌNH TRẠNG", "STATUS"),
    ])
    for i in items {
      let days = i.dueDate.dayNumber - today.dayNumber
      let status =
        i.phase == "paused"
        ? f.t("tạm dừng tính hạn", "paused")
        : days < 0
          ? f.t("quá hạn \(-days) ngày", "OVERDUE \(-days)d")
          : days == 0 ? f.t("đến hạn hôm nay", "due today") : f.t("còn \(days) ngày", "in \(days)d")
      t.add([f.date(i.dueDate), String(days), i.taskKey, labels[i.workflow]?[i.deadlineId] ?? i.deadlineId, status])
    }
    let by = until.map { f.t(" đến \(f.date($0))", " by \(f.date($0))") } ?? ""
    Console.out(
      items.isEmpty
        ? f.t("Không có thời hạn nào\(by).", "Nothing due\(by).")
        : t.render(maxWidth: 60) + "\n" + f.t("\(items.count) thời hạn", "\(items.count) deadline\(items.count == 1 ? "" : "s")"))
    return .success
  }
}
