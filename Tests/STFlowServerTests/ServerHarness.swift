import Foundation
import STFlowEngine
import STFlowRules
import STFlowServer
import STFlowStore
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A demo database served on a free loopback port, in this process, with a manual clock; and a small
/// client over URLSession (libcurl) that keeps its own cookie.
final class ServerHarness: @unchecked Sendable {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let binary = packageRoot.appendingPathComponent(".build/debug/stflow").path

  let folder: URL
  let path: String
  let clock: ManualClock
  let server: HTTPServer
  let store: EventStore
  var base: String { "http://127.0.0.1:\(server.port)" }

  /// The passwords of the people the tests sign in as.
  static let passwords = ["lan.nguyen": "matkhau-Lan-2026", "ths.mai": "matkhau-Mai-2026", "admin": "matkhau-Admin-2026"]

  init(policy: AccessPolicy = AccessPolicy(), bodyLimit: Int = 1 << 20, timeout: Int = 30) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("stflow.db").path
    let demo = Process()
    demo.executableURL = URL(fileURLWithPath: Self.binary)
    demo.arguments = ["--db", path, "demo"]
    demo.currentDirectoryURL = folder
    demo.standardOutput = FileHandle.nullDevice
    demo.standardError = FileHandle.nullDevice
    try demo.run()
    demo.waitUntilExit()
    guard demo.terminationStatus == 0 else { throw HarnessError("stflow demo failed with \(demo.terminationStatus)") }
    clock = ManualClock(Date())
    store = try EventStore(path: path, clock: clock)
    for (name, password) in Self.passwords { try store.setPassword(password, for: name, by: "admin") }
    let handler = APIHandler(databasePath: path, clock: clock, policy: policy)
    server = try HTTPServer(address: "127.0.0.1", port: 0, threads: 4, bodyLimit: bodyLimit, timeout: timeout) { handler.handle($0) }
  }

  deinit {
    server.stop()
    try? FileManager.default.removeItem(at: folder)
  }

  struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
  }
}

/// One person's HTTP client: their session cookie and CSRF token, or a bearer token.
final class Client: @unchecked Sendable {
  let base: String
  var cookie: String?
  var csrf: String?
  var bearer: String?
  var extraHeaders: [String: String] = [:]
  static let session: URLSession = {
    let c = URLSessionConfiguration.ephemeral
    c.httpCookieStorage = nil
    c.httpShouldSetCookies = false
    c.timeoutIntervalForRequest = 60
    c.httpMaximumConnectionsPerHost = 64
    return URLSession(configuration: c)
  }()

  init(_ harness: ServerHarness) { base = harness.base }
  init(base: String) { self.base = base }

  struct Response {
    let status: Int
    let headers: [String: String]
    let body: Data
    var json: JSON? { try? JSONParser.parse(bytes: Array(body)) }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
  }

  /// Sends a request and waits for the answer.
  @discardableResult
  func send(_ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) throws -> Response {
    guard let url = URL(string: base + path) else { throw ServerHarness.HarnessError("bad URL \(path)") }
    var r = URLRequest(url: url)
    r.httpMethod = method
    if let json { r.httpBody = Data(json.utf8) }
    if let cookie { r.setValue("stflow_session=\(cookie)", forHTTPHeaderField: "Cookie") }
    if let csrf { r.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
    if let bearer { r.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
    for (k, v) in extraHeaders.merging(headers, uniquingKeysWith: { $1 }) { r.setValue(v, forHTTPHeaderField: k) }
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: (Data?, URLResponse?, (any Error)?)
    Self.session.dataTask(with: r) { d, resp, e in
      result = (d, resp, e)
      done.signal()
    }.resume()
    done.wait()
    if let e = result.2 { throw e }
    guard let http = result.1 as? HTTPURLResponse else { throw ServerHarness.HarnessError("no HTTP response") }
    var headers: [String: String] = [:]
    for (k, v) in http.allHeaderFields { headers["\(k)"] = "\(v)" }
    return Response(status: http.statusCode, headers: headers, body: result.0 ?? Data())
  }

  /// Signs in; keeps the session cookie and CSRF token.
  @discardableResult
  func signIn(_ user: String, password: String? = nil) throws -> Response {
    let body = JSON.object([("user", .string(user)), ("password", .string(password ?? ServerHarness.passwords[user] ?? ""))]).compactText
    let r = try send("POST", "/api/v1/session", json: body)
    if r.status == 201 {
      let setCookie = r.header("Set-Cookie") ?? ""
      cookie = setCookie.split(separator: ";").first.map { String($0.dropFirst("stflow_session=".count)) }
      csrf = r.json?["csrfToken"]?.stringValue
    }
    return r
  }
}
