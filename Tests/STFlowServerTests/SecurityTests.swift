import Foundation
import STFlowRules
import STFlowServer
import STFlowStore
import Testing

/// Sign-in, sessions, CSRF, throttling, paths, bodies and headers, against a server on loopback.
@Suite(.serialized) struct SecurityTests {
  @Test func wrongPasswordsAreThrottledPerUserAndRecorded() throws {
    let h = try ServerHarness()
    let c = Client(h)
    for _ in 0..<5 { #expect(try c.signIn("lan.nguyen", password: "sai-mat-khau").status == 401) }
    let throttled = try c.signIn("lan.nguyen", password: "sai-mat-khau")
    #expect(throttled.status == 429)
    #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
    // Even the right password waits until the window passes.
    #expect(try c.signIn("lan.nguyen").status == 429)
    h.clock.advance(by: 16 * 60)
    #expect(try c.signIn("lan.nguyen").status == 201)
    let failures = try h.store.connection.scalar("SELECT COUNT(*) FROM events WHERE task_key = '@access' AND kind = 'signin.failed'")
    #expect(failures?.integer == 5)
    // An unknown user gets the same answer as a wrong password.
    #expect(try Client(h).signIn("khong.co.ai", password: "x").json?["error"]?["message"] == throttledMessage(h))
  }

  func throttledMessage(_ h: ServerHarness) throws -> JSON? {
    try Client(h).signIn("admin", password: "wrong-one").json?["error"]?["message"]
  }

  @Test func aSessionMarkedUsedAgainStillReachesEveryRoute() throws {
    let h = try ServerHarness()
    let mai = Client(h)
    try mai.signIn("ths.mai")
    let seen = { try h.store.connection.scalar("SELECT MAX(last_seen_at) FROM sessions WHERE actor = 'ths.mai'")?.text ?? "" }
    let first = try seen()
    // More than a minute later the session is marked used again (a write) on the way in, before the checks that
    // read from one snapshot; the request still goes through, a read and a change alike.
    h.clock.advance(by: 2 * 60)
    #expect(try mai.send("GET", "/api/v1/tasks/DT-2024-02").status == 200)
    let second = try seen()
    #expect(second > first)
    h.clock.advance(by: 2 * 60)
    let fired = try mai.send(
      "POST", "/api/v1/tasks/DT-2024-02/fire", json: #"{"transition": "report_progress", "fields": {"lastReportDate": "2026-11-24"}}"#)
    #expect(fired.status == 200, "\(fired.text)")
    #expect(try seen() > second)
  }

  @Test func aSessionEndsWithSignOutIdleTimeAndItsAbsoluteEnd() throws {
    let h = try ServerHarness()
    let c = Client(h)
    try c.signIn("lan.nguyen")
    let cookie = try #require(c.cookie)
    #expect(try c.send("GET", "/api/v1/session").status == 200)
    // The database keeps only a hash of the secret.
    #expect(try h.store.connection.scalar("SELECT COUNT(*) FROM sessions WHERE hash = ?", [.text(cookie)])?.integer == 0)
    #expect(try c.send("DELETE", "/api/v1/session").status == 204)
    #expect(try c.send("GET", "/api/v1/tasks").status == 401)
    // Idle for 31 minutes.
    try c.signIn("lan.nguyen")
    h.clock.advance(by: 31 * 60)
    #expect(try c.send("GET", "/api/v1/tasks").status == 401)
    // Busy, but past the absolute end (12 hours).
    try c.signIn("lan.nguyen")
    for _ in 0..<26 {
      h.clock.advance(by: 29 * 60)
      _ = try c.send("GET", "/api/v1/session")
    }
    #expect(try c.send("GET", "/api/v1/session").status == 401)
    // Sign out everywhere ends the other browser too.
    let a = Client(h)
    let b = Client(h)
    try a.signIn("lan.nguyen")
    try b.signIn("lan.nguyen")
    #expect(try a.send("POST", "/api/v1/session/everywhere").status == 204)
    #expect(try b.send("GET", "/api/v1/session").status == 401)
    #expect(try h.store.verify().isIntact)
  }

  @Test func aCrossSitePostIsRefused() throws {
    let h = try ServerHarness()
    let c = Client(h)
    try c.signIn("lan.nguyen")
    let token = c.csrf
    c.csrf = nil
    let body = #"{"fields": {"title": "Đổi tên"}}"#
    let without = try c.send("POST", "/api/v1/tasks/DT-2024-02/fields", json: body)
    #expect(without.status == 403)
    #expect(without.json?["error"]?["rule"]?.stringValue == "csrf")
    c.csrf = token
    let foreign = try c.send("POST", "/api/v1/tasks/DT-2024-02/fields", json: body, headers: ["Origin": "https://evil.example"])
    #expect(foreign.status == 403)
    let before = try h.store.task(key: "DT-2024-02")?.version
    #expect(try h.store.task(key: "DT-2024-02")?.version == before)
    let same = try c.send("POST", "/api/v1/tasks/DT-2024-02/fields", json: body, headers: ["Origin": h.base])
    #expect(same.status == 200, "\(same.text)")
  }

  @Test(arguments: [
    "/api/v1/tasks/..", "/api/v1/tasks/%2e%2e", "/api/v1/tasks/..%2f..%2fetc%2fpasswd", "/api/v1/tasks/%2E%2E/history",
    "/api/v1/workflows/..%2F..%2Fstflow.db", "/api/v1/calendars/%2e", "/api/v1/tasks/DT%0d%0aSet-Cookie:%20x=1",
    "/api/v1/tasks/DT-2024-02/councils/..%2f..",
  ])
  func traversalAndControlCharactersInPathsAreRefused(path: String) throws {
    let h = try ServerHarness()
    let c = Client(h)
    try c.signIn("admin")
    let r = try c.send("GET", path)
    #expect(r.status == 400 || r.status == 404, "\(path): \(r.status)")
    #expect(r.header("Set-Cookie") == nil)
    #expect(!r.text.contains("root:"))
  }

  @Test func oversizedAndSlowBodiesAreCutOff() throws {
    let h = try ServerHarness(bodyLimit: 64 * 1024, timeout: 2)
    let c = Client(h)
    try c.signIn("lan.nguyen")
    let big = "{\"fields\": {\"title\": \"" + String(repeating: "a", count: 100_000) + "\"}}"
    #expect(try c.send("POST", "/api/v1/tasks/DT-2024-02/fields", json: big).status == 413)
    // A client that announces a body and stalls is disconnected after the timeout.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = h.server.port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    #expect(connected == 0)
    let head = "POST /api/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"wor"
    _ = head.withCString { send(fd, $0, strlen($0), 0) }
    let start = Date()
    var buffer = [UInt8](repeating: 0, count: 4096)
    var n = 1
    while n > 0, Date().timeIntervalSince(start) < 20 { n = recv(fd, &buffer, buffer.count, 0) }
    #expect(Date().timeIntervalSince(start) < 10, "the stalled connection stayed open")
  }

  @Test func valuesEchoedInHeadersCannotInjectHeaders() throws {
    let h = try ServerHarness()
    let c = Client(h)
    try c.signIn("admin")
    var response = HTTPResponse(status: 200)
    response.header("X-Test", "a\r\nSet-Cookie: stolen=1")
    #expect(response.headers.allSatisfy { !$0.1.contains("\r") && !$0.1.contains("\n") })
    // An Idempotency-Key or If-Match with a line break never reaches a response header.
    let r = try c.send("GET", "/api/v1/tasks/DT-2024-02", headers: ["If-Match": "v1"])
    #expect(r.header("ETag")?.hasPrefix("\"v") == true)
  }

  @Test func theServerRefusesADatabaseOtherUsersCanRead() throws {
    let h = try ServerHarness()
    // demo (like init) made it the owner's alone, WAL files included.
    for suffix in ["", "-wal"] {
      var info = stat()
      if stat(h.path + suffix, &info) == 0 { #expect(info.st_mode & 0o077 == 0, "\(h.path + suffix) is readable by others") }
    }
    chmod(h.path, 0o644)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: ServerHarness.binary)
    p.arguments = ["--db", h.path, "serve", "--listen", "127.0.0.1:0", "--no-scheduler"]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 2)
    #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("chmod 600"))
  }
}
