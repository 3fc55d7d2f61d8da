import Foundation
import STFlowCLI
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  /// `/nhiem-vu/KEY`: the state and the lifecycle, the actions this person may take, fields, documents,
  /// deadlines with their explanations, councils, and the history in sentences.
  func taskPage(_ c: Context, _ task: TaskState) throws -> HTTPResponse {
    let engine = try c.store.engine(hash: task.definitionHash)
    let definition = engine.definition
    let history = try c.store.history(key: task.key)
    let text = HistoryText(definition: definition, formats: c.formats, people: c.people)
    let deadlineText = DeadlineText(definition: definition, formats: c.formats, people: c.people)
    var visited = Set<String>()
    var taken = Set<String>()
    for r in history {
      switch r.event.payload {
      case .created(_, let s, _), .imported(_, let s, _, _): visited.insert(s)
      case .fired(_, let from, let to, _, _, _):
        visited.insert(from)
        visited.insert(to)
        taken.insert(from + ">" + to)
      default: break
      }
    }
    let stateLabel = text.state(task.state)
    let title = task.fields["title"]?.plainText ?? ""
    let final = definition.state(task.state)?.isFinal == true
    // The actions: transitions this person holds a role for. The engine still checks everything on firing.
    let actions = engine.actions(for: c.actor, on: task).map { t -> HTML in
      "<a class=\"button\" href=\"\(URLPath.make("nhiem-vu", task.key, "chuyen", t.id))\">\(text.transition(t.id))</a>"
    }
    let fields = definition.fields.compactMap { f -> HTML? in
      guard f.type != .document, let v = task.fields[f.name] else { return nil }
      return "<dt>\(f.label?.text(c.language, fallback: f.name) ?? f.name)</dt><dd>\(c.formats.value(v, field: f, people: c.people))</dd>"
    }
    let docFields = definition.fields.filter { $0.type == .document }
    let documents = docFields.compactMap { f -> HTML? in
      guard let d = task.documents[f.name] else { return nil }
      let link: HTML =
        EventStore.keptDigest(d.uri) != nil
        ? "<a href=\"\(URLPath.make("nhiem-vu", task.key, "tai-lieu", d.sha256.lowercased()))\">\(d.name)</a>" : "\(d.name)"
      return
        "<tr><td>\(f.label?.text(c.language, fallback: f.name) ?? f.name)</td><td>\(link)</td><td class=\"wide muted\"><code>\(String(d.sha256.prefix(16)))…</code></td></tr>"
    }
    let uploadForm: HTML =
      final || docFields.isEmpty
      ? .empty
      : """
      <form class="stack" method="post" action="\(URLPath.make("nhiem-vu", task.key, "tai-lieu"))" enctype="multipart/form-data">\(csrfField(c))
      <label for="doc-field">\(c.t("Loại tài liệu", "Document"))</label><select id="doc-field" name="field">\
      \(docFields.map { f -> HTML in "<option value=\"\(f.name)\">\(f.label?.text(c.language, fallback: f.name) ?? f.name)</option>" })</select>
      <label for="doc-file">\(c.t("Tệp", "File"))</label><input type="file" id="doc-file" name="file" required>
      <p><button type="submit">\(c.t("Tải lên", "Upload"))</button></p></form>
      """
    let now = clock.now()
    let statuses = DeadlineCalculator(engine: engine).statuses(for: task, now: now, history: try c.store.fieldChanges(key: task.key))
    let deadlines = statuses.filter { $0.phase != .inactive }.map { s -> HTML in
      let badge: String
      switch s.phase {
      case .overdue: badge = "badge overdue"
      case .pending: badge = "badge state"
      case .met: badge = "badge done"
      default: badge = "badge"
      }
      let phase: HTML = s.phase == .inactive ? .empty : "<span class=\"\(badge)\">\(deadlineText.phase(s))</span>"
      return """
        <tr><td>\(s.deadline.label.text(c.language, fallback: s.deadline.id))</td><td>\(s.dueDate.map(c.formats.date) ?? "—")</td><td>\(phase)</td>\
        <td class="wide"><details><summary>\(c.t("Cách tính", "How it is counted"))</summary><ul>\(deadlineText.lines(s, basis: false).map { l -> HTML in "<li>\(l)</li>" })</ul>\
        \(s.deadline.basis.map { b -> HTML in "<p class=\"muted\">\(c.t("Căn cứ", "Basis")): \(b)</p>" })</details></td></tr>
        """
    }
    let councils = definition.councils.compactMap { council -> HTML? in
      let session = task.councils[council.name]
      guard session != nil || council.openIn.contains(task.state) else { return nil }
      let status =
        session.map { s in
          s.isOpen
            ? c.t("đang họp (phiên \(s.session))", "in session (\(s.session))")
            : c.t("đã kết luận: ", "concluded: ") + Wording.outcome(s.outcome ?? "", c.language)
        } ?? c.t("chưa thành lập", "not set up")
      return
        "<li><a href=\"\(URLPath.make("nhiem-vu", task.key, "hoi-dong", council.name))\">\(council.label.text(c.language, fallback: council.name))</a> — \(status)</li>"
    }
    let lines = history.reversed().map { r -> HTML in "<li>\(text.line(r.event))</li>" }
    let body: HTML = """
      \(flash(c))
      <p><strong>\(task.key)</strong> — \(title)</p>
      <p>\(c.t("Bước hiện tại", "Current state")): <span class="badge \(final ? "done" : "state")">\(stateLabel)</span> \
      <span class="muted">\(c.t("từ", "since")) \(c.formats.date(c.formats.day(task.enteredAt)))</span></p>
      <section class="card" aria-labelledby="h-actions"><h2 id="h-actions">\(c.t("Thao tác", "Actions"))</h2>\
      \(actions.isEmpty ? HTML("<p class=\"muted\">\(final ? c.t("Nhiệm vụ đã kết thúc.", "The task is closed.") : c.t("Anh/chị không có thao tác nào ở bước này.", "You have no action at this step."))</p>") : "<div class=\"actions\">\(actions)</div>")</section>
      <section class="card" aria-labelledby="h-life"><h2 id="h-life">\(c.t("Quy trình", "Lifecycle"))</h2>\
      \(LifecycleDiagram(definition: definition, language: c.language).svg(current: task.state, visited: visited, taken: taken, title: c.t("Quy trình của nhiệm vụ, bước hiện tại: ", "The task's lifecycle, current state: ") + stateLabel))
      <p class="legend"><span style="--c:#fde68a">\(c.t("bước hiện tại", "current state"))</span><span style="--c:#dbeafe">\(c.t("các bước đã qua", "states passed"))</span></p></section>
      <section class="card" aria-labelledby="h-fields"><h2 id="h-fields">\(c.t("Thông tin", "Details"))</h2><dl class="fields">\(fields)</dl></section>
      <section class="card" aria-labelledby="h-docs"><h2 id="h-docs">\(c.t("Tài liệu", "Documents"))</h2>\
      \(documents.isEmpty ? HTML("<p class=\"muted\">\(c.t("Chưa có tài liệu.", "No document yet."))</p>") : "<table><tbody>\(documents)</tbody></table>")\(uploadForm)</section>
      \(councils.isEmpty ? HTML.empty : "<section class=\"card\" aria-labelledby=\"h-councils\"><h2 id=\"h-councils\">\(c.t("Hội đồng", "Councils"))</h2><ul>\(councils)</ul></section>")
      <section class="card" aria-labelledby="h-deadlines"><h2 id="h-deadlines">\(c.t("Thời hạn", "Deadlines"))</h2>\
      \(deadlines.isEmpty ? HTML("<p class=\"muted\">\(c.t("Không có thời hạn đang tính.", "No deadline running."))</p>") : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">\(c.t("Thời hạn", "Deadline"))</th><th scope=\"col\">\(c.t("Hạn", "Due"))</th><th scope=\"col\">\(c.t("Tình trạng", "Status"))</th><th scope=\"col\" class=\"wide\">\(c.t("Giải thích", "Explanation"))</th></tr></thead><tbody>\(deadlines)</tbody></table></div>")</section>
      <section class="card" aria-labelledby="h-history"><h2 id="h-history">\(c.t("Lịch sử", "History"))</h2><ol class="history" reversed>\(lines)</ol></section>
      """
    return page(c, title: c.t("Nhiệm vụ ", "Task ") + task.key, active: "tasks", body: body)
  }

  /// `POST /nhiem-vu/KEY/tai-lieu`: keeps the uploaded file by its SHA-256 and attaches it (`task attach`).
  func upload(_ c: Context, _ task: TaskState) throws -> HTTPResponse {
    let form = FormData.decode(c.request)
    do {
      guard let file = form.files["file"], !file.content.isEmpty else {
        throw Refusal(rule: "input", message: c.t("Hãy chọn một tệp.", "Choose a file."))
      }
      let path = try temporary(file)
      var command = ServedCommand(
        ["task", "attach"], positionals: [task.key, form["field"] ?? ""], options: [("--file", path), ("--name", file.filename)])
      command.temporaryFiles = [path]
      _ = try run(c, command)
      return Self.redirect(
        URLPath.make("nhiem-vu", task.key) + "?tb=" + URLPath.encode(c.t("Đã tải lên \(file.filename).", "Uploaded \(file.filename).")))
    } catch let r as Refusal {
      return page(
        c, title: c.t("Không tải lên được", "Upload refused"), active: "tasks", body: refusalBox(c, r) + backLink(c, task),
        status: status(r))
    }
  }

  /// `GET /nhiem-vu/KEY/tai-lieu/SHA256`: a document of this task, checked against its SHA-256 as it is read.
  func download(_ c: Context, _ task: TaskState, digest: String) throws -> HTTPResponse {
    var refs = Array(task.documents.values)
    for s in task.councils.values { refs += s.ballots.compactMap(\.scan) }
    guard let ref = refs.first(where: { $0.sha256.lowercased() == digest.lowercased() && EventStore.keptDigest($0.uri) != nil }),
      let content = try c.store.document(sha256: digest)
    else { return notFound(c) }
    var r = HTTPResponse(status: 200, body: content, contentType: "application/octet-stream")
    let ascii = String(ref.name.unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    r.header("Content-Disposition", "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(URLPath.encode(ref.name))")
    return r
  }

  func backLink(_ c: Context, _ task: TaskState) -> HTML {
    "<p><a href=\"\(URLPath.make("nhiem-vu", task.key))\">← \(c.t("Về nhiệm vụ", "Back to the task")) \(task.key)</a></p>"
  }

  /// The HTTP status a refusal deserves: 400 bad input, 403 a role, 409 a rule.
  func status(_ r: Refusal) -> Int {
    switch r.rule {
    case "input", "usage", "invalid-value", "unknown-field", "effective-time", "definition": return 400
    case "role-required", "forbidden", "csrf": return 403
    default: return 409
    }
  }
}
