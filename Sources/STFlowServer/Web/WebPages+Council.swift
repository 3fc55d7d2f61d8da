import Foundation
import STFlowCLI
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  /// `/nhiem-vu/KEY/hoi-dong/COUNCIL[/action]`: the council's session — members and roles, attendance, each
  /// present member's own ballot, paper ballots entered by the secretary with the scan, the close and its rule.
  func councilRoute(_ c: Context, _ task: TaskState, council name: String, action: String?) throws -> HTTPResponse {
    let definition = try c.store.engine(hash: task.definitionHash).definition
    guard let council = definition.council(name) else { return notFound(c) }
    var refusal: HTML = .empty
    var status = 200
    if c.request.method == "GET", action == "bien-ban" {
      do {
        let body = try runFile(c, ServedCommand(["council", "minutes"], positionals: [task.key, name]), ext: "docx")
        var r = HTTPResponse(
          status: 200, body: body, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        r.header("Content-Disposition", "attachment; filename=\"bien-ban-\(task.key)-\(name).docx\"")
        return r
      } catch {
        refusal = refusalBox(c, error)
        status = self.status(error)
      }
    }
    if c.request.method == "POST", let action {
      guard ["mo", "co-mat", "phieu", "phieu-giay", "ket-thuc"].contains(action) else { return notFound(c) }
      do {
        _ = try run(c, try councilCommand(c, task, council: name, action: action))
        return Self.redirect(
          URLPath.make("nhiem-vu", task.key, "hoi-dong", name) + "?tb=" + URLPath.encode(c.t("Đã ghi nhận.", "Recorded.")))
      } catch {
        refusal = refusalBox(c, error)
        status = self.status(error)
      }
    }
    let current = (try c.store.task(key: task.key)) ?? task
    return page(
      c, title: council.label.text(c.language, fallback: name), active: "tasks",
      body: councilBody(c, current, definition, council, refusal: refusal), status: status)
  }

  /// The command a council form stands for.
  func councilCommand(_ c: Context, _ task: TaskState, council name: String, action: String) throws(Refusal) -> ServedCommand {
    let form = FormData.decode(c.request)
    let base = [task.key, name]
    switch action {
    case "mo":
      let members = c.people.keys.sorted().compactMap { login -> String? in
        guard let role = form["role." + login], CouncilDefinition.memberRoles.contains(role) else { return nil }
        return "\(login):\(role)"
      }
      var options = members.map { ("--member", $0) }
      if let decision = form["decision"], !decision.isEmpty { options.append(("--decision", decision)) }
      if let place = form["place"], !place.isEmpty { options.append(("--place", place)) }
      return ServedCommand(["council", "open"], positionals: base, options: options)
    case "co-mat": return ServedCommand(["council", "attend"], positionals: base + form.all("present"))
    case "ket-thuc": return ServedCommand(["council", "close"], positionals: base)
    default:
      var options: [(String, String)] = []
      if let v = form["vote"] { options.append(("--vote", v)) }
      if let s = form["score"] { options.append(("--score", s)) }
      if let a = form["application"] { options.append(("--application", a)) }
      var files: [String] = []
      if action == "phieu-giay" {
        options.append(("--for", form["member"] ?? ""))
        if let scan = form.files["scan"], !scan.content.isEmpty {
          let path = try temporary(scan)
          files.append(path)
          options.append(("--scan", path))
        }
      }
      var command = ServedCommand(["council", "ballot"], positionals: base, options: options)
      command.temporaryFiles = files
      return command
    }
  }

  func councilBody(_ c: Context, _ task: TaskState, _ definition: WorkflowDefinition, _ council: CouncilDefinition, refusal: HTML) -> HTML {
    let action = { (a: String) in URLPath.make("nhiem-vu", task.key, "hoi-dong", council.name, a) }
    var parts: [HTML] = [
      "<p><a href=\"\(URLPath.make("nhiem-vu", task.key))\">\(task.key)</a> — \(task.fields["title"]?.plainText ?? "")</p>", flash(c),
      refusal,
    ]
    if let b = council.basis { parts.append("<p class=\"muted\">\(c.t("Căn cứ", "Basis")): \(b)</p>") }
    let session = task.councils[council.name]
    guard let s = session, s.isOpen else {
      if let s = session { parts.append(outcome(c, task, definition, s, scored: council.ballot == .score)) }
      // A new session only while the task is at a step where this council sits.
      guard council.openIn.contains(task.state) else { return parts.joined() }
      // Open a (new) session: each person's role on the council, or none.
      let rows = c.people.values.sorted { $0.shownName < $1.shownName }.map { p -> HTML in
        let options = CouncilDefinition.memberRoles.map { r -> HTML in
          "<option value=\"\(r)\">\(Wording.memberRole(r, c.language))</option>"
        }
        return """
          <tr><td><label for="role-\(p.name)">\(p.shownName)</label></td><td class="wide">\(p.organisation ?? "")</td>\
          <td><select id="role-\(p.name)" name="role.\(p.name)"><option value="">—</option>\(options)</select></td></tr>
          """
      }
      parts.append(
        """
        <section class="card"><h2>\(c.t("Thành lập hội đồng", "Set up the council"))</h2>
        <form method="post" action="\(action("mo"))">\(csrfField(c))<div class="table-wrap"><table><thead><tr><th scope="col">\(c.t("Người", "Person"))</th>\
        <th scope="col" class="wide">\(c.t("Cơ quan", "Organisation"))</th><th scope="col">\(c.t("Vai trò trong hội đồng", "Role on the council"))</th></tr></thead>\
        <tbody>\(rows)</tbody></table></div>\
        <p><label for="decision">\(c.t("Quyết định thành lập hội đồng (số, ngày)", "Decision setting up the council (number, date)"))</label>\
        <input id="decision" name="decision" placeholder="125/QĐ-SKHCN ngày 10/07/2026"></p>\
        <p><label for="place">\(c.t("Địa điểm họp", "Place"))</label><input id="place" name="place"></p>\
        <p><button type="submit">\(c.t("Thành lập", "Set up"))</button></p></form></section>
        """)
      return parts.joined()
    }
    let words = CouncilText(definition: definition, formats: c.formats)
    let members = s.members.map { m -> HTML in
      let present = s.present.contains(m.name)
      let ballot = s.ballots.first { $0.member == m.name }
      let voted: String =
        ballot.map { b in
          words.ballot(b) + (b.enteredBy != nil ? c.t(" (phiếu giấy)", " (paper ballot)") : "")
        } ?? (present ? c.t("chưa bỏ phiếu", "not yet voted") : "")
      return """
        <tr><td>\(c.name(m.name))</td><td>\(Wording.memberRole(m.role, c.language))</td>\
        <td>\(present ? c.t("có mặt", "present") : c.t("vắng", "absent"))</td><td>\(voted)</td></tr>
        """
    }
    let recused = s.recused.map { r -> HTML in "<li>\(c.name(r.name)): \(words.recusal(r.reason))</li>" }
    parts.append(
      """
      <section class="card"><h2>\(c.t("Thành viên (phiên \(s.session), mở ngày \(c.formats.date(c.formats.day(s.openedAt))))", "Members (session \(s.session), opened \(c.formats.date(c.formats.day(s.openedAt))))"))</h2>
      <div class="table-wrap"><table class="cards"><thead><tr><th scope="col">\(c.t("Họ tên", "Name"))</th><th scope="col">\(c.t("Vai trò", "Role"))</th>\
      <th scope="col">\(c.t("Điểm danh", "Attendance"))</th><th scope="col">\(c.t("Phiếu", "Ballot"))</th></tr></thead><tbody>\(members)</tbody></table></div>
      \(recused.isEmpty ? HTML.empty : "<p>\(c.t("Không tham gia (xung đột lợi ích):", "Recused (conflict of interest):"))</p><ul>\(recused)</ul>")</section>
      """)
    // Attendance (the secretary records it; the engine checks who may).
    let boxes = s.members.map { m -> HTML in
      "<label style=\"font-weight:normal\"><input type=\"checkbox\" name=\"present\" value=\"\(m.name)\"\(s.present.contains(m.name) ? HTML(" checked") : .empty)> \(c.name(m.name))</label>"
    }
    let isSecretary =
      s.members.contains { $0.name == c.actor.name && $0.role == "secretary" } || c.actor.roles.contains("council_secretary")
    if isSecretary || c.isStaff {
      parts.append(
        """
        <section class="card"><h2>\(c.t("Điểm danh", "Attendance"))</h2><form class="stack" method="post" action="\(action("co-mat"))">\(csrfField(c))\
        <fieldset><legend>\(c.t("Thành viên có mặt", "Members present"))</legend>\(boxes)</fieldset>
        <p><button type="submit">\(c.t("Ghi điểm danh", "Record attendance"))</button></p></form></section>
        """)
    }
    // The person's own ballot.
    if s.members.contains(where: { $0.name == c.actor.name }), s.present.contains(c.actor.name),
      !s.ballots.contains(where: { $0.member == c.actor.name })
    {
      parts.append(
        """
        <section class="card" aria-labelledby="h-ballot"><h2 id="h-ballot">\(c.t("Phiếu của tôi", "My ballot"))</h2>\
        <form class="stack" method="post" action="\(action("phieu"))">\(csrfField(c))\(ballotInputs(c, council, prefix: "own"))
        <p><button type="submit" data-confirm="\(c.t("Gửi phiếu? Phiếu đã gửi không sửa được.", "Cast the ballot? It cannot be changed."))">\(c.t("Gửi phiếu", "Cast ballot"))</button></p></form></section>
        """)
    }
    // A paper ballot, entered by the secretary with the scan.
    let waiting = s.present.filter { p in !s.ballots.contains { $0.member == p } }
    if isSecretary, !waiting.isEmpty {
      let options = waiting.map { m -> HTML in "<option value=\"\(m)\">\(c.name(m))</option>" }
      parts.append(
        """
        <section class="card" aria-labelledby="h-paper"><h2 id="h-paper">\(c.t("Nhập phiếu giấy", "Enter a paper ballot"))</h2>\
        <form class="stack" method="post" action="\(action("phieu-giay"))" enctype="multipart/form-data">\(csrfField(c))
        <label for="paper-member">\(c.t("Phiếu của thành viên", "Ballot of"))</label><select id="paper-member" name="member" required>\(options)</select>
        \(ballotInputs(c, council, prefix: "paper"))
        <label for="paper-scan">\(c.t("Bản chụp phiếu", "Scanned ballot"))</label><input type="file" id="paper-scan" name="scan" accept="image/*,application/pdf" required>
        <p><button type="submit">\(c.t("Ghi phiếu giấy", "Record the paper ballot"))</button></p></form></section>
        """)
    }
    // Closing is offered to those the council lets close it (the engine still checks when they do).
    let mayClose = !Engine.roles(of: c.actor, on: task, definition: definition).isDisjoint(with: council.closeBy)
    let closeForm: HTML =
      mayClose
      ? """
      <form method="post" action="\(action("ket-thuc"))">\(csrfField(c))<button type="submit" data-confirm="\(c.t("Kết thúc phiên họp và tính kết quả?", "Close the session and compute the outcome?"))">\(c.t("Kết thúc và tính kết quả", "Close and compute the outcome"))</button></form>
      """ : .empty
    parts.append(
      """
      <section class="card"><h2>\(c.t("Kết luận", "Conclusion"))</h2><p class="muted">\(policyText(c, council))</p>\
      \(closeForm)</section>
      """)
    return parts.joined()
  }

  func ballotInputs(_ c: Context, _ council: CouncilDefinition, prefix: String) -> HTML {
    switch council.ballot {
    case .vote:
      let options = ["yes", "no", "abstain"].map { v -> HTML in
        "<label style=\"font-weight:normal\"><input type=\"radio\" name=\"vote\" value=\"\(v)\" required> \(Wording.outcome(v, c.language))</label>"
      }
      return "<fieldset><legend>\(c.t("Biểu quyết", "Vote"))</legend>\(options)</fieldset>"
    case .score:
      var h: HTML =
        "<label for=\"\(prefix)-score\">\(c.t("Điểm (0–100)", "Score (0–100)"))</label><input type=\"number\" id=\"\(prefix)-score\" name=\"score\" min=\"0\" max=\"100\" step=\"1\" required>"
      if case .highestMean = council.policy {
        h +=
          "<label for=\"\(prefix)-app\">\(c.t("Hồ sơ đăng ký", "Application"))</label><input type=\"text\" id=\"\(prefix)-app\" name=\"application\">"
      }
      return h
    }
  }

  func policyText(_ c: Context, _ council: CouncilDefinition) -> String {
    switch council.policy {
    case .share(let n, let d, let strict):
      return c.t(
        "Thông qua khi \(strict ? "trên" : "từ") \(n)/\(d) số thành viên có mặt đồng ý.",
        "Approved when \(strict ? "more than" : "at least") \(n)/\(d) of the members present agree.")
    case .highestMean(let threshold):
      return c.t(
        "Hồ sơ có điểm trung bình cao nhất, đạt từ \(threshold) điểm, được chọn.",
        "The application with the highest mean score of at least \(threshold) is chosen.")
    case .rating:
      return c.t("Xếp loại theo điểm trung bình và thời gian nộp hồ sơ.", "Rated by the mean score and the lateness of the dossier.")
    }
  }

  /// A closed session: the outcome and the reasoning of the rule that computed it.
  func outcome(_ c: Context, _ task: TaskState, _ definition: WorkflowDefinition, _ s: CouncilSession, scored: Bool) -> HTML {
    let words = CouncilText(definition: definition, formats: c.formats)
    let minutes = URLPath.make("nhiem-vu", task.key, "hoi-dong", s.council, "bien-ban")
    return """
      <section class="card" aria-labelledby="h-outcome"><h2 id="h-outcome">\(c.t("Kết quả phiên \(s.session)", "Outcome of session \(s.session)"))</h2>\
      <p><strong>\(words.outcome(s.outcome ?? ""))</strong>\(scored ? s.score.map { HTML(" — \(c.t("điểm trung bình", "mean score")) \(String($0))") } ?? .empty : .empty)</p>\
      <ul>\(s.reasoning.map { r -> HTML in "<li>\(words.line(r))</li>" })</ul>\
      <p><a href="\(minutes)" download>\(c.t("Tải biên bản họp hội đồng (.docx)", "Download the minutes (.docx)"))</a></p></section>
      """
  }
}
