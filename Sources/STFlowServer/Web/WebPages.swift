import Foundation
import STFlowCLI
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

/// The web interface: server-rendered pages, Vietnamese first, over the same commands as the JSON API.
/// Reading pages use the store's read API; every action runs one command of the command layer as the
/// signed-in person, so the engine decides and a refusal is shown with its rule.
final class WebPages: Sendable {
  let stores: ThreadStores
  let clock: any WallClock
  let policy: AccessPolicy
  let secure: Bool
  static let languageCookie = "stflow_lang"

  init(stores: ThreadStores, clock: any WallClock, policy: AccessPolicy, secure: Bool) {
    self.stores = stores
    self.clock = clock
    self.policy = policy
    self.secure = secure
  }

  /// One request for a page, as the signed-in person.
  struct Context {
    let request: HTTPRequest
    let store: EventStore
    let actor: Actor
    let session: String
    let formats: Formats
    let isStaff: Bool
    let people: [String: Actor]
    var language: String { formats.language }
    var csrf: String { APIHandler.csrfToken(session) }
    func t(_ vi: String, _ en: String) -> String { formats.t(vi, en) }
    func name(_ login: String) -> String { people[login]?.shownName ?? login }
  }

  /// A refusal to show: the rule, its heading, the engine's words, the values it saw and the legal basis.
  struct Refusal: Error {
    var rule: String
    var message: String
    var values: [(String, String)] = []
    var basis: String?
  }

  func language(_ request: HTTPRequest) -> String {
    if let q = request.query("lang"), ["vi", "en"].contains(q) { return q }
    return request.cookie(Self.languageCookie) == "en" ? "en" : "vi"
  }

  func route(_ request: HTTPRequest, segments: [String]) throws -> HTTPResponse {
    if segments.first == "tai-nguyen" { return asset(segments) }
    let store = try stores.current()
    let language = language(request)
    var response = try routeSigned(request, segments: segments, store: store, language: language)
    if let q = request.query("lang"), ["vi", "en"].contains(q) {
      response.header("Set-Cookie", "\(Self.languageCookie)=\(q); SameSite=Strict; Path=/; Max-Age=31536000" + (secure ? "; Secure" : ""))
    }
    return response
  }

  func routeSigned(_ request: HTTPRequest, segments: [String], store: EventStore, language: String) throws -> HTTPResponse {
    if segments == ["dang-nhap"] { return try signIn(request, store: store, language: language) }
    guard let token = request.cookie(APIHandler.cookie), let actor = try store.sessionActor(token: token, policy: policy) else {
      // Not signed in, or the session expired: sign in, then come back here.
      let back = request.method == "GET" ? request.path + (request.queryString.map { "?" + $0 } ?? "") : "/"
      return Self.redirect("/dang-nhap" + URLPath.query([("tiep", back)]))
    }
    let zone = TimeZone.vietnam
    let context = Context(
      request: request, store: store, actor: actor, session: token, formats: Formats(language: language, timeZone: zone),
      isStaff: try store.isStaff(actor), people: try store.peopleByLogin())
    if request.method == "POST" {
      do {
        try checkForm(request, session: token)
      } catch let r as Refusal {
        return page(context, title: RefusalText.heading(r.rule, language), body: refusalBox(context, r), status: 403)
      }
    }
    switch (request.method, segments) {
    case ("GET", []): return try myWork(context)
    case ("POST", ["dang-xuat"]): return try signOut(context)
    case (_, ["doi-mat-khau"]): return try changePassword(context)
    case ("GET", ["nhiem-vu"]): return try taskList(context)
    case (_, let s) where s.count >= 2 && s[0] == "nhiem-vu": return try taskRoute(context, Array(s.dropFirst()))
    case ("GET", ["bao-cao"]): return try reportPage(context)
    case ("GET", ["bao-cao", "tai-ve"]): return try reportDownload(context)
    case (_, let s) where s.first == "quan-tri": return try admin(context, Array(s.dropFirst()))
    default: return notFound(context)
    }
  }

  /// `/nhiem-vu/KEY/…`: only for a task the person may see (any other is "not found", not "forbidden").
  func taskRoute(_ c: Context, _ s: [String]) throws -> HTTPResponse {
    let key = s[0]
    guard let task = try c.store.task(key: key), try c.store.canSee(task, actor: c.actor) else { return notFound(c) }
    switch (c.request.method, Array(s.dropFirst())) {
    case ("GET", []): return try taskPage(c, task)
    case (_, let r) where r.count == 2 && r[0] == "chuyen": return try firePage(c, task, transition: r[1])
    case ("POST", ["tai-lieu"]): return try upload(c, task)
    case ("GET", let r) where r.count == 2 && r[0] == "tai-lieu": return try download(c, task, digest: r[1])
    case (_, let r) where r.count >= 2 && r[0] == "hoi-dong":
      return try councilRoute(c, task, council: r[1], action: r.count > 2 ? r[2] : nil)
    default: return notFound(c)
    }
  }

