import Foundation
import STFlowPresentation
import STFlowRules
import STFlowScheduler
import STFlowStore

extension CLI {
  /// `stflow store copy --from A --to B`: everything, with the chain intact, between SQLite and PostgreSQL.
  func storeCopy(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "store copy", options: ["--from", "--to"])
    try p.expectPositionals(0...0, command: "store copy")
    guard let from = p.value("--from").map(Self.storeLocation), let to = p.value("--to").map(Self.storeLocation) else {
      throw UsageError("give --from SOURCE and --to TARGET", vi: "cho --from NGUỒN và --to ĐÍCH", command: "store copy")
    }
    guard from != to else {
      throw UsageError("--from and --to name the same database", vi: "--from và --to là cùng một cơ sở dữ liệu", command: "store copy")
    }
    if EventStore.isServer(from) {
      try EventStore.requireInitialised(server: from)
    } else if !FileManager.default.fileExists(atPath: from) {
      throw StoreError.input("no database at \(from)", vi: "không có cơ sở dữ liệu \(from)")
    }
    let source = try EventStore(location: from, clock: clock)
    try source.requireAdmin(actor, doing: "copy the store", vi: "sao chép cơ sở dữ liệu")
    // A new SQLite file is created for the copy; if the copy fails, it is removed again.
    let newFile = !EventStore.isServer(to) && !FileManager.default.fileExists(atPath: to)
    let report: StoreCopyReport
    do {
      report = try EventStore(location: to, clock: clock).copy(from: source)
    } catch {
      if newFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) } }
      throw error
    }
    let total = report.rows.reduce(0) { $0 + $1.count }
    if json {
      emit(
        .object([
          ("from", .string(source.path)), ("to", .string(EventStore.isServer(to) ? PostgresConnection.redacted(to) : to)),
          ("rows", .object(report.rows.map { ($0.table, .integer(Int64($0.count))) })),
          ("chainHead", .object([("seq", .integer(report.chainHead.seq)), ("hash", .string(report.chainHead.hash))])),
          ("intact", .bool(report.verification.isIntact)), ("problems", .array(report.verification.problems.map { .string($0) })),
        ]))
    } else {
      let events = report.rows.first { $0.table == "events" }?.count ?? 0
      let tasks = report.rows.first { $0.table == "tasks" }?.count ?? 0
      Console.out(
        language == "en"
          ? "copied \(total) rows (\(events) events, \(tasks) tasks); chain head #\(report.chainHead.seq) \(report.chainHead.hash.prefix(16))…"
          : "đã sao chép \(total) dòng (\(events) sự kiện, \(tasks) nhiệm vụ); đầu chuỗi băm #\(report.chainHead.seq) \(report.chainHead.hash.prefix(16))…"
      )
      if report.verification.isIntact {
        Console.out(language == "en" ? "the copy verifies: the same chain, intact" : "bản sao toàn vẹn: cùng một chuỗi băm")
      } else {
        for problem in report.verification.problems { Console.err(problem) }
      }
    }
    return report.verification.isIntact ? .success : .failure
  }

  /// `sqlite:PATH` or a path is a SQLite file; a `postgresql://` URL is a server's database.
  static func storeLocation(_ text: String) -> String {
    text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
  }

  /// `stflow store status`: what the store is and what work waits in it.
  func storeStatus(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "store status")
    try p.expectPositionals(0...0, command: "store status")
    let store = try openStore()
    let s = try store.status()
    if json {
      emit(
        .object([
          ("backend", .string(s.backend)), ("location", .string(store.path)), ("schemaVersion", .integer(Int64(s.schemaVersion))),
          ("events", .integer(Int64(s.events))),
          ("chainHead", .object([("seq", .integer(s.chainHead.seq)), ("hash", .string(s.chainHead.hash))])),
          ("tasks", .integer(Int64(s.tasks))), ("timersPending", .integer(Int64(s.timersPending))),
          ("timersDue", .integer(Int64(s.timersDue))),
          ("deliveries", .object(s.deliveries.map { ($0.key, .integer(Int64($0.value))) }.sorted { $0.0 < $1.0 })),
          (
            "nodes",
            .array(
              s.nodes.map { n in
                .object([
                  ("id", .string(n.id)), ("role", .string(n.role)), ("startedAt", .string(Timestamp.format(n.startedAt))),
                  ("heartbeatAt", .string(Timestamp.format(n.heartbeatAt))), ("alive", .bool(isAlive(n))),
                  ("leases", .integer(Int64(n.leases))),
                ])
              })
          ),
        ]))
      return .success
    }
    let en = language == "en"
    let d = s.deliveries
    let nodes =
      s.nodes.isEmpty
      ? (en ? "none has run a scheduler on this store" : "chưa nút nào chạy bộ lập lịch trên cơ sở dữ liệu này")
      : s.nodes.map { n in
        let state = isAlive(n) ? (en ? "alive" : "đang chạy") : (en ? "silent" : "không còn tín hiệu")
        return "\n  \(n.id) (\(n.role)) — \(en ? "last heartbeat" : "tín hiệu gần nhất") "
          + "\(formats.dateTime(n.heartbeatAt)), \(state); \(n.leases) \(en ? "deliveries leased" : "lượt gửi đang giữ")"
      }.joined()
    Console.out(
      """
      \(en ? "backend" : "hệ quản trị"): \(s.backend) — \(store.path)
      \(en ? "schema version" : "phiên bản lược đồ"): \(s.schemaVersion)\(s.schemaVersion == EventStore.schemaVersion ? "" : " (this stflow: \(EventStore.schemaVersion))")
      \(en ? "events" : "sự kiện"): \(s.events); \(en ? "chain head" : "đầu chuỗi băm") #\(s.chainHead.seq) \(s.chainHead.hash.prefix(16))…
      \(en ? "tasks" : "nhiệm vụ"): \(s.tasks)
      \(en ? "timers" : "hẹn giờ"): \(s.timersPending) \(en ? "pending" : "đang chờ"), \(s.timersDue) \(en ? "due now" : "đã đến hạn")
      \(en ? "nodes" : "nút máy chủ"): \(nodes)
      \(en ? "hook deliveries" : "lượt gửi thông báo"): \(d["pending", default: 0]) \(en ? "pending" : "đang chờ"), \(d["leased", default: 0]) \(en ? "being delivered" : "đang gửi"), \(d["retrying", default: 0]) \(en ? "retrying" : "đang thử lại"), \(d["dead", default: 0]) \(en ? "dead" : "thất bại hẳn"), \(d["delivered", default: 0]) \(en ? "delivered" : "đã gửi")
      """)
    return .success
  }

  /// A node is alive while its heartbeats come (three intervals of grace).
  func isAlive(_ n: NodeStatus) -> Bool { clock.now().timeIntervalSince(n.heartbeatAt) <= 3 * Scheduler.heartbeatInterval }
}
