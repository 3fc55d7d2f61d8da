import Foundation
import STFlowCLI
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  /// `/quan-tri`: people and logins, roles, passwords, API tokens, workflows, calendars, hook deliveries.
  /// Every change is a command of the command layer (or the store's password call), checked as the admin.
  func admin(_ c: Context, _ s: [String]) throws -> HTTPResponse {
    guard c.actor.roles.contains("admin") else { return notFound(c) }
    var notice: HTML = flash(c)
    var status = 200
    if c.request.method == "POST", let action = s.first {
      do {
        let message = try adminAction(c, action)
        // A new token's secret is shown once, on this answer only; anything else goes back to the page.
        guard action == "token" else { return Self.redirect("/quan-tri?tb=" + URLPath.encode(c.t("Đã lưu.", "Saved."))) }
        notice = message
      } catch {
        notice = refusalBox(c, error)
        status = self.status(error)
      }
    } else if !s.isEmpty {
      return notFound(c)
    }
    return page(c, title: c.t("Quản trị", "Administration"), active: "admin", body: notice + (try adminBody(c)), status: status)
  }

  func adminAction(_ c: Context, _ action: String) throws(Refusal) -> HTML {
    let form = FormData.decode(c.request)
    switch action {
    case "nguoi":
      var options: [(String, String)] = []
      for r in form.all("role") where !r.isEmpty { options.append(("--role", r)) }
      if let d = form["display"] { options.append(("--display-name", d)) }
      if let e = form["email"] { options.append(("--email", e)) }
      if let o = form["org"] { options.append(("--org", o)) }
      _ = try run(c, ServedCommand(["actor", "add"], positionals: [form["name"] ?? ""], options: options))
    case "mat-khau":
      do {
        try c.store.setPassword(form.raw("password"), for: form["name"] ?? "", by: c.actor.name)
      } catch {
        let (_, rule, message, _) = CLI.classify(error, language: c.language)
        throw Refusal(rule: rule, message: message)
      }
    case "token":
      let json = try run(
        c, ServedCommand(["token", "create"], positionals: [form["tokenName"] ?? ""], options: [("--for", form["for"] ?? c.actor.name)]))
      return """
        <div class="flash" role="status"><p>\(c.t("Mã truy cập mới (chỉ hiện một lần, hãy lưu lại):", "The new token (shown once; keep it):"))</p>\
        <p><code>\(json["token"]?.stringValue ?? "")</code></p></div>
        """
    case "thu-hoi": _ = try run(c, ServedCommand(["token", "revoke"], positionals: [form["id"] ?? ""]))
    case "quy-trinh", "lich":
      guard let file = form.files["file"], !file.content.isEmpty else {
        throw Refusal(rule: "input", message: c.t("Hãy chọn tệp JSON.", "Choose a JSON file."))
      }
      let path = try temporary(FormData.File(filename: action == "lich" ? "calendar.json" : "workflow.json", content: file.content))
      var command = ServedCommand(action == "lich" ? ["calendar", "load"] : ["workflow", "load"], positionals: [path])
      command.temporaryFiles = [path]
      _ = try run(c, command)
    case "gui-lai": _ = try run(c, ServedCommand(["hooks", "retry"], positionals: [form["id"] ?? ""]))
    default: throw Refusal(rule: "input", message: c.t("Không có thao tác này.", "No such action."))
    }
    return .empty
  }

  func adminBody(_ c: Context) throws -> HTML {
    let logins = try c.store.logins()
    let people = c.people.values.sorted { $0.name < $1.name }
    let rows = people.map { p -> HTML in
      """
      <tr><td>\(p.shownName)<br><span class="muted">\(p.name)</span></td><td>\(p.roles.sorted().map { Wording.role($0, c.language) }.joined(separator: ", "))</td>\
      <td class="wide">\(p.email ?? "")</td><td class="wide">\(p.organisation ?? "")</td>\
      <td>\(logins[p.name] != nil ? c.t("có", "yes") : c.t("chưa có", "none"))</td></tr>
      """
    }
    var roles = Set<String>(["admin"])
    for d in try c.store.definitions() { roles.formUnion(d.definition.roles.filter { !d.definition.grantedRoles.contains($0) }) }
    let roleBoxes = roles.sorted().map { r -> HTML in
      "<label style=\"font-weight:normal\"><input type=\"checkbox\" name=\"role\" value=\"\(r)\"> \(Wording.role(r, c.language))</label>"
    }
    let personOptions = people.map { p -> HTML in "<option value=\"\(p.name)\">\(p.shownName) (\(p.name))</option>" }
    let tokens = (try? run(c, ServedCommand(["token", "list"], flags: ["--all"])))?.arrayValue ?? []
    let tokenRows = tokens.map { t -> HTML in
      let revoked = t["revokedAt"]?.stringValue
      return """
        <tr><td>\(t["name"]?.stringValue ?? "")</td><td>\(c.name(t["actor"]?.stringValue ?? ""))</td>\
        <td class="wide">\(t["createdAt"]?.stringValue.flatMap(Timestamp.parseStored).map(c.formats.dateTime) ?? "")</td><td>\
        \(revoked != nil ? HTML("\(c.t("đã thu hồi", "revoked"))") : "<form method=\"post\" action=\"/quan-tri/thu-hoi\">\(csrfField(c))<input type=\"hidden\" name=\"id\" value=\"\(String(t["id"]?.intValue ?? 0))\"><button class=\"danger\" type=\"submit\" data-confirm=\"\(c.t("Thu hồi mã này?", "Revoke this token?"))\">\(c.t("Thu hồi", "Revoke"))</button></form>")</td></tr>
        """
    }
    let workflows = (try? run(c, ServedCommand(["workflow", "list"])))?.arrayValue ?? []
    let workflowRows = workflows.map { w -> HTML in
      "<tr><td>\(w["title"]?.stringValue ?? "")<br><span class=\"muted\">\(w["id"]?.stringValue ?? "")</span></td><td>\(String(w["version"]?.intValue ?? 0))/\(String(w["revision"]?.intValue ?? 0))</td><td>\(String(w["tasks"]?.intValue ?? 0))</td></tr>"
    }
    let deliveries = (try? run(c, ServedCommand(["hooks", "list"], flags: ["--failed"])))?.arrayValue ?? []
    let deliveryRows = deliveries.prefix(100).map { d -> HTML in
      """
      <tr><td>\(d["task"]?.stringValue ?? "")</td><td>\(d["kind"]?.stringValue ?? "")</td><td>\(String(d["attempts"]?.intValue ?? 0))</td>\
      <td class="wide">\(d["lastError"]?.stringValue ?? "")</td><td><form method="post" action="/quan-tri/gui-lai">\(csrfField(c))\
      <input type="hidden" name="id" value="\(String(d["id"]?.intValue ?? 0))"><button type="submit">\(c.t("Gửi lại", "Retry"))</button></form></td></tr>
      """
    }
    func upload(_ action: String, _ label: String) -> HTML {
      """
      <form class="stack" method="post" action="/quan-tri/\(action)" enctype="multipart/form-data">\(csrfField(c))\
      <label for="up-\(action)">\(label)</label><input type="file" id="up-\(action)" name="file" accept="application/json,.json" required>
      <p><button type="submit">\(c.t("Nạp", "Load"))</button></p></form>
      """
    }
    return """
      <section class="card" aria-labelledby="h-people"><h2 id="h-people">\(c.t("Người dùng", "People"))</h2>
      <div class="table-wrap"><table class="cards"><thead><tr><th scope="col">\(c.t("Họ tên", "Name"))</th><th scope="col">\(c.t("Vai trò", "Roles"))</th>\
      <th scope="col" class="wide">E-mail</th><th scope="col" class="wide">\(c.t("Cơ quan", "Organisation"))</th><th scope="col">\(c.t("Mật khẩu", "Login"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
      <h3>\(c.t("Thêm hoặc sửa người dùng", "Add or change a person"))</h3>
      <form class="stack" method="post" action="/quan-tri/nguoi">\(csrfField(c))
      <label for="p-name">\(c.t("Tên đăng nhập", "Login id"))</label><input type="text" id="p-name" name="name" required>
      <label for="p-display">\(c.t("Họ tên và học hàm, học vị", "Name and title"))</label><input type="text" id="p-display" name="display" placeholder="TS. Nguyễn Văn An">
      <label for="p-email">E-mail</label><input type="text" id="p-email" name="email">
      <label for="p-org">\(c.t("Cơ quan", "Organisation"))</label><input type="text" id="p-org" name="org">
      <fieldset><legend>\(c.t("Vai trò", "Roles"))</legend>\(roleBoxes)</fieldset>
      <p><button type="submit">\(c.t("Lưu", "Save"))</button></p></form>
      <h3>\(c.t("Đặt mật khẩu", "Set a password"))</h3>
      <form class="stack" method="post" action="/quan-tri/mat-khau">\(csrfField(c))
      <label for="pw-name">\(c.t("Người dùng", "Person"))</label><select id="pw-name" name="name" required>\(personOptions)</select>
      <label for="pw-password">\(c.t("Mật khẩu mới", "New password"))</label><input type="password" id="pw-password" name="password" autocomplete="new-password" required>
      <p><button type="submit">\(c.t("Đặt mật khẩu", "Set password"))</button></p></form></section>
      <section class="card" aria-labelledby="h-tokens"><h2 id="h-tokens">\(c.t("Mã truy cập API", "API tokens"))</h2>
      <div class="table-wrap"><table><thead><tr><th scope="col">\(c.t("Tên", "Name"))</th><th scope="col">\(c.t("Thuộc", "For"))</th><th scope="col" class="wide">\(c.t("Tạo lúc", "Created"))</th><th scope="col">\(c.t("Trạng thái", "Status"))</th></tr></thead><tbody>\(tokenRows)</tbody></table></div>
      <form class="stack" method="post" action="/quan-tri/token">\(csrfField(c))
      <label for="t-name">\(c.t("Tên mã (dùng cho việc gì)", "Token name (what it is for)"))</label><input type="text" id="t-name" name="tokenName" required>
      <label for="t-for">\(c.t("Hành động với tư cách", "Acts as"))</label><select id="t-for" name="for">\(personOptions)</select>
      <p><button type="submit">\(c.t("Tạo mã", "Make a token"))</button></p></form></section>
      <section class="card" aria-labelledby="h-workflows"><h2 id="h-workflows">\(c.t("Quy trình", "Workflows"))</h2>
      <table><thead><tr><th scope="col">\(c.t("Quy trình", "Workflow"))</th><th scope="col">\(c.t("Phiên bản/lần nạp", "Version/revision"))</th><th scope="col">\(c.t("Số nhiệm vụ", "Tasks"))</th></tr></thead><tbody>\(workflowRows)</tbody></table>
      \(upload("quy-trinh", c.t("Nạp quy trình (tệp JSON)", "Load a workflow (JSON file)")))</section>
      <section class="card" aria-labelledby="h-calendars"><h2 id="h-calendars">\(c.t("Lịch làm việc", "Calendars"))</h2>\
      <p>\(try c.store.calendarIds().joined(separator: ", "))</p>\(upload("lich", c.t("Nạp lịch (tệp JSON)", "Load a calendar (JSON file)")))</section>
      <section class="card" aria-labelledby="h-hooks"><h2 id="h-hooks">\(c.t("Thông báo gửi lỗi", "Failed deliveries"))</h2>\
      \(deliveryRows.isEmpty ? HTML("<p class=\"muted\">\(c.t("Không có lần gửi nào bị lỗi.", "No failed delivery."))</p>") : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">\(c.t("Nhiệm vụ", "Task"))</th><th scope=\"col\">\(c.t("Loại", "Kind"))</th><th scope=\"col\">\(c.t("Số lần thử", "Attempts"))</th><th scope=\"col\" class=\"wide\">\(c.t("Lỗi", "Error"))</th><th scope=\"col\">\(c.t("Gửi lại", "Retry"))</th></tr></thead><tbody>\(deliveryRows)</tbody></table></div>")</section>
      """
  }
}
