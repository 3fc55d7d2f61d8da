import Foundation
import STFlowRules
import STFlowServer
import Testing

/// The JSON API against a server started by the test on loopback.
@Suite(.serialized) struct APIRouteTests {
  static let samples = ["key": "DT-2024-02", "council": "acceptance", "id": "provincial-task"]

  static func concrete(_ route: APIRoute) -> String {
    "/"
      + route.pattern.map { p in
        guard p.hasPrefix("{") else { return p }
        let name = String(p.dropFirst().dropLast())
        if name == "id" {
          return route.pattern.contains("calendars") ? "vn" : route.pattern.contains("workflows") ? "provincial-task" : "1"
        }
        return samples[name] ?? "x"
      }.joined(separator: "/")
  }

  @Test func theOpenAPIDocumentNamesEveryRouteAndEveryDocumentedRouteAnswers() throws {
    let h = try ServerHarness()
    let admin = Client(h)
    try admin.signIn("admin")
    let doc = try #require(try admin.send("GET", "/api/v1/openapi.json").json)
    #expect(doc["openapi"]?.stringValue == "3.1.0")
    guard case .object(let paths)? = doc["paths"] else {
      Issue.record("no paths")
      return
    }
    var documented: Set<String> = []
    for (path, ops) in paths {
      guard case .object(let methods) = ops else { continue }
      for (method, _) in methods { documented.insert("\(method.uppercased()) \(path)") }
    }
    let routed = Set(APIRoutes.all.map { "\($0.method) \($0.path)" })
    #expect(routed.isSubset(of: documented))
    #expect(documented.subtracting(routed).allSatisfy { $0.hasSuffix("/session") || $0.hasSuffix("/session/everywhere") })
    // Every documented route answers (a missing task or a bad body is an answer; "no such route" is not).
    for route in APIRoutes.all {
      let r = try admin.send(route.method, Self.concrete(route), json: route.method == "GET" ? nil : "{}")
      #expect(r.status != 405 && r.status < 500, "\(route.method) \(route.path): \(r.status) \(r.text)")
      #expect(r.json?["error"]?["rule"]?.stringValue != "not-found", "\(route.method) \(route.path) is not routed")
    }
  }

  @Test func everyRouteNeedsASignIn() throws {
    let h = try ServerHarness()
    let nobody = Client(h)
    for route in APIRoutes.all {
      let r = try nobody.send(route.method, Self.concrete(route), json: route.method == "GET" ? nil : "{}")
      #expect(r.status == 401, "\(route.method) \(route.path) answered \(r.status) without a sign-in")
      #expect(r.json?["error"]?["rule"]?.stringValue == "sign-in")
    }
  }

