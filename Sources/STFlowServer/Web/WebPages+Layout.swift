import Foundation
import STFlowDefinition
import STFlowPresentation
import STFlowRules

extension WebPages {
  /// The page frame: the department's bar with the menu, who is signed in, sign out; one `h1`.
  func page(_ c: Context, title: String, active: String = "", body: HTML, status: Int = 200) -> HTTPResponse {
    let items: [(String, String, String)] =
      [("/", "work", c.t("Việc của tôi", "My work")), ("/nhiem-vu", "tasks", c.t("Nhiệm vụ", "Tasks"))]
      + (c.isStaff ? [("/bao-cao", "report", c.t("Báo cáo", "Report"))] : [])
      + (c.actor.roles.contains("admin") ? [("/quan-tri", "admin", c.t("Quản trị", "Administration"))] : [])
    let nav = items.map { href, id, label -> HTML in
      "<a href=\"\(href)\"\(id == active ? HTML(" aria-current=\"page\"") : .empty)>\(label)</a>"
    }
    let other = c.language == "en" ? ("vi", "Tiếng Việt") : ("en", "English")
    let header: HTML = """
      <header class="top"><a class="brand" href="/">STFlow — \(c.t("Sở Khoa học và Công nghệ", "Department of Science and Technology"))</a>
      <nav aria-label="\(c.t("Menu chính", "Main menu"))">\(nav)</nav>
      <span class="who">\(c.actor.shownName)\(roleLine(c))</span>
      <a href="/doi-mat-khau" style="color:#fde68a">\(c.t("Đổi mật khẩu", "Change password"))</a>
      <a href="?lang=\(other.0)" style="color:#fde68a" lang="\(other.0)">\(other.1)</a>
      <form method="post" action="/dang-xuat"><input type="hidden" name="csrf" value="\(c.csrf)">\
      <button class="link" type="submit">\(c.t("Đăng xuất", "Sign out"))</button></form></header>
      """
    return .html(Self.document(language: c.language, title: title, header: header, body: "<h1>\(title)</h1>\(body)").markup, status: status)
  }

  func roleLine(_ c: Context) -> HTML {
    let roles = c.actor.roles.sorted().map { Wording.role($0, c.language) }
    return roles.isEmpty ? .empty : " <span class=\"muted\" style=\"color:#fecaca\">(\(roles.joined(separator: ", ")))</span>"
  }

  static func document(language: String, title: String, header: HTML, body: HTML) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="\(language)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(title) — STFlow</title><link rel="stylesheet" href="/tai-nguyen/stflow.css"></head>
    <body><a class="skip" href="#main">\(language == "en" ? "Skip to content" : "Tới nội dung")</a>\(header)
    <main id="main">\(body)</main><script src="/tai-nguyen/stflow.js" defer></script></body></html>
    """
  }

  func notFound(_ c: Context) -> HTTPResponse {
    page(
      c, title: c.t("Không tìm thấy", "Not found"),
      body:
        "<p>\(c.t("Không có trang này, hoặc anh/chị không được xem nó.", "There is no such page, or you may not see it."))</p><p><a href=\"/\">\(c.t("Về trang Việc của tôi", "Back to My work"))</a></p>",
      status: 404)
  }

  /// A refusal in the person's words: the heading of its rule, the rule id, the values it looked at (by their
  /// labels, dates as dd/MM/yyyy), the legal basis, and the engine's own message as the detail.
  func refusalBox(_ c: Context, _ r: Refusal, definition: WorkflowDefinition? = nil) -> HTML {
    let values = r.values.map { k, v -> HTML in
      let label =
        k == "at" ? c.t("Ngày thực hiện", "Date of the action") : definition?.field(k)?.label?.text(c.language, fallback: k) ?? k
      let shown = LocalDate(iso: v).map(c.formats.date) ?? v
      return "<dt>\(label)</dt><dd>\(shown)</dd>"
    }
    return """
      <div class="refusal" role="alert"><h2>\(RefusalText.heading(r.rule, c.language)) <span class="muted">[\(r.rule)]</span></h2>
      \(values.isEmpty ? HTML.empty : "<dl>\(values)</dl>")\
      \(r.basis.map { b -> HTML in "<p>\(c.t("Căn cứ", "Legal basis")): \(b)</p>" })\
      <p class="muted">\(c.t("Chi tiết", "Detail")): \(r.message.split(separator: "\n").map { l -> HTML in "\(l)<br>" })</p></div>
      """
  }

  /// The hidden CSRF field every form carries.
  func csrfField(_ c: Context) -> HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(c.csrf)\">" }

  /// A short message carried to the next page after an action (`?tb=…`).
  func flash(_ c: Context) -> HTML {
    guard let text = c.request.query("tb"), !text.isEmpty else { return .empty }
    return "<p class=\"flash\" role=\"status\">\(String(text.prefix(300)))</p>"
  }
}
