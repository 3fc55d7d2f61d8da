import Foundation
import STFlowCLI
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

/// The served interface's front door: sign-in, the caller's identity (session cookie or API token), CSRF and
/// `Origin` checks, then one route → one command of the command line, run as the signed-in actor.
/// No rule lives here: a forbidden action is refused by the engine or the store, and the answer says which rule.
public final class APIHandler: Sendable {
  let stores: ThreadStores
  let clock: any WallClock
  let policy: AccessPolicy
  /// Whether the server speaks TLS (the session cookie is then `Secure`).
  let secure: Bool
  /// The web pages, served beside the API from the same stores.
  let web: WebPages
  static let cookie = "stflow_session"

  public init(databasePath: String, clock: any WallClock, policy: AccessPolicy = AccessPolicy(), secure: Bool = false) {
    stores = ThreadStores(path: databasePath, clock: clock)
    self.clock = clock
    self.policy = policy
    self.secure = secure
    web = WebPages(stores: stores, clock: clock, policy: policy, secure: secure)
  }

  /// The most commands the server has committed in one transaction (see ``WriteGate``).
  public var largestGroup: Int { stores.gate.largestGroup }

  public func handle(_ request: HTTPRequest) -> HTTPResponse {
    var response: HTTPResponse
    do {
      response = try route(request)
    } catch {
      response = Self.answer(error)
      if !request.path.hasPrefix("/api/") {
        // A page: the same status, as a page a person can read.
        let message = HTML.escape(String(String(decoding: response.body, as: UTF8.self).prefix(2000)))
        response = .html(
          "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi \(response.status)</title><h1>Không thực hiện được (lỗi \(response.status))</h1><pre>\(message)</pre><p><a href=\"/\">Về trang chủ</a></p></html>",
          status: response.status)
      }
    }
    response.header("Cache-Control", "no-store")
    response.header("X-Content-Type-Options", "nosniff")
    response.header("Referrer-Policy", "same-origin")
    return response
  }

  /// Who is asking: a bearer token, or a session cookie (then `csrf` says whether the CSRF token came along).
  struct Caller {
    let actor: Actor
    let viaCookie: Bool
    let session: String?
  }

  /// What the checks before a command decided: the route and its parameters, or the refusal to send.
  enum Checked {
    case allowed(APIRoute, [String: String])
    case refused(HTTPResponse)
  }