  @Test func aManagerReadsAndAdvancesATaskWithTheEnginesChecks() throws {
    let h = try ServerHarness()
    let lan = Client(h)
    #expect(try lan.signIn("lan.nguyen").status == 201)
    let list = try lan.send("GET", "/api/v1/tasks")
    #expect(list.status == 200)
    guard case .array(let tasks)? = list.json else {
      Issue.record("task list is not an array: \(list.text)")
      return
    }
    #expect(tasks.count == 12)
    let show = try lan.send("GET", "/api/v1/tasks/DT-2024-02")
    #expect(show.status == 200)
    let etag = try #require(show.header("ETag"))
    // A rule refuses: 409 with the rule named, nothing written.
    let wrong = try lan.send("POST", "/api/v1/tasks/DT-2024-02/fire", json: #"{"transition": "approve_list"}"#)
    #expect(wrong.status == 409)
    #expect(wrong.json?["error"]?["rule"]?.stringValue == "wrong-state")
    // A role refuses: the manager may not report the investigator's progress.
    let role = try lan.send(
      "POST", "/api/v1/tasks/DT-2024-02/fire", json: #"{"transition": "report_progress", "fields": {"lastReportDate": "2026-11-24"}}"#)
    #expect(role.status == 403 || role.status == 409, "\(role.text)")
    // The investigator reports; the version moves; a stale If-Match is a conflict.
    let mai = Client(h)
    try mai.signIn("ths.mai")
    let body = #"{"transition": "report_progress", "fields": {"lastReportDate": "2026-11-24"}}"#
    let fired = try mai.send("POST", "/api/v1/tasks/DT-2024-02/fire", json: body, headers: ["If-Match": etag, "Idempotency-Key": "r-1"])
    #expect(fired.status == 200, "\(fired.text)")
    #expect(fired.header("ETag") != etag)
    let again = try mai.send("POST", "/api/v1/tasks/DT-2024-02/fire", json: body, headers: ["Idempotency-Key": "r-1"])
    #expect(again.status == 200)
    #expect(again.json?["replayed"] == .bool(true))
    let stale = try mai.send("POST", "/api/v1/tasks/DT-2024-02/fire", json: body, headers: ["If-Match": etag])
    #expect(stale.status == 409)
    #expect(stale.json?["error"]?["rule"]?.stringValue == "version-conflict")
    #expect(try h.store.verify().isIntact)
  }

  @Test func aTaskSomeoneMayNotSeeIsNotThereForThem() throws {
    let h = try ServerHarness()
    let mai = Client(h)
    try mai.signIn("ths.mai")
    guard case .array(let mine)? = try mai.send("GET", "/api/v1/tasks").json else {
      Issue.record("no list")
      return
    }
    let keys = Set(mine.compactMap { $0["key"]?.stringValue })
    #expect(keys.contains("DT-2024-02"))
    #expect(keys.count < 12)
    let other = try #require(["DT-2024-01", "DT-2024-03", "DT-2024-12"].first { !keys.contains($0) })
    for path in ["", "/history", "/deadlines"] {
      let r = try mai.send("GET", "/api/v1/tasks/\(other)\(path)")
      #expect(r.status == 404)
      #expect(!r.text.contains("title"))
    }
    #expect(try mai.send("POST", "/api/v1/tasks/\(other)/fields", json: #"{"fields": {"title": "x"}}"#).status == 404)
    #expect(try mai.send("GET", "/api/v1/report?from=2026-01-01&to=2026-06-30").status == 403)
    #expect(try mai.send("GET", "/api/v1/audit").status == 403)
  }

  @Test func aScriptWorksWithATokenUntilItIsRevoked() throws {
    let h = try ServerHarness()
    let lan = Client(h)
    try lan.signIn("lan.nguyen")
    let made = try lan.send("POST", "/api/v1/tokens", json: #"{"name": "nhắc hạn tự động"}"#)
    #expect(made.status == 201)
    let token = try #require(made.json?["token"]?.stringValue)
    let id = try #require(made.json?["id"]).compactText
    let script = Client(h)
    script.bearer = token
    #expect(try script.send("GET", "/api/v1/due").status == 200)
    #expect(try script.send("GET", "/api/v1/session").json?["name"]?.stringValue == "lan.nguyen")
    #expect(try lan.send("DELETE", "/api/v1/tokens/\(id)").status == 200)
    #expect(try script.send("GET", "/api/v1/due").status == 401)
    // Only a hash of the secret is stored.
    #expect(try h.store.connection.scalar("SELECT COUNT(*) FROM api_tokens WHERE hash = ?", [.text(token)])?.integer == 0)
  }

  @Test func anAdminLoadsACalendarAndADefinitionByUploadingTheirJSON() throws {
    let h = try ServerHarness()
    let admin = Client(h)
    try admin.signIn("admin")
    let path = ServerHarness.packageRoot.appendingPathComponent("Workflows/calendars/vn.json").path
    let calendar = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "\"extraDaysOff\": [", with: "\"extraDaysOff\": [\n    { \"date\": \"2026-12-14\", \"name\": \"Nghỉ theo thông báo\" },")
    let loaded = try admin.send("POST", "/api/v1/calendars", json: calendar)
    #expect(loaded.status == 201, "\(loaded.text)")
    #expect(loaded.json?.arrayValue?.first?["changed"] == .bool(true))
    let uploads = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("stflow-upload-") }
    #expect(uploads.isEmpty, "uploads left behind: \(uploads)")
    // A broken definition is refused with the problem named; nothing is stored.
    let before = try h.store.definitions().count
    let broken = try admin.send("POST", "/api/v1/workflows", json: #"{"id": "x", "version": 1}"#)
    #expect(broken.status == 400, "\(broken.text)")
    #expect(try h.store.definitions().count == before)
    // Not for an investigator.
    let mai = Client(h)
    try mai.signIn("ths.mai")
    #expect(try mai.send("POST", "/api/v1/calendars", json: calendar).status == 403)
    #expect(try h.store.verify().isIntact)
  }

  @Test func aManagerImportsASpreadsheetAllRowsOrNone() throws {
    let h = try ServerHarness()
    let lan = Client(h)
    try lan.signIn("lan.nguyen")
    let good = """
      Mã nhiệm vụ,Tên nhiệm vụ,Cấp,Trạng thái,Kinh phí đề nghị
      NK-1,Phục tráng giống Bí thơm Ba Bể,provincial,Đề xuất,650 triệu
      NK-2,Bảo tồn giống xoài tròn Yên Châu,provincial,Đề xuất,"1,2 tỷ"

      """
    let dry = try lan.send("POST", "/api/v1/import?workflow=provincial-task&dry-run=true", json: good)
    #expect(dry.status == 201, "\(dry.text)")
    #expect(try h.store.task(key: "NK-1") == nil)
    let bad = good.replacingOccurrences(of: "650 triệu", with: "sáu trăm")
    let refused = try lan.send("POST", "/api/v1/import?workflow=provincial-task", json: bad)
    #expect(refused.status == 400, "\(refused.text)")
    #expect(refused.text.contains("NK-1"), "\(refused.text)")
    #expect(try h.store.task(key: "NK-2") == nil)
    let done = try lan.send("POST", "/api/v1/import?workflow=provincial-task", json: good)
    #expect(done.status == 201, "\(done.text)")
    #expect(try h.store.task(key: "NK-1")?.fields["title"]?.plainText == "Phục tráng giống Bí thơm Ba Bể")
    #expect(try h.store.task(key: "NK-2") != nil)
  }
}
