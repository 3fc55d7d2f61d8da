import Foundation
import STFlowDefinition
import STFlowRules
import STFlowStore

extension CLI {
  func workflowValidate(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow validate")
    guard !p.positionals.isEmpty else {
      throw UsageError("give one or more definition files", vi: "cho một hoặc nhiều tệp định nghĩa quy trình", command: "workflow validate")
    }
    var problems: [DefinitionProblem] = []
    var valid: [(String, WorkflowDefinition)] = []
    for file in p.positionals {
      do {
        valid.append((file, try DefinitionLoader.load(file: file)))
      } catch {
        problems += error.problems
      }
    }
    if json {
      emit(
        .object([
          (
            "valid",
            .array(valid.map { .object([("file", .string($0.0)), ("id", .string($0.1.id)), ("version", .integer(Int64($0.1.version)))]) })
          ),
          (
            "problems",
            .array(
              problems.map { .object([("file", .string($0.file ?? "")), ("path", .string($0.path)), ("message", .string($0.message))]) })
          ),
        ]))
    } else {
      for (file, d) in valid {
        Console.out(
          formats.t(
            "\(file): hợp lệ — quy trình '\(d.id)' phiên bản \(d.version): \(d.states.count) trạng thái, \(d.transitions.count) bước, \(d.fields.count) trường",
            "\(file): valid — workflow '\(d.id)' version \(d.version): \(d.states.count) states, \(d.transitions.count) transitions, \(d.fields.count) fields"
          ))
      }
      for problem in problems { Console.err(problem.description) }
      if !problems.isEmpty {
        Console.err(formats.t("có \(problems.count) lỗi", "\(problems.count) problem\(problems.count == 1 ? "" : "s") found"))
      }
    }
    return problems.isEmpty ? .success : .badInput
  }

  func workflowLoad(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow load")
    guard !p.positionals.isEmpty else {
      throw UsageError("give one or more definition files", vi: "cho một hoặc nhiều tệp định nghĩa quy trình", command: "workflow load")
    }
    let definitions = try p.positionals.map { try DefinitionLoader.load(file: $0) }
    let store = try openStore(create: true)
    try store.requireAdmin(actor, doing: "load workflow definitions", vi: "nạp định nghĩa quy trình")
    var out: [JSON] = []
    for d in definitions {
      let wasCurrent = try store.latestDefinition(workflow: d.id)?.hash
      let (stored, isNew) = try store.loadDefinition(d, by: actor ?? "unknown")
      let madeCurrent = !isNew && wasCurrent != stored.hash
      out.append(
        .object([
          ("id", .string(stored.workflow)), ("revision", .integer(Int64(stored.revision))), ("hash", .string(stored.hash)),
          ("new", .bool(isNew)),
        ]))
      if !json {
        let f = formats
        Console.out(
          "\(stored.workflow): "
            + (isNew
              ? f.t("đã nạp, bản sửa \(stored.revision)", "loaded as revision \(stored.revision)")
              : madeCurrent
                ? f.t(
                  "bản sửa \(stored.revision) lại là bản hiện hành (nhiệm vụ mới dùng bản này; nhiệm vụ đang chạy giữ bản của mình)",
                  "revision \(stored.revision) is current again (new tasks use it; running tasks keep theirs)")
                : f.t("không đổi (bản sửa \(stored.revision))", "unchanged (revision \(stored.revision))"))
            + " [\(stored.hash.prefix(12))]")
      }
    }
    if json { emit(.array(out)) }
    return .success
  }

  func workflowList(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow list")
    try p.expectPositionals(0...0, command: "workflow list")
    let store = try openStore()
    let counts = Dictionary(
      try store.connection.query("SELECT definition_hash, COUNT(*) FROM tasks GROUP BY definition_hash").map {
        ($0[0].text ?? "", Int($0[1].integer ?? 0))
      },
      uniquingKeysWith: +)
    let defs = try store.definitions()
    if json {
      emit(
        .array(
          defs.map {
            .object([
              ("id", .string($0.workflow)), ("version", .integer(Int64($0.version))), ("revision", .integer(Int64($0.revision))),
              ("hash", .string($0.hash)), ("title", .string($0.definition.title.text(language))), ("loadedAt", .string($0.loadedAt)),
              ("tasks", .integer(Int64(counts[$0.hash] ?? 0))),
            ])
          }))
      return .success
    }
    var t = TextTable(
      formats.vi
        ? ["QUY TRÌNH", "PHIÊN BẢN", "BẢN SỬA", "MÃ BĂM", "SỐ NHIỆM VỤ", "TÊN"]
        : ["WORKFLOW", "VERSION", "REVISION", "HASH", "TASKS", "TITLE"])
    for d in defs {
      t.add([
        d.workflow, String(d.version), String(d.revision), String(d.hash.prefix(12)), String(counts[d.hash] ?? 0),
        d.definition.title.text(language),
      ])
    }
    Console.out(
      defs.isEmpty
        ? formats.t(
          "Chưa nạp quy trình nào. Nạp bằng 'stflow workflow load TỆP'.", "No workflows loaded. Load one with 'stflow workflow load FILE'.")
        : t.render())
    return .success
  }

