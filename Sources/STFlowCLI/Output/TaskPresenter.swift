import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

/// Shows tasks and their events to people (text) and to scripts (JSON).
struct TaskPresenter {
  let engine: Engine
  let language: String

  var definition: WorkflowDefinition { engine.definition }
  var timeZone: TimeZone { definition.timeZone }

  func stateLabel(_ state: String) -> String { definition.state(state)?.label.text(language, fallback: state) ?? state }

  func json(_ task: TaskState) -> JSON {
    .object([
      ("key", .string(task.key)), ("workflow", .string(task.workflowId)), ("definitionHash", .string(task.definitionHash)),
      ("state", .string(task.state)), ("stateLabel", .string(stateLabel(task.state))),
      ("final", .bool(definition.state(task.state)?.isFinal ?? false)), ("version", .integer(Int64(task.version))),
      ("fields", ValueCoding.json(task.fields)),
      ("documents", EventCoding.json(task.documents)),
      ("counts", .object(task.counts.keys.sorted().map { ($0, .integer(Int64(task.counts[$0] ?? 0))) })),
      ("createdAt", .string(Timestamp.format(task.createdAt))), ("enteredAt", .string(Timestamp.format(task.enteredAt))),
      ("updatedAt", .string(Timestamp.format(task.lastEffectiveAt))),
      ("next", .array(engine.available(from: task.state).map { .string($0.id) })),
    ])
  }

  func text(_ task: TaskState) -> String {
    var lines = [
      "Task \(task.key) — \(task.fields["title"]?.plainText ?? "")",
      "Workflow: \(task.workflowId) v\(definition.version) [\(task.definitionHash.prefix(12))]",
      "State:    \(task.state) — \(stateLabel(task.state)) (since \(Timestamp.formatLocal(task.enteredAt, in: timeZone)))",
      "Version:  \(task.version), last change \(Timestamp.formatLocal(task.lastEffectiveAt, in: timeZone))",
      "",
      "Fields:",
    ]
    var t = TextTable(["FIELD", "VALUE", "LABEL"])
    for f in definition.fields {
      guard let v = task.fields[f.name] else { continue }
      t.add([f.name, v.type == .money ? v.description : v.plainText, f.label?.text(language) ?? ""])
    }
    lines.append(t.render(maxWidth: 60).split(separator: "\n").dropFirst(2).map { "  " + $0 }.joined(separator: "\n"))
    if !task.documents.isEmpty {
      lines.append("")
      lines.append("Documents:")
      for (k, d) in task.documents.sorted(by: { $0.key < $1.key }) {
        lines.append("  \(k): \(d.name) <\(d.uri)> sha256:\(d.sha256.prefix(16))…")
      }
    }
    lines.append("")
    let next = engine.available(from: task.state)
    if definition.state(task.state)?.isFinal == true {
      lines.append("The task is closed (final state).")
    } else {
      lines.append("Next:")
      for n in next {
        var line = "  \(n.id)"
        if let to = n.to { line += " → \(to)" } else { line += " (in-state)" }
        line += "  by \(n.by.joined(separator: ", "))"
        if !n.requires.isEmpty { line += "; requires \(n.requires.joined(separator: ", "))" }
        lines.append(line)
      }
    }
    return lines.joined(separator: "\n")
  }

  func json(_ r: RecordedEvent) -> JSON {
    let e = r.event
    return .object([
      ("seq", .integer(r.seq)), ("version", .integer(Int64(e.sequence))), ("kind", .string(e.payload.kind)),
      ("actor", .string(e.actor)), ("effectiveAt", .string(Timestamp.format(e.effectiveAt))),
      ("recordedAt", .string(Timestamp.format(e.recordedAt))), ("definitionHash", .string(e.definitionHash)),
      ("requestId", e.requestId.map { .string($0) } ?? .null), ("payload", EventCoding.json(e.payload)), ("hash", .string(r.hash)),
    ])
  }

  /// One line of history: what happened, in words.
  func summary(_ e: Event) -> String {
    func values(_ f: [String: Value]) -> String {
      f.isEmpty
        ? "" : " {" + f.keys.sorted().map { "\($0)=\(f[$0].map { $0 == .null ? "∅" : $0.plainText } ?? "")" }.joined(separator: ", ") + "}"
    }
    switch e.payload {
    case .created(_, let state, let fields): return "created in \(state)\(values(fields))"
    case .imported(_, let state, let fields, let past):
      let done = past.firings.keys.sorted().map { "\($0) ×\(past.firings[$0]?.count ?? 0)" }
      return "imported in \(state)\(values(fields))" + (done.isEmpty ? "" : "; already done: " + done.joined(separator: ", "))
    case .fired(let t, let from, let to, let fields, let comment, let automatic):
      let move = from == to ? "in \(from)" : "\(from) → \(to)"
      return "\(automatic ? "auto " : "")\(t): \(move)\(values(fields))" + (comment.map { " — \"\($0)\"" } ?? "")
    case .fieldsSet(let fields, let comment): return "set\(values(fields))" + (comment.map { " — \"\($0)\"" } ?? "")
    case .documentAttached(let field, let d): return "attached \(field): \(d.name) <\(d.uri)>"
    case .councilOpened(let s):
      return "council \(s.council) session \(s.session) opened: " + s.members.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")
        + (s.recused.isEmpty ? "" : "; recused " + s.recused.map { "\($0.name): \($0.reason)" }.joined(separator: "; "))
    case .councilAttended(let c, let members): return "council \(c): present " + members.joined(separator: ", ")
    case .councilBallot(let c, let b): return "council \(c): \(b.member) \(CouncilCoding.describe(b))"
    case .notice(let kind, let deadline, let occurrence, let due, _, _, let fields):
      let what = kind == .reminder ? "reminder" : kind == .missed ? "MISSED" : "overdue notice"
      return "\(what): \(deadline)\(occurrence > 1 ? " #\(occurrence)" : "") due \(due)\(values(fields))"
    case .migrated(let from, let fromState, let toState, let dropped):
      return "migrated from definition \(from.prefix(12)) (\(fromState) → \(toState))"
        + (dropped.isEmpty ? "" : "; dropped " + dropped.joined(separator: ", "))
    case .councilClosed(let c, let outcome, let score, _):
      return "council \(c) closed: \(outcome)" + (score.map { " (score \($0))" } ?? "")
    }
  }
}
