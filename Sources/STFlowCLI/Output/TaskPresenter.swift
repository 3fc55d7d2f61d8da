import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
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

  var formats: Formats { Formats(language: language, timeZone: timeZone) }
  func t(_ vi: String, _ en: String) -> String { formats.t(vi, en) }

  /// The task as a person reads it: labels, not codes; dates dd/MM/yyyy; people by name.
  func text(_ task: TaskState, people: [String: Actor]) -> String {
    let f = formats
    var lines = [
      t("Nhiệm vụ", "Task") + " \(task.key) — \(task.fields["title"]?.plainText ?? "")",
      t("Quy trình:", "Workflow:")
        + " \(definition.title.text(language)), \(t("phiên bản", "version")) \(definition.version) [\(task.workflowId) \(task.definitionHash.prefix(12))]",
      t("Bước:", "State:") + " \(stateLabel(task.state)) (\(t("từ", "since")) \(f.dateTime(task.enteredAt)))",
      t("Cập nhật:", "Updated:") + " \(f.dateTime(task.lastEffectiveAt)) (\(t("lần thay đổi", "change")) \(task.version))",
      "",
      t("Thông tin:", "Fields:"),
    ]
    // Field names (for `task set NAME=…`) are listed by `workflow show`; scripts read them with --json.
    var table = TextTable([t("THÔNG TIN", "FIELD"), t("GIÁ TRỊ", "VALUE")])
    for field in definition.fields {
      guard let v = task.fields[field.name] else { continue }
      table.add([field.label?.text(language) ?? field.name, f.value(v, field: field, people: people)])
    }
    lines.append(table.render(maxWidth: 60).split(separator: "\n").dropFirst(2).map { "  " + $0 }.joined(separator: "\n"))
    if !task.documents.isEmpty {
      lines.append("")
      lines.append(t("Tài liệu:", "Documents:"))
      for (k, d) in task.documents.sorted(by: { $0.key < $1.key }) {
        let label = definition.field(k)?.label?.text(language) ?? k
        lines.append("  \(label): \(d.name) (sha256 \(d.sha256.prefix(16))…)")
      }
    }
    lines.append("")
    if definition.state(task.state)?.isFinal == true {
      lines.append(t("Nhiệm vụ đã kết thúc.", "The task is closed (final state)."))
    } else {
      lines.append(t("Bước tiếp theo:", "Next:"))
      for n in engine.available(from: task.state) {
        var line = "  \(n.label?.text(language, fallback: n.id) ?? n.id) [\(n.id)]"
        if let to = n.to { line += " → \(stateLabel(to))" } else { line += t(" (tại bước hiện tại)", " (in-state)") }
        line += t("; do ", "; by ") + n.by.map { Wording.role($0, language) }.joined(separator: ", ")
        if !n.requires.isEmpty {
          line +=
            t("; cần: ", "; requires ")
            + n.requires.map { definition.field($0)?.label?.text(language, fallback: $0) ?? $0 }
            .joined(separator: ", ")
        }
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

  /// One line of history: what happened, as a sentence in the reader's language.
  func summary(_ e: Event, people: [String: Actor]) -> String {
    HistoryText(definition: definition, formats: formats, people: people).sentence(e)
  }
}
