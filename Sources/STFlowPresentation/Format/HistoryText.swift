import STFlowDefinition
import STFlowEngine
import STFlowRules

/// A task's events as sentences a department writes: "15/07/2024 — Phạm Đức Minh: Hội đồng tư vấn xác định
/// nhiệm vụ kết luận: Thông qua".
public struct HistoryText: Sendable {
  public let definition: WorkflowDefinition
  public let formats: Formats
  /// People by login id, to write their names.
  public let people: [String: Actor]

  public init(definition: WorkflowDefinition, formats: Formats, people: [String: Actor]) {
    self.definition = definition
    self.formats = formats
    self.people = people
  }

  var language: String { formats.language }
  func t(_ vi: String, _ en: String) -> String { formats.t(vi, en) }

  public func name(_ login: String) -> String {
    login == "system"
      ? t("Hệ thống", "System") : login == "scheduler" ? t("Hệ thống nhắc hạn", "Scheduler") : people[login]?.shownName ?? login
  }

  public func state(_ s: String) -> String { definition.state(s)?.label.text(language, fallback: s) ?? s }

  public func transition(_ id: String) -> String { definition.transition(id)?.label?.text(language, fallback: id) ?? id }

  public func council(_ id: String) -> String { definition.council(id)?.label.text(language, fallback: id) ?? id }

  public func deadline(_ id: String) -> String { definition.deadlines.first { $0.id == id }?.label.text(language, fallback: id) ?? id }

  /// `Tên trường: giá trị; …` with labels.
  public func values(_ fields: [String: Value]) -> String {
    fields.keys.sorted().map { k in
      let f = definition.field(k)
      return "\(f?.label?.text(language, fallback: k) ?? k): \(formats.value(fields[k] ?? .null, field: f, people: people))"
    }.joined(separator: "; ")
  }

  /// What happened, without the date and the person.
  public func sentence(_ e: Event) -> String {
    switch e.payload {
    case .created(_, let s, let fields):
      return t("Tạo nhiệm vụ ở bước «\(state(s))»", "Created in «\(state(s))»") + (fields.isEmpty ? "" : " — " + values(fields))
    case .imported(_, let s, _, _):
      return t("Nhập từ danh sách của Sở, đang ở bước «\(state(s))»", "Imported from the department's list in «\(state(s))»")
    case .fired(let id, let from, let to, let fields, let comment, let automatic):
      var s = from == to ? transition(id) : "\(transition(id)): «\(state(from))» → «\(state(to))»"
      if automatic { s += t(" (tự động)", " (automatic)") }
      if !fields.isEmpty { s += " — " + values(fields) }
      if let comment { s += " — “\(comment)”" }
      return s
    case .fieldsSet(let fields, let comment):
      return t("Cập nhật ", "Updated ") + values(fields) + (comment.map { " — “\($0)”" } ?? "")
    case .documentAttached(let field, let d):
      return t("Đính kèm ", "Attached ") + (definition.field(field)?.label?.text(language, fallback: field) ?? field) + ": \(d.name)"
    case .councilOpened(let s):
      let members = s.members.map { "\(name($0.name)) (\(Wording.memberRole($0.role, language)))" }.joined(separator: ", ")
      var text =
        t("Thành lập \(council(s.council)) (phiên \(s.session)): ", "\(council(s.council)) set up (session \(s.session)): ") + members
      if !s.recused.isEmpty {
        text +=
          t("; không tham gia: ", "; recused: ")
          + s.recused.map { "\(name($0.name)) — \(CouncilText(definition: definition, formats: formats).recusal($0.reason))" }.joined(
            separator: "; ")
      }
      return text
    case .councilAttended(let c, let members):
      return t("\(council(c)): có mặt ", "\(council(c)): present ") + members.map(name).joined(separator: ", ")
    case .councilBallot(let c, let b):
      let what = b.vote.map { Wording.outcome($0, language) } ?? b.score.map { t("\($0) điểm", "\($0) points") } ?? ""
      var s = "\(council(c)): \(t("phiếu của", "ballot of")) \(name(b.member)) — \(what)"
      if let a = b.application { s += t(" cho hồ sơ \(a)", " for \(a)") }
      if let by = b.enteredBy { s += t(" (phiếu giấy, do \(name(by)) nhập)", " (paper ballot entered by \(name(by)))") }
      return s
    case .councilClosed(let c, let outcome, let score, let reasoning):
      let words = CouncilText(definition: definition, formats: formats)
      let figure = words.tally(reasoning) ?? score.map { t("điểm trung bình \($0)", "mean score \($0)") }
      return t("\(council(c)) kết luận: ", "\(council(c)) concluded: ") + words.outcome(outcome) + (figure.map { " (\($0))" } ?? "")
    case .notice(let kind, let d, let occurrence, let due, _, _, let fields):
      let which = deadline(d) + (occurrence > 1 ? " (\(t("lần", "no.")) \(occurrence))" : "")
      let s: String
      switch kind {
      case .reminder: s = t("Nhắc hạn: \(which), hạn \(formats.date(due))", "Reminder: \(which), due \(formats.date(due))")
      case .missed: s = t("Quá hạn: \(which) (hạn \(formats.date(due)))", "Missed: \(which) (due \(formats.date(due)))")
      case .overdue: s = t("Nhắc quá hạn: \(which) (hạn \(formats.date(due)))", "Overdue notice: \(which) (due \(formats.date(due)))")
      }
      return s + (fields.isEmpty ? "" : " — " + values(fields))
    case .migrated(_, let from, let to, _):
      return t(
        "Chuyển sang phiên bản quy trình mới («\(state(from))» → «\(state(to))»)",
        "Moved to a new workflow version («\(state(from))» → «\(state(to))»)")
    }
  }

  /// "15/07/2024 — Phạm Đức Minh: …".
  public func line(_ e: Event) -> String { "\(formats.date(formats.day(e.effectiveAt))) — \(name(e.actor)): \(sentence(e))" }
}