  func workflowShow(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow show", options: ["--format", "--revision"])
    try p.expectPositionals(1...1, command: "workflow show")
    let id = try p.positional(0, "the workflow id", command: "workflow show")
    let store = try openStore()
    let stored: StoredDefinition?
    if let r = p.value("--revision") {
      guard let n = Int(r) else { throw UsageError("--revision takes a number", vi: "--revision nhận một số", command: "workflow show") }
      stored = try store.definitions().first { $0.workflow == id && $0.revision == n }
    } else {
      stored = try store.latestDefinition(workflow: id)
    }
    guard let stored else {
      let revision = p.value("--revision")
      throw StoreError.input(
        "unknown workflow '\(id)'" + (revision.map { " revision \($0)" } ?? "") + " (see 'stflow workflow list')",
        vi: "không có quy trình '\(id)'" + (revision.map { " bản sửa \($0)" } ?? "") + " (xem 'stflow workflow list')")
    }
    let d = stored.definition
    let format = p.value("--format") ?? (json ? "json" : "text")
    switch format {
    case "mermaid": Console.out(DiagramRenderer(definition: d, language: language).mermaid())
    case "dot": Console.out(DiagramRenderer(definition: d, language: language).dot())
    case "json": Console.out(d.source.prettyText)
    case "text": Console.out(describe(d, stored: stored))
    default:
      throw UsageError(
        "--format takes text, mermaid, dot or json, not '\(format)'",
        vi: "--format nhận text, mermaid, dot hoặc json, không nhận '\(format)'", command: "workflow show")
    }
    return .success
  }

  /// The workflow as text: each state, step and field by its label with its id in brackets (ids are what
  /// commands and definitions use), in the reader's language.
  private func describe(_ d: WorkflowDefinition, stored: StoredDefinition) -> String {
    let f = formats
    let lang = language
    func role(_ r: String) -> String { "\(RoleLabels.text(r, lang)) [\(r)]" }
    func state(_ s: String) -> String { "“\(d.state(s)?.label.text(lang, fallback: s) ?? s)” [\(s)]" }
    func field(_ n: String) -> String { "\(d.field(n)?.label?.text(lang, fallback: n) ?? n) [\(n)]" }
    var lines = [
      "\(d.title.text(lang)) [\(d.id)], \(f.t("phiên bản", "version")) \(d.version), \(f.t("bản sửa", "revision")) \(stored.revision) [\(stored.hash.prefix(12))]",
      "\(f.t("Vai trò", "Roles")): \(d.roles.map(role).joined(separator: ", "))",
      "\(f.t("Được tạo nhiệm vụ", "Creates tasks")): \(d.createBy.map(role).joined(separator: ", "))", "",
      "\(f.t("Trạng thái (bắt đầu", "States (initial")): \(state(d.initial))):",
    ]
    for s in d.states { lines.append("  \(state(s.name))\(s.isFinal ? f.t(" (kết thúc)", " (final)") : "")") }
    lines.append("")
    lines.append(f.t("Các bước:", "Transitions:"))
    for t in d.transitions {
      let target = t.to.map { "→ \(state($0))" } ?? f.t("(thao tác không đổi trạng thái)", "(in-state action)")
      let who =
        t.isAutomatic
        ? f.t("tự động khi đủ điều kiện", "automatic when its condition holds")
        : f.t("do ", "by ") + t.by.map { RoleLabels.text($0, lang) }.joined(separator: ", ")
      let from = t.from.map(state).joined(separator: f.t(" hoặc ", " or "))
      lines.append("  \(t.label?.text(lang, fallback: t.id) ?? t.id) [\(t.id)]: \(from) \(target); \(who)")
      if !t.requires.isEmpty { lines.append("      \(f.t("cần có", "requires")): \(t.requires.map(field).joined(separator: ", "))") }
      if let g = t.guardExpression { lines.append("      \(f.t("điều kiện", "when")): [\(g.source)]") }
      for (name, e) in t.assignments { lines.append("      \(f.t("ghi", "sets")): \(field(name)) = [\(e.source)]") }
      if let b = t.basis { lines.append("      \(f.t("căn cứ", "basis")): \(b)") }
    }
    lines.append("")
    lines.append(f.t("Trường dữ liệu:", "Fields:"))
    for x in d.fields {
      var extra = x.required ? f.t(", bắt buộc", ", required") : ""
      if x.type == .enum {
        extra += ": " + x.enumValues.map { "\(x.valueLabels[$0]?.text(lang, fallback: $0) ?? $0) [\($0)]" }.joined(separator: ", ")
      }
      if let r = x.grantsRole {
        extra += f.t("; người được ghi giữ vai trò \(role(r)) trong nhiệm vụ", "; the person named holds the role \(role(r)) on the task")
      }
      lines.append("  \(field(x.name)): \(f.vi ? Self.fieldTypeVi[x.type] ?? x.type.rawValue : x.type.rawValue)\(extra)")
    }
    return lines.joined(separator: "\n")
  }

  static let fieldTypeVi: [FieldType: String] = [
    .string: "văn bản", .integer: "số nguyên", .money: "số tiền (đồng)", .date: "ngày", .boolean: "có/không", .enum: "chọn một giá trị",
    .actor: "người dùng", .document: "tài liệu",
  ]
}
