import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

#if canImport(Glibc)
  import Glibc
#endif

extension CLI {
  /// `stflow import tasks FILE.csv --workflow W [--dry-run]`: all rows or none.
  func importTasks(_ args: [String]) throws -> ExitCode {
    let command = "import tasks"
    let p = try ParsedArguments(args, command: command, options: ["--workflow"], flags: ["--dry-run"])
    try p.expectPositionals(1...1, command: command)
    let file = try p.positional(0, "the CSV file", command: command)
    guard let workflow = p.value("--workflow") else { throw UsageError("give --workflow W (see 'stflow workflow list')", command: command) }
    let actorName = try requireActor(command)
    guard let data = FileManager.default.contents(atPath: file) else { throw StoreError.badInput("cannot read file '\(file)'") }
    guard let text = String(data: data, encoding: .utf8) else { throw StoreError.badInput("\(file) is not UTF-8 text") }
    let store = try openStore()
    guard let stored = try store.latestDefinition(workflow: workflow) else {
      throw StoreError.badInput("unknown workflow '\(workflow)' (see 'stflow workflow list')")
    }
    guard let actor = try store.actor(named: actorName) else { throw StoreError.badInput("unknown actor '\(actorName)'") }
    let plan = try TaskImporter.plan(
      csv: text, engine: try store.engine(hash: stored.hash), actor: actor, now: clock.now(), exists: { try store.task(key: $0) != nil },
      knownActor: { try store.actor(named: $0) != nil })
    if !plan.problems.isEmpty {
      for problem in plan.problems { Console.err("\(file): \(problem)") }
      Console.err("\(plan.problems.count) problem\(plan.problems.count == 1 ? "" : "s"); nothing was imported")
      if json {
        emit(
          .object([
            ("imported", .integer(0)),
            ("problems", .array(plan.problems.map { .object([("line", .integer(Int64($0.line))), ("message", .string($0.message))]) })),
          ]))
      }
      return .badInput
    }
    if p.has("--dry-run") {
      Console.out("Dry run: \(plan.commands.count) tasks would be imported; nothing written.")
      for (h, t) in plan.columns { Console.out("  \(h) → \(t)") }
      return .success
    }
    let total = plan.commands.count
    let showProgress = total > 300 && isatty(2) != 0 && !json
    let imported = try store.executeBatch(plan.commands) { done in
      guard showProgress else { return }
      let width = 30
      let filled = width * done / max(1, total)
      Console.raw("\rImporting [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)")
    }
    if showProgress { Console.raw("\r\(String(repeating: " ", count: 60))\r") }
    if json {
      emit(.object([("imported", .integer(Int64(imported))), ("problems", .array([]))]))
    } else {
      Console.out("imported \(imported) tasks into \(workflow) from \(file)")
    }
    return .success
  }

  /// `stflow export tasks [--format csv|json] [--workflow W]`: the portfolio, in the import's own columns.
  func exportTasks(_ args: [String]) throws -> ExitCode {
    let command = "export tasks"
    let p = try ParsedArguments(args, command: command, options: ["--format", "--workflow"])
    try p.expectPositionals(0...0, command: command)
    let store = try openStore()
    let tasks = try store.tasks(workflow: p.value("--workflow"))
    let format = p.value("--format") ?? (json ? "json" : "csv")
    switch format {
    case "json":
      emit(.array(try tasks.map { TaskPresenter(engine: try store.engine(hash: $0.definitionHash), language: language).json($0) }))
    case "csv":
      // Columns: key, workflow, state, date reached, then every field of the workflows present, by label.
      var fieldColumns: [(name: String, header: String)] = []
      for t in tasks {
        for f in try store.engine(hash: t.definitionHash).definition.fields where !fieldColumns.contains(where: { $0.name == f.name }) {
          fieldColumns.append((f.name, f.label?.text(language, fallback: f.name) ?? f.name))
        }
      }
      var rows = [
        (language == "en" ? ["Key", "Workflow", "State", "Entered"] : ["Mã nhiệm vụ", "Quy trình", "Trạng thái", "Ngày vào trạng thái"])
          + fieldColumns.map(\.header)
      ]
      for t in tasks {
        let d = try store.engine(hash: t.definitionHash).definition
        var row = [
          t.key, t.workflowId, d.state(t.state)?.label.text(language, fallback: t.state) ?? t.state,
          Self.csvDate(LocalDate(t.enteredAt, in: d.timeZone)),
        ]
        for c in fieldColumns { row.append(Self.csvValue(t.fields[c.name])) }
        rows.append(row)
      }
      Console.out(CSV.write(rows))
    default:
      throw UsageError("--format takes csv or json, not '\(format)'", command: command)
    }
    return .success
  }

  static func csvDate(_ d: LocalDate) -> String {
    let (y, m, day) = d.components
    return String(format: "%02d/%02d/%04d", day, m, y)
  }

  static func csvValue(_ v: Value?) -> String {
    switch v {
    case nil, .null?: return ""
    case .date(let d)?: return csvDate(d)
    case .money(let m)?: return Value.money(m).description.replacingOccurrences(of: " VND", with: "")
    case let other?: return other.plainText
    }
  }
}
