import Foundation
import STFlowRules
import STFlowServer
import STFlowStore
import Synchronization
import Testing

/// 50 clients on loopback for a bounded time (60 s; `STFLOW_LOAD_SECONDS` changes it), firing transitions and
/// casting ballots on shared tasks: no 5xx, every accepted request's events stored exactly once, the record
/// intact. Latencies are printed (p50, p99), not asserted: speed is shown by `stflow-bench`.
@Suite(.serialized) struct LoadTests {
  static let experts = ["gs.thanh", "pgs.nga", "ts.dung", "ts.phuong", "ths.linh", "ks.tuan", "ts.hai", "ts.binh"]
  static let roles = ["chair", "vice_chair", "reviewer", "reviewer", "secretary", "member", "member", "member"]

  @Test func fiftyClientsOnSharedTasksLoseAndDuplicateNothing() throws {
    let seconds = Double(ProcessInfo.processInfo.environment["STFLOW_LOAD_SECONDS"] ?? "") ?? 60
    let h = try ServerHarness()
    for name in Self.experts + ["minh.pham"] { try h.store.setPassword("matkhau-\(name)-2026", for: name, by: "admin") }
    // The identification council of DT-2026-08 sits: opened by the manager, attendance by the secretary.
    let lan = Client(h)
    try lan.signIn("lan.nguyen")
    let members = zip(Self.experts, Self.roles).map { "\"\($0):\($1)\"" }.joined(separator: ", ")
    let opened = try lan.send("POST", "/api/v1/tasks/DT-2026-08/councils/identification/open", json: "{\"members\": [\(members)]}")
    #expect(opened.status == 200, "\(opened.text)")
    let secretary = Client(h)
    try secretary.signIn("minh.pham", password: "matkhau-minh.pham-2026")
    let present = Self.experts.map { "\"\($0)\"" }.joined(separator: ", ")
    let attended = try secretary.send(
      "POST", "/api/v1/tasks/DT-2026-08/councils/identification/attendance", json: "{\"present\": [\(present)]}")
    #expect(attended.status == 200, "\(attended.text)")
    let eventsBefore = try h.store.connection.scalar("SELECT COUNT(*) FROM events")?.integer ?? 0

    struct Outcome: Sendable {
      var latencies: [Double] = []
      var statuses: [Int: Int] = [:]
      var accepted: Set<String> = []
      var failures: [String] = []
    }
    let outcome = Mutex(Outcome())
    let deadline = Date().addingTimeInterval(seconds)
    let today = Timestamp.formatLocal(h.clock.now(), in: .vietnam).prefix(10)
    let group = DispatchGroup()
    for i in 0..<50 {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        let c = Client(h)
        let kind = i % 3
        let expert = Self.experts[i % Self.experts.count]
        do {
          switch kind {
          case 0: try c.signIn("ths.mai")
          case 1: try c.signIn("lan.nguyen")
          default: try c.signIn(expert, password: "matkhau-\(expert)-2026")
          }
        } catch {
          outcome.withLock { $0.failures.append("sign-in: \(error)") }
          return
        }
        var n = 0
        while Date() < deadline {
          n += 1
          let id = "load-\(i)-\(n)"
          let (path, body): (String, String)
          switch kind {
          case 0:
            (path, body) = (
              "/api/v1/tasks/DT-2024-02/fire", "{\"transition\": \"report_progress\", \"fields\": {\"lastReportDate\": \"\(today)\"}}"
            )
          case 1:
            let task = n % 2 == 0 ? "DT-2024-02" : "DT-2024-04"
            (path, body) = (
              "/api/v1/tasks/\(task)/fire", "{\"transition\": \"inspect\", \"fields\": {\"lastInspectionDate\": \"\(today)\"}}"
            )
          default:
            (path, body) = ("/api/v1/tasks/DT-2026-08/councils/identification/ballots", "{\"vote\": \"\(n % 2 == 0 ? "yes" : "no")\"}")
          }
          let start = DispatchTime.now().uptimeNanoseconds
          do {
            let r = try c.send("POST", path, json: body, headers: ["Idempotency-Key": id])
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            outcome.withLock {
              $0.latencies.append(ms)
              $0.statuses[r.status, default: 0] += 1
              if r.status == 200 { $0.accepted.insert(id) }
            }
          } catch {
            outcome.withLock { $0.failures.append("\(id): \(error)") }
          }
        }
      }
    }
    group.wait()
    let o = outcome.withLock { $0 }
    let sorted = o.latencies.sorted()
    func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    print(
      "load: \(sorted.count) requests in \(Int(seconds)) s by 50 clients (\(Int(Double(sorted.count) / seconds))/s); statuses \(o.statuses.sorted { $0.key < $1.key }); p50 \(String(format: "%.1f", percentile(0.5))) ms, p99 \(String(format: "%.1f", percentile(0.99))) ms; accepted \(o.accepted.count)"
    )
    #expect(o.failures.isEmpty, "\(o.failures.prefix(3))")
    #expect(o.statuses.keys.allSatisfy { $0 < 500 }, "\(o.statuses)")
    #expect(o.accepted.count > 50)
    // Every accepted request is stored once, with its events, and nothing else was stored.
    let stored = Set(
      try h.store.connection.query("SELECT request_id FROM requests WHERE request_id LIKE 'load-%'").compactMap { $0.first?.text })
    #expect(stored == o.accepted)
    let loadEvents = try h.store.connection.scalar("SELECT COUNT(*) FROM events WHERE request_id LIKE 'load-%'")?.integer ?? 0
    let distinct =
      try h.store.connection.scalar("SELECT COUNT(DISTINCT request_id) FROM events WHERE request_id LIKE 'load-%'")?.integer ?? 0
    #expect(distinct == Int64(o.accepted.count))
    let eventsAfter = try h.store.connection.scalar("SELECT COUNT(*) FROM events")?.integer ?? 0
    let sessionsAndAccess =
      try h.store.connection.scalar("SELECT COUNT(*) FROM events WHERE task_key LIKE '@%' AND seq > ?", [.integer(eventsBefore)])?.integer
      ?? 0
    #expect(eventsAfter - eventsBefore == loadEvents + sessionsAndAccess)
    let audit = try h.store.verify()
    #expect(audit.isIntact, "\(audit.problems.prefix(3))")
  }
}
