import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension CLI {
  static let writeOptions: Set<String> = ["--comment", "--request-id", "--expect-version"]

  func taskCreate(_ args: [String]) throws -> ExitCode {
    let command = "task create"
    let p = try ParsedArguments(args, command: command, options: ["--request-id"])
    let workflow = try p.positional(0, "the workflow id", command: command)
    let key = try p.positional(1, "the task key", command: command)
    let actor = try requireActor(command)
    let store = try openStore()
    guard let stored = try store.latestDefinition(workflow: workflow) else {
      throw StoreError.input(
        "unknown workflow '\(workflow)' (see 'stflow workflow list')", vi: "không có quy trình '\(workflow)' (xem 'stflow workflow list')")
    }
    let fields = try FieldValueParser.parseAssignments(Array(p.positionals.dropFirst(2)), definition: stored.definition)
    let outcome = try store.execute(
      .create(key: key, fields: fields), taskKey: key, workflow: workflow, actorName: actor,
      effectiveAt: try effectiveTime(timeZone: stored.definition.timeZone), requestId: p.value("--request-id"))
    return try show(outcome, store: store, verb: "created")
  }

  func taskFire(_ args: [String]) throws -> ExitCode {
    let command = "task fire"
    let p = try ParsedArguments(args, command: command, options: CLI.writeOptions)
    let key = try p.positional(0, "the task key", command: command)
    let transition = try p.positional(1, "the transition to fire", command: command)
    return try change(p, key: key, command: command) { definition in
      .fire(
        transition: transition, fields: try FieldValueParser.parseAssignments(Array(p.positionals.dropFirst(2)), definition: definition),
        comment: p.value("--comment"))
    }
  }

  func taskSet(_ args: [String]) throws -> ExitCode {
    let command = "task set"
    let p = try ParsedArguments(args, command: command, options: CLI.writeOptions)
    let key = try p.positional(0, "the task key", command: command)
    guard p.positionals.count > 1 else {
      throw UsageError("give at least one FIELD=VALUE", vi: "cho ít nhất một TRƯỜNG=GIÁ_TRỊ", command: command)
    }
    return try change(p, key: key, command: command) { definition in
      .set(
        fields: try FieldValueParser.parseAssignments(Array(p.positionals.dropFirst(1)), definition: definition),
        comment: p.value("--comment"))
    }
  }

  func taskAttach(_ args: [String]) throws -> ExitCode {
    let command = "task attach"
    let p = try ParsedArguments(args, command: command, options: CLI.writeOptions.union(["--file", "--uri", "--sha256", "--name"]))
    try p.expectPositionals(2...2, command: command)
    let key = try p.positional(0, "the task key", command: command)
    let field = try p.positional(1, "the document field", command: command)
    var uri = p.value("--uri")
    var digest = p.value("--sha256")
    var name = p.value("--name")
    var kept: [[UInt8]] = []
    if let file = p.value("--file") {
      // The file is kept in the database under its SHA-256, in the command's transaction.
      let content = try CLI.readDocument(file)
      kept = [content]
      digest = SHA256.hex(content)
      uri = EventStore.documentURI(SHA256.hex(content))
      name = name ?? URL(fileURLWithPath: file).lastPathComponent
    }
    guard let uri, let digest else {
      throw UsageError(
        "give --file PATH, or both --uri and --sha256", vi: "cho --file ĐƯỜNG_DẪN, hoặc cả --uri và --sha256", command: command)
    }
    let document = DocumentRef(
      name: (name ?? URL(string: uri)?.lastPathComponent ?? uri).precomposedStringWithCanonicalMapping, uri: uri, sha256: digest)
    return try change(p, key: key, command: command, documents: kept) { _ in .attach(field: field, document: document) }
  }

  /// A document to keep: a readable regular file of at most 50 MB.
  static func readDocument(_ path: String) throws -> [UInt8] {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular, let data = FileManager.default.contents(atPath: path)
    else {
      throw StoreError.input(
        "cannot read file '\(path)' (a document must be a readable file)",
        vi: "không đọc được tệp '\(path)' (tài liệu phải là tệp đọc được)")
    }
    guard data.count <= 50 << 20 else {
      throw StoreError.input(
        "file '\(path)' holds \(data.count) bytes; a document may hold at most 50 MB",
        vi: "tệp '\(path)' có \(data.count) byte; tài liệu tối đa 50 MB")
    }
    return [UInt8](data)
  }

  /// Runs a change to an existing task: parse values against its definition, execute, show the result.
  func change(
    _ p: ParsedArguments, key: String, command: String, documents: [[UInt8]] = [], _ make: (WorkflowDefinition) throws -> Command
  ) throws -> ExitCode {
    let actor = try requireActor(command)
    var expected: Int?
    if let v = p.value("--expect-version") {
      guard let n = Int(v) else {
        throw UsageError("--expect-version takes a number", vi: "--expect-version nhận một số", command: command)
      }
      expected = n
    }
    let store = try openStore()
    let task = try store.requireTask(key: key)
    let engine = try store.engine(hash: task.definitionHash)
    let outcome = try store.execute(
      try make(engine.definition), taskKey: key, actorName: actor, effectiveAt: try effectiveTime(timeZone: engine.definition.timeZone),
      requestId: p.value("--request-id"), expectedVersion: expected, documents: documents)
    return try show(outcome, store: store, verb: "changed")
  }

  private func show(_ outcome: CommandOutcome, store: EventStore, verb: String) throws -> ExitCode {
    let presenter = TaskPresenter(engine: try store.engine(hash: outcome.task.definitionHash), language: language)
    if json {
      emit(
        .object([
          ("replayed", .bool(outcome.replayed)), ("task", presenter.json(outcome.task)),
          (
            "events",
            .array(
              outcome.events.map {
                .object([
                  ("version", .integer(Int64($0.sequence))), ("kind", .string($0.payload.kind)), ("payload", EventCoding.json($0.payload)),
                ])
              })
          ),
        ]))
      return .success
    }
    if outcome.replayed {
      Console.out(presenter.t("(yêu cầu này đã được xử lý; không ghi thêm gì)", "(request already processed; nothing new was written)"))
    }
    let people = try store.peopleByLogin()
    for e in outcome.events { Console.out("\(outcome.task.key) v\(e.sequence): \(presenter.summary(e, people: people))") }
    Console.out(
      presenter.t("\(outcome.task.key) đang ở bước", "\(outcome.task.key) is now in")
        + " «\(presenter.stateLabel(outcome.task.state))» [\(outcome.task.state)]")
    return .success
  }

  func taskShow(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "task show", options: ["--format"])
    try p.expectPositionals(1...1, command: "task show")
    let key = try p.positional(0, "the task key", command: "task show")
    let store = try openStore()
    let task = try store.requireTask(key: key)
    let engine = try store.engine(hash: task.definitionHash)
    let presenter = TaskPresenter(engine: engine, language: language)
    switch p.value("--format") ?? (json ? "json" : "text") {
    case "json": emit(presenter.json(task))
    case "text": Console.out(presenter.text(task, people: try store.peopleByLogin()))
    case "mermaid":
      var visited: Set<String> = []
      for r in try store.history(key: key) {
        switch r.event.payload {
        case .created(_, let s, _), .imported(_, let s, _, _): visited.insert(s)
        case .fired(_, let from, let to, _, _, _): visited.formUnion([from, to])
        default: break
        }
      }
      Console.out(DiagramRenderer(definition: engine.definition, language: language).mermaid(current: task.state, visited: visited))
    case let other:
      throw UsageError(
        "--format takes text, json or mermaid, not '\(other)'", vi: "--format nhận text, json hoặc mermaid, không nhận '\(other)'",
        command: "task show")
    }
    return .success
  }

  func taskHistory(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "task history")
    try p.expectPositionals(1...1, command: "task history")
    let key = try p.positional(0, "the task key", command: "task history")
    let store = try openStore()
    let task = try store.requireTask(key: key)
    let presenter = TaskPresenter(engine: try store.engine(hash: task.definitionHash), language: language)
    let history = try store.history(key: key)
    if json {
      emit(.array(history.map(presenter.json)))
      return .success
    }
    let people = try store.peopleByLogin()
    let words = HistoryText(definition: presenter.definition, formats: presenter.formats, people: people)
    var t = TextTable([
      "#", presenter.t("NGÀY", "EFFECTIVE"), presenter.t("GHI LÚC", "RECORDED"), presenter.t("NGƯỜI THỰC HIỆN", "BY"),
      presenter.t("NỘI DUNG", "WHAT"),
    ])
    for r in history {
      t.add([
        String(r.event.sequence), presenter.formats.dateTime(r.event.effectiveAt), presenter.formats.dateTime(r.event.recordedAt),
        words.name(r.event.actor), words.sentence(r.event),
      ])
    }
    Console.out(t.render(maxWidth: 120))
    return .success
  }

  func taskList(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "task list", options: ["--workflow", "--state", "--due-within"], flags: ["--overdue"])
    try p.expectPositionals(0...0, command: "task list")
    let store = try openStore()
    var tasks = try store.tasks(workflow: p.value("--workflow"), state: p.value("--state")).filter { try visible($0.key, in: store) }
    if p.has("--overdue") || p.value("--due-within") != nil {
      let today = LocalDate(try readTime(), in: CLI.defaultTimeZone)
      let until = p.has("--overdue") ? today.adding(days: -1) : try horizon(p.value("--due-within"), today: today, command: "task list")
      let keys = Set(try store.dueItems(until: until).filter { $0.phase != "paused" }.map(\.taskKey))
      tasks = tasks.filter { keys.contains($0.key) }
    }
    if json {
      emit(.array(try tasks.map { TaskPresenter(engine: try store.engine(hash: $0.definitionHash), language: language).json($0) }))
      return .success
    }
    let en = language == "en"
    var t = TextTable(
      en ? ["KEY", "WORKFLOW", "STATE", "V", "UPDATED", "TITLE"] : ["MÃ", "QUY TRÌNH", "BƯỚC", "V", "CẬP NHẬT", "TÊN NHIỆM VỤ"])
    for task in tasks {
      let presenter = TaskPresenter(engine: try store.engine(hash: task.definitionHash), language: language)
      t.add([
        task.key, presenter.definition.title.text(language), presenter.stateLabel(task.state), String(task.version),
        presenter.formats.date(presenter.formats.day(task.lastEffectiveAt)), task.fields["title"]?.plainText ?? "",
      ])
    }
    Console.out(
      tasks.isEmpty
        ? (en ? "No tasks match." : "Không có nhiệm vụ nào phù hợp.")
        : t.render(maxWidth: 60) + "\n" + (en ? "\(tasks.count) task\(tasks.count == 1 ? "" : "s")" : "\(tasks.count) nhiệm vụ"))
    return .success
  }
}
