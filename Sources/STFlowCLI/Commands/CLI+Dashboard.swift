import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension CLI {
  /// The data the dashboard page draws: counts by stage and, per task, its dates, deadlines, councils and history.
  func dashboardData(_ store: EventStore, now: Date, workflow: String? = nil) throws -> JSON {
    var stageCounts: [(stage: String, label: String, count: Int)] = []
    var rows: [JSON] = []
    let people = try store.peopleByLogin()
    for task in try store.tasks(workflow: workflow) {
      let engine = try store.engine(hash: task.definitionHash)
      let d = engine.definition
      let presenter = TaskPresenter(engine: engine, language: language)
      let words = HistoryText(definition: d, formats: presenter.formats, people: people)
      let state = d.state(task.state)
      let stageKey = state?.stage ?? task.state
      if let i = stageCounts.firstIndex(where: { $0.stage == stageKey }) {
        stageCounts[i].count += 1
      } else {
        stageCounts.append((stageKey, StageText.labels[stageKey].map { language == "en" ? $0.en : $0.vi } ?? stageKey, 1))
      }
      let statuses = DeadlineCalculator(engine: engine).statuses(for: task, now: now, explain: false, plan: false)
      let running = statuses.filter { [.pending, .overdue, .paused].contains($0.phase) && $0.dueDate != nil }
      func date(_ name: String) -> JSON {
        if case .date(let v)? = task.fields[name] { return .string(v.description) } else { return .null }
      }
      rows.append(
        .object([
          ("key", .string(task.key)), ("title", .string(task.fields["title"]?.plainText ?? "")),
          ("level", .string(task.fields["level"]?.plainText ?? "—")), ("state", .string(task.state)),
          ("stateLabel", .string(presenter.stateLabel(task.state))), ("stage", .string(stageKey)),
          ("start", date("contractStart")), ("end", date("contractEnd")),
          ("overdue", .bool(running.contains { $0.phase == .overdue })),
          (
            "deadlines",
            .array(
              running.map { s in
                .object([
                  ("id", .string(s.deadline.id)), ("label", .string(s.deadline.label.text(language, fallback: s.deadline.id))),
                  ("due", .string(s.dueDate?.description ?? "")), ("phase", .string(s.phase.rawValue)),
                ])
              })
          ),
          (
            "councils",
            .array(
              task.councils.values.sorted { $0.council < $1.council }.compactMap { c in
                guard let outcome = c.outcome else { return nil }
                return .object([
                  ("label", .string(d.council(c.council)?.label.text(language, fallback: c.council) ?? c.council)),
                  ("outcome", .string(CouncilText(definition: d, formats: words.formats).outcome(outcome))),
                  ("score", c.score.map { .integer(Int64($0)) } ?? .null),
                ])
              })
          ),
          (
            "history",
            .array(
              try store.history(key: task.key).map { (r: RecordedEvent) -> JSON in .string(words.line(r.event)) })
          ),
        ]))
    }
    let order = [
      "proposal", "identification", "selection", "appraisal", "approval", "contract", "implementation", "adjustment", "acceptance",
      "closure",
    ]
    stageCounts.sort { (order.firstIndex(of: $0.stage) ?? 99) < (order.firstIndex(of: $1.stage) ?? 99) }
    return .object([
      ("asOf", .string(LocalDate(now, in: CLI.defaultTimeZone).description)),
      (
        "stages",
        .array(
          stageCounts.map { .object([("stage", .string($0.stage)), ("label", .string($0.label)), ("count", .integer(Int64($0.count)))]) })
      ),
      ("tasks", .array(rows)),
    ])
  }

  /// `stflow dashboard [--out FILE]`: writes the self-contained HTML dashboard.
  func dashboard(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "dashboard", options: ["--out", "--workflow"])
    try p.expectPositionals(0...0, command: "dashboard")
    let store = try openStore()
    let out = p.value("--out") ?? "stflow-dashboard.html"
    let data = try dashboardData(store, now: try readTime(), workflow: p.value("--workflow"))
    let title = language == "en" ? "STFlow — S&T tasks" : "STFlow — Nhiệm vụ khoa học và công nghệ"
    try OutputFile.write(DashboardPage.html(title: title, dataJSON: data.compactText), to: out)
    Console.out("wrote \(out) (\(data["tasks"]?.arrayValue?.count ?? 0) tasks); open it in a browser")
    return .success
  }
}
