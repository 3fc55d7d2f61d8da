import Foundation
import STFlowCLI
import STFlowRules

/// Every route of the JSON API under `/api/v1`, each running one command of the command line.
/// Commands that read or write files on the server (`--file`, `--out`, `--key`), start processes or manage
/// the database itself (init, demo, run, simulate, import, audit anchor and rebuild, hooks config) stay local.
public enum APIRoutes {
  static func writeOptions(_ input: RouteInput) throws -> [(String, String)] {
    var o: [(String, String)] = []
    if let c = input.text("comment"), !c.isEmpty { o.append(("--comment", c)) }
    if let r = input.requestId { o.append(("--request-id", r)) }
    if let v = input.expectedVersion { o.append(("--expect-version", v)) }
    return o
  }

  static func key(_ input: RouteInput) -> String { input.params["key"] ?? "" }

  /// A command that reads the uploaded body as the file `name` (removed once the command has run).
  static func uploaded(_ words: [String], _ input: RouteInput, as name: String) throws -> ServedCommand {
    let file = try input.upload(named: name)
    var c = ServedCommand(words, positionals: [file])
    c.temporaryFiles = [file]
    return c
  }

  public static let all: [APIRoute] = [
    APIRoute("GET", "api/v1/workflows", "Các quy trình đã nạp (stored workflows)", command: ["workflow", "list"]) { _ in
      ServedCommand(["workflow", "list"])
    },
    APIRoute(
      "POST", "api/v1/workflows", "Nạp quy trình (load a definition: the body is its JSON; admin)", command: ["workflow", "load"],
      staffOnly: true, successStatus: 201
    ) { i in try uploaded(["workflow", "load"], i, as: "workflow.json") },
    APIRoute(
      "POST", "api/v1/calendars", "Nạp lịch làm việc (load a calendar: the body is its JSON; admin)", command: ["calendar", "load"],
      staffOnly: true, successStatus: 201
    ) { i in try uploaded(["calendar", "load"], i, as: "calendar.json") },
    APIRoute(
      "POST", "api/v1/import", "Nhập danh sách nhiệm vụ (import a task list: the body is the CSV or .xlsx; all rows or none)",
      command: ["import", "tasks"], query: ["workflow", "as-of"], queryFlags: ["dry-run", "strict"], staffOnly: true, successStatus: 201,
      takesFile: true
    ) { i in
      // The spreadsheet's kind is read from its first bytes: a zip (.xlsx) or text (.csv).
      try uploaded(["import", "tasks"], i, as: i.raw.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? "tasks.xlsx" : "tasks.csv")
    },
    APIRoute("GET", "api/v1/workflows/{id}", "Một quy trình (a workflow)", command: ["workflow", "show"], query: ["revision"]) { i in
      ServedCommand(["workflow", "show"], positionals: [i.params["id"] ?? ""], options: [("--format", "json")])
    },
    APIRoute(
      "GET", "api/v1/tasks", "Danh sách nhiệm vụ được xem (the tasks the caller may see)", command: ["task", "list"],
      query: ["workflow", "state", "due-within"], queryFlags: ["overdue"]
    ) { _ in ServedCommand(["task", "list"]) },
    APIRoute(
      "POST", "api/v1/tasks", "Tạo nhiệm vụ (create a task)", command: ["task", "create"], body: ["workflow", "key", "fields"],
      successStatus: 201
    ) { i in
      var options: [(String, String)] = []
      if let r = i.requestId { options.append(("--request-id", r)) }
      return ServedCommand(
        ["task", "create"], positionals: [try i.require("workflow"), try i.require("key")] + (try i.assignments()), options: options)
    },
    APIRoute("GET", "api/v1/tasks/{key}", "Một nhiệm vụ (a task; ETag is its version)", command: ["task", "show"]) { i in
      ServedCommand(["task", "show"], positionals: [key(i)])
    },
    APIRoute("GET", "api/v1/tasks/{key}/history", "Lịch sử (every event of a task)", command: ["task", "history"]) { i in
      ServedCommand(["task", "history"], positionals: [key(i)])
    },
    APIRoute("GET", "api/v1/tasks/{key}/deadlines", "Thời hạn và cách tính (each deadline explained)", command: ["task", "explain"]) { i in
      ServedCommand(["task", "explain"], positionals: [key(i)])
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/fire", "Chuyển bước (fire a transition; If-Match: the expected version)", command: ["task", "fire"],
      body: ["transition", "fields", "comment"]
    ) { i in
      ServedCommand(
        ["task", "fire"], positionals: [key(i), try i.require("transition")] + (try i.assignments()), options: try writeOptions(i))
    },
    APIRoute("POST", "api/v1/tasks/{key}/fields", "Cập nhật trường (set fields)", command: ["task", "set"], body: ["fields", "comment"]) {
      i in
      let fields = try i.assignments()
      guard !fields.isEmpty else { throw APIError.badBody("the body needs 'fields' with at least one field") }
      return ServedCommand(["task", "set"], positionals: [key(i)] + fields, options: try writeOptions(i))
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/documents", "Đính kèm tài liệu (attach a document by URI and SHA-256)", command: ["task", "attach"],
      body: ["field", "uri", "sha256", "name"]
    ) { i in
      var options = try writeOptions(i) + [("--uri", try i.require("uri")), ("--sha256", try i.require("sha256"))]
      if let n = i.text("name") { options.append(("--name", n)) }
      return ServedCommand(["task", "attach"], positionals: [key(i), try i.require("field")], options: options)
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/migrate", "Chuyển phiên bản quy trình (migrate a task; dryRun to preview)", command: ["task", "migrate"],
      body: ["to", "map", "dryRun"], staffOnly: true
    ) { i in
      var options = [("--to", try i.require("to"))]
      if case .object(let pairs)? = i.body["map"] { options += pairs.map { ("--map", "\($0.0)=\(RouteInput.text($0.1) ?? "")") } }
      return ServedCommand(
        ["task", "migrate"], positionals: [key(i)], options: options, flags: i.text("dryRun") == "true" ? ["--dry-run"] : [])
    },
    APIRoute("GET", "api/v1/tasks/{key}/councils/{council}", "Hội đồng (a council session)", command: ["council", "show"]) { i in
      ServedCommand(["council", "show"], positionals: [key(i), i.params["council"] ?? ""])
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/councils/{council}/open", "Thành lập hội đồng (open a council: members NAME:ROLE)",
      command: ["council", "open"], body: ["members", "related"]
    ) { i in
      guard case .array(let members)? = i.body["members"] else { throw APIError.badBody("the body needs 'members': [\"name:role\", …]") }
      var options = try writeOptions(i) + members.compactMap { RouteInput.text($0) }.map { ("--member", $0) }
      if case .array(let related)? = i.body["related"] { options += related.compactMap { RouteInput.text($0) }.map { ("--related", $0) } }
      return ServedCommand(["council", "open"], positionals: [key(i), i.params["council"] ?? ""], options: options)
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/councils/{council}/attendance", "Điểm danh (members present)", command: ["council", "attend"],
      body: ["present"]
    ) { i in
      guard case .array(let present)? = i.body["present"] else { throw APIError.badBody("the body needs 'present': [names]") }
      return ServedCommand(
        ["council", "attend"], positionals: [key(i), i.params["council"] ?? ""] + present.compactMap { RouteInput.text($0) },
        options: try writeOptions(i))
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/councils/{council}/ballots", "Phiếu đánh giá (cast a ballot: vote or score)",
      command: ["council", "ballot"], body: ["vote", "score", "application"]
    ) { i in
      var options = try writeOptions(i)
      for (name, option) in [("vote", "--vote"), ("score", "--score"), ("application", "--application")] {
        if let v = i.text(name) { options.append((option, v)) }
      }
      return ServedCommand(["council", "ballot"], positionals: [key(i), i.params["council"] ?? ""], options: options)
    },
    APIRoute(
      "POST", "api/v1/tasks/{key}/councils/{council}/close", "Kết luận hội đồng (close: quorum and outcome)", command: ["council", "close"]
    ) { i in
      ServedCommand(["council", "close"], positionals: [key(i), i.params["council"] ?? ""], options: try writeOptions(i))
    },
    APIRoute(
      "GET", "api/v1/due", "Thời hạn đang chạy (running deadlines)", command: ["due"], query: ["within", "workflow"],
      queryFlags: ["overdue"]
    ) {
      _ in ServedCommand(["due"])
    },
    APIRoute(
      "GET", "api/v1/report", "Báo cáo kỳ (the period report, JSON)", command: ["report"], query: ["from", "to", "workflow", "followed"],
      staffOnly: true
    ) { _ in ServedCommand(["report"], options: [("--format", "json")]) },
    APIRoute("GET", "api/v1/calendars/{id}", "Lịch làm việc (a business calendar's year)", command: ["calendar", "show"], query: ["year"]) {
      i in
      ServedCommand(["calendar", "show"], positionals: [i.params["id"] ?? ""])
    },
    APIRoute("GET", "api/v1/actors", "Người dùng (people and their roles)", command: ["actor", "list"], staffOnly: true) { _ in
      ServedCommand(["actor", "list"])
    },
    APIRoute(
      "POST", "api/v1/actors", "Thêm hoặc sửa người (register a person; admin)", command: ["actor", "add"],
      body: ["name", "roles", "email", "organisation", "displayName"], staffOnly: true, successStatus: 201
    ) { i in
      guard case .array(let roles)? = i.body["roles"] else { throw APIError.badBody("the body needs 'roles': [role, …]") }
      var options = roles.compactMap { RouteInput.text($0) }.map { ("--role", $0) }
      for (name, option) in [("email", "--email"), ("organisation", "--org"), ("displayName", "--display-name")] {
        if let v = i.text(name) { options.append((option, v)) }
      }
      return ServedCommand(["actor", "add"], positionals: [try i.require("name")], options: options)
    },
    APIRoute("GET", "api/v1/settings", "Thiết lập của Sở (the department's settings)", command: ["settings", "list"], staffOnly: true) {
      _ in
      ServedCommand(["settings", "list"])
    },
    APIRoute(
      "GET", "api/v1/hooks", "Lần gửi thông báo (hook deliveries)", command: ["hooks", "list"], queryFlags: ["failed"], staffOnly: true
    ) { _ in ServedCommand(["hooks", "list"]) },
    APIRoute(
      "POST", "api/v1/hooks/{id}/retry", "Gửi lại (put a delivery back in the queue)", command: ["hooks", "retry"], staffOnly: true
    ) { i in ServedCommand(["hooks", "retry"], positionals: [i.params["id"] ?? ""]) },
    APIRoute("GET", "api/v1/audit", "Kiểm tra toàn vẹn (verify the whole record)", command: ["audit", "verify"], staffOnly: true) { _ in
      ServedCommand(["audit", "verify"])
    },
    APIRoute("GET", "api/v1/tokens", "Mã truy cập API (the caller's API tokens)", command: ["token", "list"]) { _ in
      ServedCommand(["token", "list"])
    },
    APIRoute(
      "POST", "api/v1/tokens", "Tạo mã truy cập (make an API token; the secret is shown once)", command: ["token", "create"],
      body: ["name"],
      successStatus: 201
    ) { i in ServedCommand(["token", "create"], positionals: [try i.require("name")]) },
    APIRoute("DELETE", "api/v1/tokens/{id}", "Thu hồi mã truy cập (revoke a token)", command: ["token", "revoke"]) { i in
      ServedCommand(["token", "revoke"], positionals: [i.params["id"] ?? ""])
    },
  ]
}
