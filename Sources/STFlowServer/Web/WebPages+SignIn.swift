import Foundation
import STFlowPresentation
import STFlowStore

extension WebPages {
  /// `/dang-nhap`: the sign-in form; on success the session cookie and back to where the person was going.
  func signIn(_ request: HTTPRequest, store: EventStore, language: String) throws -> HTTPResponse {
    let vi = language != "en"
    let next = Self.safeNext(request.query("tiep"))
    var message: HTML = .empty
    var user = ""
    var status = 200
    if request.method == "POST" {
      let form = FormData.decode(request)
      user = form["user"] ?? ""
      if let origin = request.header("Origin"), !APIHandler.isSameOrigin(origin, request) {
        return .html("<!DOCTYPE html><title>403</title><p>Yêu cầu từ trang khác bị từ chối.</p>", status: 403)
      }
      do {
        let grant = try store.signIn(
          user: user, password: form.raw("password"), address: request.address, policy: policy)
        var r = Self.redirect(Self.safeNext(form["tiep"]))
        r.header(
          "Set-Cookie",
          "\(APIHandler.cookie)=\(grant.token); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(Int(policy.absolute))"
            + (secure ? "; Secure" : ""))
        return r
      } catch let e as AccessError {
        switch e {
        case .throttled(let seconds):
          status = 429
          message = """
            <div class="refusal" role="alert"><h2>\(RefusalText.heading("throttled", language)) <span class="muted">[throttled]</span></h2>\
            <p>\(vi ? "Hãy thử lại sau \((seconds + 59) / 60) phút." : "Try again in \((seconds + 59) / 60) minutes.")</p></div>
            """
        default:
          status = 401
          message = """
            <div class="refusal" role="alert"><h2>\(RefusalText.heading("sign-in", language)) <span class="muted">[sign-in]</span></h2></div>
            """
        }
      }
    }
    let expired = request.query("tiep") != nil && request.method == "GET"
    let title = vi ? "Đăng nhập" : "Sign in"
    let body: HTML = """
      \(expired ? HTML("<p class=\"muted\">\(vi ? "Phiên làm việc đã hết hoặc chưa đăng nhập. Đăng nhập để tiếp tục." : "Your session ended or you are not signed in. Sign in to continue.")</p>") : .empty)
      \(message)
      <section class="card"><form class="stack" method="post" action="/dang-nhap">
      <input type="hidden" name="tiep" value="\(next)">
      <label for="user">\(vi ? "Tên đăng nhập" : "User name")</label><input type="text" id="user" name="user" value="\(user)" autocomplete="username" required autofocus>
      <label for="password">\(vi ? "Mật khẩu" : "Password")</label><input type="password" id="password" name="password" autocomplete="current-password" required>
      <p><button type="submit">\(vi ? "Đăng nhập" : "Sign in")</button></p></form></section>
      <p class="muted"><a href="?lang=\(vi ? "en" : "vi")\(next == "/" ? "" : "&tiep=" + URLPath.encode(next))">\(vi ? "English" : "Tiếng Việt")</a></p>
      """
    let header: HTML =
      "<header class=\"top\"><span class=\"brand\">STFlow — \(vi ? "Sở Khoa học và Công nghệ" : "Department of Science and Technology")</span></header>"
    return .html(Self.document(language: language, title: title, header: header, body: "<h1>\(title)</h1>\(body)").markup, status: status)
  }

  /// Only a path on this site (`/…`, not `//host`), so a link cannot send someone elsewhere after sign-in.
  static func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/dang-nhap"),
      !next.unicodeScalars.contains(where: { $0.value < 32 })
    else { return "/" }
    return String(next.prefix(500))
  }

  /// `POST /dang-xuat`: ends this session.
  func signOut(_ c: Context) throws -> HTTPResponse {
    try c.store.signOut(token: c.session)
    var r = Self.redirect("/dang-nhap")
    r.header("Set-Cookie", "\(APIHandler.cookie)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" + (secure ? "; Secure" : ""))
    return r
  }

  /// `/doi-mat-khau`: the person's own password (the current one first), and "sign out everywhere".
  func changePassword(_ c: Context) throws -> HTTPResponse {
    var message: HTML = flash(c)
    var status = 200
    if c.request.method == "POST" {
      let form = FormData.decode(c.request)
      if form["everywhere"] != nil {
        try c.store.signOutEverywhere(c.actor.name, by: c.actor.name)
        return Self.redirect("/dang-nhap")
      }
      do {
        guard form.raw("new") == form.raw("again") else {
          throw Refusal(rule: "input", message: c.t("Hai lần nhập mật khẩu mới không giống nhau.", "The two new passwords differ."))
        }
        do {
          try c.store.changePassword(
            user: c.actor.name, current: form.raw("current"), new: form.raw("new"), address: c.request.address, policy: policy)
        } catch let e as AccessError {
          throw Refusal(
            rule: "sign-in", message: c.t("Mật khẩu hiện tại không đúng.", "The current password is wrong.") + " (\(e.description))")
        } catch let e as StoreError {
          throw Refusal(rule: "input", message: e.description)
        }
        return Self.redirect("/doi-mat-khau?tb=" + URLPath.encode(c.t("Đã đổi mật khẩu.", "The password was changed.")))
      } catch let r as Refusal {
        message = refusalBox(c, r)
        status = 400
      }
    }
    return page(
      c, title: c.t("Đổi mật khẩu", "Change password"),
      body: """
        \(message)<section class="card"><form class="stack" method="post">\(csrfField(c))
        <label for="current">\(c.t("Mật khẩu hiện tại", "Current password"))</label><input type="password" id="current" name="current" autocomplete="current-password" required>
        <label for="new">\(c.t("Mật khẩu mới (ít nhất \(PasswordHash.minimumLength) ký tự)", "New password (at least \(PasswordHash.minimumLength) characters)"))</label><input type="password" id="new" name="new" autocomplete="new-password" required>
        <label for="again">\(c.t("Nhập lại mật khẩu mới", "New password again"))</label><input type="password" id="again" name="again" autocomplete="new-password" required>
        <p><button type="submit">\(c.t("Đổi mật khẩu", "Change password"))</button></p></form></section>
        <section class="card"><h2>\(c.t("Đăng xuất khỏi mọi thiết bị", "Sign out everywhere"))</h2><form method="post">\(csrfField(c))
        <button class="secondary" type="submit" name="everywhere" value="1" data-confirm="\(c.t("Đăng xuất khỏi mọi máy và điện thoại?", "Sign out on every device?"))">\(c.t("Đăng xuất mọi nơi", "Sign out everywhere"))</button></form></section>
        """, status: status)
  }
}