  /// A form that changes something comes from this site: its `Origin` (when sent) names this host, and it
  /// carries the session's CSRF token.
  func checkForm(_ request: HTTPRequest, session: String) throws {
    if let origin = request.header("Origin"), !APIHandler.isSameOrigin(origin, request) {
      throw Refusal(
        rule: "csrf", message: "Yêu cầu từ trang khác bị từ chối (a form sent from another site, \(origin.prefix(100)), is refused)")
    }
    guard FormData.decode(request)["csrf"] == APIHandler.csrfToken(session) else {
      throw Refusal(
        rule: "csrf", message: "Biểu mẫu đã cũ hoặc không hợp lệ; hãy tải lại trang (the form's CSRF token is missing or wrong)")
    }
  }

  /// Runs one command of the command layer as the signed-in person: its output (JSON, or the text a command such
  /// as `report --format md` writes), or the refusal with its rule, values and legal basis.
  func runText(_ c: Context, _ command: ServedCommand) throws(Refusal) -> String {
    do {
      let (output, code, diagnostics) = try CLI.runServed(command, actor: c.actor, store: c.store, clock: clock, language: c.language)
      guard code == .success else {
        // A command that reports its own failure may say its rule in its JSON output.
        let rule = (try? JSONParser.parse(output))?["error"]?["rule"]?.stringValue ?? "input"
        throw Refusal(rule: rule, message: diagnostics.isEmpty ? output : diagnostics)
      }
      return output
    } catch let r as Refusal {
      throw r
    } catch let r as Rejection {
      throw Refusal(rule: r.rule.rawValue, message: r.message(c.language), values: r.values, basis: r.basis)
    } catch {
      let (_, rule, message, values) = CLI.classify(error, language: c.language)
      throw Refusal(rule: rule, message: message, values: values)
    }
  }

  /// Runs a command whose output is JSON (every command but a report in another format).
  func run(_ c: Context, _ command: ServedCommand) throws(Refusal) -> JSON {
    let output = try runText(c, command)  // a refusal passes through; only unreadable output becomes null
    return (try? JSONParser.parse(output)) ?? .null
  }

  /// Runs a command that writes a file (`--out`: a .docx or .xlsx) into a private folder and returns the file.
  func runFile(_ c: Context, _ command: ServedCommand, ext: String) throws(Refusal) -> [UInt8] {
    let out: String
    do {
      out = try RouteInput.privateFile(named: "tep.\(ext)", contents: [])
    } catch {
      throw Refusal(rule: "input", message: c.t("Không tạo được tệp", "The file could not be made"))
    }
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: out).deletingLastPathComponent().path) }
    var command = command
    command.options.append(("--out", out))
    _ = try runText(c, command)
    guard let data = FileManager.default.contents(atPath: out) else {
      throw Refusal(rule: "input", message: c.t("Không tạo được tệp", "The file could not be made"))
    }
    return [UInt8](data)
  }

  /// Writes an uploaded file to a private temporary file for a command that reads one.
  func temporary(_ file: FormData.File) throws(Refusal) -> String {
    let name = file.filename.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
    do {
      return try RouteInput.privateFile(
        named: name.isEmpty || name.hasPrefix(".") ? "tep" : String(name.prefix(120)), contents: file.content)
    } catch {
      throw Refusal(rule: "input", message: "Không lưu được tệp tải lên (the upload could not be stored)")
    }
  }

  static func redirect(_ location: String) -> HTTPResponse {
    var r = HTTPResponse(status: 303)
    r.header("Location", location)
    return r
  }

  func asset(_ segments: [String]) -> HTTPResponse {
    var r: HTTPResponse
    switch segments.dropFirst().first {
    case "stflow.css": r = HTTPResponse(status: 200, body: Array(Assets.css.utf8), contentType: "text/css; charset=utf-8")
    case "stflow.js": r = HTTPResponse(status: 200, body: Array(Assets.js.utf8), contentType: "text/javascript; charset=utf-8")
    default: return .html("<!DOCTYPE html><title>404</title><p>Không có tài nguyên này.</p>", status: 404)
    }
    r.header("Cache-Control", "public, max-age=3600")
    return r
  }
}
