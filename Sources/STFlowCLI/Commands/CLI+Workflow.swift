import Foundation
import STFlowDefinition
import STFlowRules
import STFlowStore

extension CLI {
  func workflowValidate(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow validate")
    guard !p.positionals.isEmpty else { throw UsageError("give one or more definition files", command: "workflow validate") }
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
          "\(file): valid — workflow '\(d.id)' version \(d.version): \(d.states.count) states, \(d.transitions.count) transitions, \(d.fields.count) fields"
        )
      }
      for problem in problems { Console.err(problem.description) }
      if !problems.isEmpty { Console.err("\(problems.count) problem\(problems.count == 1 ? "" : "s") found") }
    }
    return problems.isEmpty ? .success : .badInput
  }

  func workflowLoad(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow load")
    guard !p.positionals.isEmpty else { throw UsageError("give one or more definition files", command: "workflow load") }
    let definitions = try p.positionals.map { try DefinitionLoader.load(file: $0) }
    let store = try openStore(create: true)
    try store.requireAdmin(actor, doing: "load workflow definitions")
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
        Console.out(
          "\(stored.workflow): "
            + (isNew
              ? "loaded as revision \(stored.revision)"
              : madeCurrent
                ? "revision \(stored.revision) is current again (new tasks use it; running tasks keep theirs)"
                : "unchanged (revision \(stored.revision))")
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
    var t = TextTable(["WORKFLOW", "VERSION", "REVISION", "HASH", "TASKS", "TITLE"])
    for d in defs {
      t.add([
        d.workflow, String(d.version), String(d.revision), String(d.hash.prefix(12)), String(counts[d.hash] ?? 0),
        d.definition.title.text(language),
      ])
    }
    Console.out(defs.isEmpty ? "No workflows loaded. Load one with 'stflow workflow load FILE'." : t.render())
    return .success
  }

  func workflowShow(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "workflow show", options: ["--format", "--revision"])
    try p.expectPositionals(1...1, command: "workflow show")
    let id = try p.positional(0, "the workflow id", command: "workflow show")
    let store = try openStore()
    let stored: StoredDefinition?
    if let r = p.value("--revision") {
      guard let n = Int(r) else { throw UsageError("--revision takes a number", command: "workflow show") }
      stored = try store.definitions().first { $0.workflow == id && $0.revision == n }
    } else {
      stored = try store.latestDefinition(workflow: id)
    }
    guard let stored else {
      throw StoreError.badInput(
        "unknown workflow '\(id)'" + (p.value("--revision").map { " revision \($0)" } ?? "") + " (see 'stflow workflow list')")
    }
    let d = stored.definition
    let format = p.value("--format") ?? (json ? "json" : "text")
    switch format {
    case "mermaid": Console.out(DiagramRenderer(definition: d, language: language).mermaid())
    case "dot": Console.out(DiagramRenderer(definition: d, language: language).dot())
    case "json": Console.out(d.source.prettyText)
    case "text": Console.out(describe(d, stored: stored))
    default: throw UsageError("--format takes text, mermaid, dot or json, not '\(format)'", command: "workflow show")
    }
    return .success
  }

  private func describe(_ d: WorkflowDefinition, stored: StoredDefinition) -> String {
    var lines = [
      "\(d.title.text(language)) — \(d.id) version \(d.version), revision \(stored.revision) [\(stored.hash.prefix(12))]",
      "Roles: \(d.roles.joined(separator: ", "))", "Create: \(d.createBy.joined(separator: ", "))", "",
      "States (initial: \(d.initial)):",
    ]
    for s in d.states { lines.append("  \(s.name)\(s.isFinal ? " (final)" : "") — \(s.label.text(language))") }
    lines.append("")
    lines.append("Transitions:")
    for t in d.transitions {
      let target = t.to.map { "→ \($0)" } ?? "(in-state action)"
      lines.append(
        "  \(t.id): \(t.from.joined(separator: "|")) \(target)  by \(t.isAutomatic ? "automatic" : t.by.joined(separator: ", "))")
      if !t.requires.isEmpty { lines.append("      requires: \(t.requires.joined(separator: ", "))") }
      if let g = t.guardExpression { lines.append("      when: \(g.source)") }
      for (f, e) in t.assignments { lines.append("      sets: \(f) = \(e.source)") }
      if let b = t.basis { lines.append("      basis: \(b)") }
    }
    lines.append("")
    lines.append("Fields:")
    for f in d.fields {
      var extra = f.required ? " (required)" : ""
      if f.type == .enum { extra += " [\(f.enumValues.joined(separator: ", "))]" }
      if let r = f.grantsRole { extra += " grants role \(r)" }
      lines.append("  \(f.name): \(f.type.rawValue)\(extra) — \(f.label?.text(language) ?? "")")
    }
    return lines.joined(separator: "\n")
  }
}