  func route(_ request: HTTPRequest) throws -> HTTPResponse {
    let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    // No '.' or '..' segment, no control character, however it was encoded.
    if segments.contains(where: { $0 == "." || $0 == ".." || $0.unicodeScalars.contains { $0.value < 32 || $0.value == 127 } }) {
      return .error(400, rule: "bad-path", "Đường dẫn không hợp lệ (a path may not hold '.', '..' or control characters)")
    }
    if segments.first != "api" { return try web.route(request, segments: segments) }
    guard segments.count >= 2, segments[0] == "api", segments[1] == "v1" else {
      return .error(404, rule: "not-found", "Không có trang này (no such page: \(String(request.path.prefix(200))))")
    }
    let store = try stores.current()
    if segments == ["api", "v1", "openapi.json"], request.method == "GET" { return .json(OpenAPI.document()) }
    if segments.count >= 3, segments[2] == "session" { return try session(request, segments: segments, store: store) }
    let matches = APIRoutes.all.compactMap { r in r.match(segments).map { (r, $0) } }
    // Whether the caller may: read from one snapshot (one read transaction, not one per query).
    // Signing in may write (a session is marked used once a minute): before the snapshot below.
    let caller = try authenticate(request, store: store)
    if request.method != "GET" && request.method != "HEAD" && caller.viaCookie { try checkCSRF(request, session: caller.session ?? "") }
    let checked: Checked = try store.connection.readTransaction {
      guard !matches.isEmpty else {
        return .refused(.error(404, rule: "not-found", "Không có địa chỉ API này (no such API route: \(String(request.path.prefix(200))))"))
      }
      guard let (route, params) = matches.first(where: { $0.0.method == request.method }) else {
        var r = HTTPResponse.error(405, rule: "method", "\(request.method) is not allowed here")
        r.header("Allow", matches.map(\.0.method).joined(separator: ", "))
        return .refused(r)
      }
      if route.staffOnly, !(try store.isStaff(caller.actor)) {
        return .refused(
          .error(403, rule: "role-required", "Chỉ cán bộ của Sở được dùng chức năng này (staff roles only: \(route.summary))"))
      }
      if let key = params["key"] {
        guard let task = try store.task(key: key), try store.canSee(task, actor: caller.actor) else {
          return .refused(.error(404, rule: "unknown-task", "Không có nhiệm vụ '\(key)' (unknown task '\(key)')"))
        }
      }
      return .allowed(route, params)
    }
    let (route, params): (APIRoute, [String: String])
    switch checked {
    case .allowed(let r, let p): (route, params) = (r, p)
    case .refused(let refusal): return refusal
    }
    let body: JSON
    if request.body.isEmpty || route.takesFile {
      body = .object([])
    } else {
      guard let parsed = try? JSONParser.parse(bytes: request.body), case .object = parsed else {
        return .error(400, rule: "bad-body", "Nội dung gửi lên phải là một đối tượng JSON (the body must be a JSON object)")
      }
      body = parsed
    }
    let input = RouteInput(
      params: params, query: { [request] in request.query($0) }, body: body,
      expectedVersion: request.header("If-Match").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"vW/ ")) },
      requestId: request.header("Idempotency-Key"), raw: request.body)
    let command: ServedCommand
    do {
      command = try route.command(for: input)
    } catch APIError.badBody(let message) {
      return .error(400, rule: "bad-body", message)
    }
    let (output, code, diagnostics) = try CLI.runServed(command, actor: caller.actor, store: store, clock: clock)
    var response: HTTPResponse
    switch code {
    case .success: response = .jsonText(output, status: route.successStatus)
    default:
      // A command that reports its own failure (an import with bad rows, an audit that is not intact): its
      // output when it wrote one, else its diagnostics in the error shape.
      let status = code == .badInput ? 400 : code == .refused ? 409 : 500
      let message = diagnostics.trimmingCharacters(in: .whitespacesAndNewlines)
      response =
        output.isEmpty
        ? .error(status, rule: code == .badInput ? "input" : code == .refused ? "refused" : "storage", message)
        : .jsonText(output, status: status)
    }
    if let key = params["key"], let task = try store.task(key: key) { response.header("ETag", "\"v\(task.version)\"") }
    return response
  }

  func authenticate(_ request: HTTPRequest, store: EventStore) throws -> Caller {
    if let auth = request.header("Authorization") {
      guard auth.hasPrefix("Bearer "), let actor = try store.tokenActor(token: String(auth.dropFirst(7))) else {
        throw AccessError.notSignedIn
      }
      return Caller(actor: actor, viaCookie: false, session: nil)
    }
    guard let token = request.cookie(Self.cookie), let actor = try store.sessionActor(token: token, policy: policy) else {
      throw AccessError.notSignedIn
    }
    return Caller(actor: actor, viaCookie: true, session: token)
  }

  /// A state-changing request made with the session cookie must come from this site: its `Origin` (when the
  /// browser sends one) names this host, and it carries the session's CSRF token.
  func checkCSRF(_ request: HTTPRequest, session: String) throws {
    if let origin = request.header("Origin"), !Self.isSameOrigin(origin, request) { throw CSRFError.foreignOrigin(origin) }
    guard let token = request.header("X-CSRF-Token"), token == Self.csrfToken(session) else { throw CSRFError.missingToken }
  }

  /// Whether `origin` (a request's `Origin` header) names this host.
  static func isSameOrigin(_ origin: String, _ request: HTTPRequest) -> Bool {
    let host = request.header("Host") ?? ""
    return origin == "http://\(host)" || origin == "https://\(host)"
  }

  /// The CSRF token of a session: derived from its secret, so nothing more is stored.
  static func csrfToken(_ session: String) -> String { SHA256.hex("csrf\u{1}" + session) }

  enum CSRFError: Error {
    case foreignOrigin(String)
    case missingToken
  }

  /// Sign in (POST), who am I (GET), sign out (DELETE), sign out everywhere (POST …/everywhere).
  func session(_ request: HTTPRequest, segments: [String], store: EventStore) throws -> HTTPResponse {
    switch (request.method, segments.count) {
    case ("POST", 3):
      guard let body = try? JSONParser.parse(bytes: request.body), let user = body["user"]?.stringValue,
        let password = body["password"]?.stringValue
      else {
        return .error(400, rule: "bad-body", "Cần 'user' và 'password' (the body needs 'user' and 'password')")
      }
      let grant = try store.signIn(user: user, password: password, address: request.address, policy: policy)
      var r = HTTPResponse.json(Self.identity(grant.actor, csrf: Self.csrfToken(grant.token), expires: grant.expiresAt), status: 201)
      r.header(
        "Set-Cookie",
        "\(Self.cookie)=\(grant.token); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(Int(policy.absolute))" + (secure ? "; Secure" : ""))
      return r
    case ("GET", 3):
      let caller = try authenticate(request, store: store)
      return .json(Self.identity(caller.actor, csrf: caller.session.map(Self.csrfToken), expires: nil))
    case ("DELETE", 3):
      let caller = try authenticate(request, store: store)
      if caller.viaCookie { try checkCSRF(request, session: caller.session ?? "") }
      if let s = caller.session { try store.signOut(token: s) }
      var r = HTTPResponse(status: 204)
      r.header("Set-Cookie", "\(Self.cookie)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" + (secure ? "; Secure" : ""))
      return r
    case ("POST", 4) where segments[3] == "everywhere":
      let caller = try authenticate(request, store: store)
      if caller.viaCookie { try checkCSRF(request, session: caller.session ?? "") }
      try store.signOutEverywhere(caller.actor.name, by: caller.actor.name)
      return HTTPResponse(status: 204)
    default:
      return .error(404, rule: "not-found", "no such session route")
    }
  }

  static func identity(_ a: Actor, csrf: String?, expires: Date?) -> JSON {
    .object([
      ("name", .string(a.name)), ("displayName", .string(a.shownName)), ("roles", .array(a.roles.sorted().map { .string($0) })),
      ("csrfToken", csrf.map { .string($0) } ?? .null), ("expiresAt", expires.map { .string(Timestamp.format($0)) } ?? .null),
    ])
  }

  /// The HTTP answer to an error: the command line's error shape with the status its kind deserves.
  static func answer(_ error: any Error) -> HTTPResponse {
    switch error {
    case let e as AccessError:
      switch e {
      case .throttled(let seconds):
        var r = HTTPResponse.error(429, rule: "throttled", e.description)
        r.header("Retry-After", String(seconds))
        return r
      case .invalidCredentials, .notSignedIn:
        var r = HTTPResponse.error(401, rule: "sign-in", e.description)
        r.header("WWW-Authenticate", "Bearer")
        return r
      }
    case CSRFError.foreignOrigin(let origin):
      return .error(403, rule: "csrf", "Yêu cầu từ trang khác bị từ chối (a request from another site, \(origin.prefix(100)), is refused)")
    case CSRFError.missingToken:
      return .error(403, rule: "csrf", "Thiếu mã chống giả mạo (the X-CSRF-Token header is missing or wrong)")
    default:
      // Scripts read the API: its messages are the engine's English descriptions (the rule id is the stable part).
      let (code, rule, message, values) = CLI.classify(error, language: "en")
      let status: Int
      switch code {
      case .success: status = 200
      case .badInput:
        status =
          rule == "unknown-task" || message.hasPrefix("unknown task") || message.hasPrefix("no ") || message.hasPrefix("unknown workflow")
          ? 404 : 400
      case .refused: status = rule == "role-required" ? 403 : 409
      case .failure: status = rule == "busy" ? 503 : 500
      }
      return .error(status, rule: rule, message, values: values)
    }
  }
}
