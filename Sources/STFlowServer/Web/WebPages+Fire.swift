import Foundation
import STFlowCLI
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  /// `/nhiem-vu/KEY/chuyen/TRANSITION`: the form the definition calls for (required fields first, date inputs,
  /// enum selects with labels, people pickers, a comment when required). Posting fires the transition through
  /// `task fire`; a refusal is shown with its rule and values, and the form keeps what was typed.
  func firePage(_ c: Context, _ task: TaskState, transition id: String) throws -> HTTPResponse {
    let engine = try c.store.engine(hash: task.definitionHash)
    let definition = engine.definition
    guard let t = definition.transition(id), !t.isAutomatic else { return notFound(c) }
    let text = HistoryText(definition: definition, formats: c.formats, people: c.people)
    let form = c.request.method == "POST" ? FormData.decode(c.request) : FormData()
    var refusal: HTML = .empty
    var status = 200
    if c.request.method == "POST" {
      var assignments: [String] = []
      for name in t.requires + t.accepts where definition.field(name)?.type != .document {
        if let v = form["f." + name] { assignments.append("\(name)=\(v)") }
      }
      var options: [(String, String)] = [("--expect-version", form["version"] ?? String(task.version))]
      if let comment = form["comment"] { options.append(("--comment", comment)) }
      do {
        _ = try run(c, ServedCommand(["task", "fire"], positionals: [task.key, id] + assignments, options: options))
        return Self.redirect(
          URLPath.make("nhiem-vu", task.key) + "?tb=" + URLPath.encode(c.t("Đã thực hiện: ", "Done: ") + text.transition(id)))
      } catch {
        refusal = refusalBox(c, error, definition: definition)
        status = self.status(error)
      }
    }
    let names = t.requires + t.accepts.filter { !t.requires.contains($0) }
    let inputs = names.compactMap { name -> HTML? in
      guard let f = definition.field(name) else { return nil }
      let required = t.requires.contains(name)
      let label = f.label?.text(c.language, fallback: name) ?? name
      let typed = c.request.method == "POST" ? form["f." + name] : nil
      let current = typed ?? task.fields[name].map { Self.inputValue($0) } ?? ""
      let attrs: HTML = required ? " required aria-required=\"true\"" : .empty
      let labelHTML: HTML =
        "<label for=\"f-\(name)\">\(label)\(required ? HTML(" <span class=\"req\" aria-hidden=\"true\">*</span>") : .empty)</label>"
      switch f.type {
      case .document:
        return
          "\(labelHTML)<p class=\"muted\" id=\"f-\(name)\">\(c.t("Tải tài liệu này lên ở trang nhiệm vụ trước.", "Upload this document on the task page first."))</p>"
      case .date:
        return "\(labelHTML)\(Self.dateInput(id: "f-\(name)", name: "f.\(name)", value: current, attributes: attrs))"
      case .integer:
        return "\(labelHTML)<input type=\"number\" id=\"f-\(name)\" name=\"f.\(name)\" value=\"\(current)\" step=\"1\"\(attrs)>"
      case .money:
        return
          "\(labelHTML)<input type=\"text\" inputmode=\"numeric\" id=\"f-\(name)\" name=\"f.\(name)\" value=\"\(current)\" placeholder=\"1.200.000.000\"\(attrs)>"
      case .enum:
        let options = f.enumValues.map { v -> HTML in
          "<option value=\"\(v)\"\(v == current ? HTML(" selected") : .empty)>\(f.valueLabel(v, c.language))</option>"
        }
        return "\(labelHTML)<select id=\"f-\(name)\" name=\"f.\(name)\"\(attrs)><option value=\"\">—</option>\(options)</select>"
      case .boolean:
        let options = [("true", c.t("Có", "Yes")), ("false", c.t("Không", "No"))].map { v, l -> HTML in
          "<option value=\"\(v)\"\(v == current ? HTML(" selected") : .empty)>\(l)</option>"
        }
        return "\(labelHTML)<select id=\"f-\(name)\" name=\"f.\(name)\"\(attrs)><option value=\"\">—</option>\(options)</select>"
      case .actor:
        let people = c.people.values.sorted { $0.shownName < $1.shownName }.map { p -> HTML in
          "<option value=\"\(p.name)\"\(p.name == current ? HTML(" selected") : .empty)>\(p.shownName)\(p.organisation.map { " — " + $0 } ?? "")</option>"
        }
        return "\(labelHTML)<select id=\"f-\(name)\" name=\"f.\(name)\"\(attrs)><option value=\"\">—</option>\(people)</select>"
      case .string:
        return "\(labelHTML)<input type=\"text\" id=\"f-\(name)\" name=\"f.\(name)\" value=\"\(current)\"\(attrs)>"
      }
    }
    let comment = c.request.method == "POST" ? form.raw("comment") : ""
    let move: HTML = t.to.map { to -> HTML in "<p>«\(text.state(task.state))» → «\(text.state(to))»</p>" } ?? .empty
    let body: HTML = """
      <p><a href="\(URLPath.make("nhiem-vu", task.key))">\(task.key)</a> — \(task.fields["title"]?.plainText ?? "")</p>\(move)
      \(t.basis.map { b -> HTML in "<p class=\"muted\">\(c.t("Căn cứ", "Basis")): \(b)</p>" })
      \(refusal)
      <section class="card"><form class="stack" method="post">\(csrfField(c))<input type="hidden" name="version" value="\(form["version"] ?? String(task.version))">
      \(inputs)
      <label for="comment">\(c.t("Ý kiến", "Comment"))\(t.requiresComment ? HTML(" <span class=\"req\" aria-hidden=\"true\">*</span>") : .empty)</label>\
      <textarea id="comment" name="comment" rows="3"\(t.requiresComment ? HTML(" required aria-required=\"true\"") : .empty)>\(comment)</textarea>
      <p class="muted">\(c.t("Dấu * là thông tin bắt buộc.", "* marks a required value."))</p>
      <p><button type="submit" data-confirm="\(c.t("Xác nhận: ", "Confirm: "))\(text.transition(id))?">\(text.transition(id))</button>
      <a class="button secondary" href="\(URLPath.make("nhiem-vu", task.key))">\(c.t("Hủy", "Cancel"))</a></p></form></section>
      """
    return page(c, title: text.transition(id), active: "tasks", body: body, status: status)
  }

  /// A stored value as an input holds it: dates as dd/MM/yyyy, money grouped (1.200.000.000), numbers as digits.
  static func inputValue(_ v: Value) -> String {
    switch v {
    case .date(let d): return d.dayMonthYear
    case .money(let m): return Value.groupThousands(m)
    case .integer(let m): return String(m)
    case .bool(let b): return b ? "true" : "false"
    default: return v.plainText
    }
  }

  /// A date typed as dd/MM/yyyy whatever the browser's language (a browser's own date input shows its locale's
  /// order, mm/dd/yyyy on an English system); yyyy-MM-dd is accepted too. The server reads both.
  static func dateInput(id: String, name: String, value: String, attributes: HTML = .empty) -> HTML {
    """
    <input type="text" inputmode="numeric" id="\(id)" name="\(name)" value="\(value)" placeholder="dd/mm/yyyy" \
    pattern="\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2}" title="ngày/tháng/năm, ví dụ 05/03/2026" autocomplete="off"\(attributes)>
    """
  }
}
