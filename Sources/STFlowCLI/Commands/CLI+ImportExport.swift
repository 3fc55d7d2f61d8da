import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

#if canImport(Glibc)
  import Glibc
#endif

extension CLI {
  /// `stflow import tasks FILE [--workflow W] [--as-of DATE] [--strict] [--dry-run]`: all rows or none.
  func importTasks(_ args: [String]) throws -> ExitCode {
    let command = "import tasks"
    let p = try ParsedArguments(args, command: command, options: ["--workflow", "--as-of"], flags: ["--dry-run", "--strict"])
    try p.expectPositionals(1...1, command: command)
    let file = try p.positional(0, "the spreadsheet (.csv, .xlsx, .ods)", command: command)
    let actorName = try requireActor(command)
    let text = try SpreadsheetReader.csvText(of: file)
    let store = try openStore()
    var engines: [String: Engine] = [:]
    for d in try store.definitions() where engines[d.workflow] == nil {
      if let latest = try store.latestDefinition(workflow: d.workflow) { engines[d.workflow] = try store.engine(hash: latest.hash) }
    }
    if let w = p.value("--workflow"), engines[w] == nil {
      throw StoreError.input(
        "unknown workflow '\(w)' (see 'stflow workflow list')", vi: "không có quy trình '\(w)' (xem 'stflow workflow list')")
    }
    guard let actor = try store.actor(named: actorName) else {
      throw StoreError.input("unknown actor '\(actorName)'", vi: "không có người dùng '\(actorName)'")
    }
    let now = clock.now()
    var asOf: Date?
    if let text = p.value("--as-of") {
      guard let day = Timestamp.parseDate(text) else {
        throw UsageError(
          "--as-of takes a date (dd/MM/yyyy), not '\(text)'", vi: "--as-of nhận một ngày (dd/MM/yyyy), không nhận '\(text)'",
          command: command)
      }
      asOf = day.adding(days: 1).start(in: CLI.defaultTimeZone).addingTimeInterval(-1)
      if let a = asOf, a > now.addingTimeInterval(86400) {
        throw UsageError("--as-of \(text) is in the future", vi: "--as-of \(text) là ngày trong tương lai", command: command)
      }
      asOf = asOf.map { min($0, now) }
    }
    let plan = try TaskImporter.plan(
      csv: text,
      context: TaskImporter.Context(
        engines: engines, defaultWorkflow: p.value("--workflow"), actor: actor, now: now, asOf: asOf, strict: p.has("--strict"),
        exists: { try store.task(key: $0) != nil }, people: try store.actors()))
    for w in plan.warnings { Console.err("\(file): \(w)") }
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
      Console.out("Dry run: \(plan.commands.count) tasks and \(plan.people.count) new people would be imported; nothing written.")
      for (h, t) in plan.columns { Console.out("  \(h) → \(t)") }
      return .success
    }
    let total = plan.commands.count
    let showProgress = total > 300 && isatty(2) != 0 && !json
    let imported = try store.executeBatch(plan.commands, people: plan.people) { done in
      guard showProgress else { return }
      let width = 30
      let filled = width * done / max(1, total)
      Console.raw("\rImporting [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)")
    }
    if showProgress { Console.raw("\r\(String(repeating: " ", count: 60))\r") }
    if json {
      emit(
        .object([
          ("imported", .integer(Int64(imported))), ("people", .array(plan.people.map { .string($0.name) })), ("problems", .array([])),
          ("warnings", .array(plan.warnings.map { .string($0.description) })),
        ]))
    } else {
      let workflows = Set(plan.commands.compactMap(\.workflow)).sorted().joined(separator: ", ")
      Console.out(
        "imported \(imported) tasks into \(workflows) from \(file)"
          + (plan.people.isEmpty ? "" : "; \(plan.people.count) new people recorded (give them a login with 'stflow actor add')"))
    }
    return .success
  }

  /// `stflow export tasks [--format csv|json] [--workflow W]`: the portfolio, in the import's own columns.
  func exportTasks(_ args: [String]) throws -> ExitCode {
    let command = "export tasks"
    let p = try ParsedArguments(args, command: command, options: ["--format", "--workflow", "--out"])
    try p.expectPositionals(0...0, command: command)
    let store = try openStore()
    let tasks = try store.tasks(workflow: p.value("--workflow"))
    let format = p.value("--format") ?? (json ? "json" : "csv")
    let text: String
    switch format {
    case "json":
      text =
        JSON.array(try tasks.map { TaskPresenter(engine: try store.engine(hash: $0.definitionHash), language: language).json($0) })
        .prettyText + "\n"
    case "csv":
      text = try exportCSV(tasks, store: store)
    default:
      throw UsageError(
        "--format takes csv or json, not '\(format)'", vi: "--format nhận csv hoặc json, không nhận '\(format)'", command: command)
    }
    if let out = p.value("--out") {
      try OutputFile.write(text, to: out)
      Console.out(language == "en" ? "wrote \(out)" : "đã ghi \(out)")
    } else {
      Console.write(text)
    }
    return .success
  }

  /// CSV with a byte-order mark (so spreadsheet programs read UTF-8): key, workflow, state, date reached,
  /// what already happened, then every field by label — people by name, with their login id beside.
  func exportCSV(_ tasks: [TaskState], store: EventStore) throws -> String {
    var fieldColumns: [(name: String, header: String, isActor: Bool)] = []
    var transitions: [String] = []
    for t in tasks {
      let d = try store.engine(hash: t.definitionHash).definition
      for f in d.fields where f.type != .document && !fieldColumns.contains(where: { $0.name == f.name }) {
        fieldColumns.append((f.name, f.label?.text(language, fallback: f.name) ?? f.name, f.type == .actor))
      }
      for id in t.firings.keys where !transitions.contains(id) && d.transition(id)?.to == nil { transitions.append(id) }
    }
    transitions.sort()
    let people = try store.peopleByLogin()
    var header =
      language == "en" ? ["Key", "Workflow", "State", "Entered"] : ["Mã nhiệm vụ", "Quy trình", "Trạng thái", "Ngày vào trạng thái"]
    for c in fieldColumns {
      header.append(c.header)
      if c.isActor { header.append(c.header + TaskImporter.accountSuffix) }
    }
    header += transitions.flatMap { ["count.\($0)", "fired.\($0)"] }
    var rows = [header]
    for t in tasks {
      let d = try store.engine(hash: t.definitionHash).definition
      var row = [
        t.key, t.workflowId, d.state(t.state)?.label.text(language, fallback: t.state) ?? t.state,
        Self.csvDate(LocalDate(t.enteredAt, in: d.timeZone)),
      ]
      for c in fieldColumns {
        if c.isActor {
          let id = t.fields[c.name]?.plainText ?? ""
          row.append(people[id]?.shownName ?? id)
          row.append(id)
        } else if let f = d.field(c.name), f.type == .enum, let v = t.fields[c.name]?.plainText {
          row.append(f.valueLabel(v, language))
        } else {
          row.append(Self.csvValue(t.fields[c.name]))
        }
      }
      for id in transitions {
        let f = t.firings[id]
        row.append(f.map { String($0.count) } ?? "")
        row.append(f.map { Self.csvDate(LocalDate($0.last, in: d.timeZone)) } ?? "")
      }
      rows.append(row)
    }
    return "\u{FEFF}" + CSV.write(rows)
  }

  static func csvDate(_ d: LocalDate) -> String {
    d.dayMonthYear
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
