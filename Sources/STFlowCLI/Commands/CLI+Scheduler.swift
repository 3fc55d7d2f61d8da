import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowScheduler
import STFlowStore

#if canImport(Glibc)
  import Glibc
#endif

extension CLI {
  /// The deadlines' labels by id, in the reader's language, for lines about notices.
  func deadlineLabels(_ store: EventStore) throws -> [String: String] {
    var labels: [String: String] = [:]
    for d in try store.definitions() {
      for deadline in d.definition.deadlines where labels[deadline.id] == nil {
        labels[deadline.id] = deadline.label.text(language, fallback: deadline.id)
      }
    }
    return labels
  }

  /// One notice as a line: when, the task, the deadline by its label and due date, what kind of notice,
  /// the consequence applied, and who it goes to.
  func describe(_ n: ProcessedNotice, labels: [String: String]) -> String {
    let t = n.timer
    let f = formats
    let what: String
    switch t.kind {
    case .reminder: what = f.t("nhắc hạn (trước \(-t.step) ngày)", "reminder (\(t.step)d)")
    case .missed: what = f.t("QUÁ HẠN", "MISSED")
    case .overdue: what = f.t("nhắc quá hạn lần \(t.step)", "overdue notice #\(t.step)")
    }
    var line =
      "\(f.time(t.fireAt)) \(f.date(f.day(t.fireAt)))  \(t.taskKey)  \(labels[t.deadlineId] ?? t.deadlineId) "
      + f.t("(hạn \(f.date(t.dueDate)))", "(due \(f.date(t.dueDate)))") + ": \(what)"
    if case .notice(_, _, _, _, _, _, let fields)? = n.event?.payload, !fields.isEmpty {
      line += " → " + fields.keys.sorted().map { "\($0) = \(f.value(fields[$0] ?? .null, field: nil))" }.joined(separator: ", ")
    }
    if n.outcome != .recorded { line += " [\(n.outcome.rawValue)]" }
    if !t.recipients.isEmpty {
      line += f.t("  gửi: ", "  to ") + t.recipients.map { RoleLabels.text($0, language) }.joined(separator: ", ")
    }
    return line
  }

  /// `stflow tick`: processes what is due once (for cron), then delivers what the hook can take.
  func tick(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "tick", flags: ["--no-hooks"])
    try p.expectPositionals(0...0, command: "tick")
    let store = try openStore()
    let now = try readTime()
    // Recording a notice is a change: it may not be dated in the future (simulate shows the future).
    if now > clock.now().addingTimeInterval(60) {
      throw UsageError(
        "--at \(atText ?? "") is in the future: tick records only what is already due; use 'simulate --until' to see what is coming",
        command: "tick")
    }
    let notices = try store.processDueTimers(now: now)
    var deliveries: [OutboxDeliverer.Report] = []
    if !p.has("--no-hooks") {
      deliveries = try OutboxDeliverer(store: store, clock: clock, config: try HookConfig.load(from: store)).deliverDue()
    }
    if json {
      emit(
        .object([
          ("notices", .array(notices.map { .object([("timer", .string($0.timer.key)), ("outcome", .string($0.outcome.rawValue))]) })),
          ("deliveries", .array(deliveries.map { .object([("id", .integer($0.delivery.id)), ("status", .string($0.status.rawValue))]) })),
        ]))
      return .success
    }
    let labels = try deadlineLabels(store)
    for n in notices { Console.out(describe(n, labels: labels)) }
    for r in deliveries {
      Console.out(
        "delivery #\(r.delivery.id) \(r.delivery.kind) \(r.delivery.taskKey): \(r.status.rawValue)"
          + (r.result.succeeded ? "" : " (\(r.result.failureDescription))"))
    }
    if notices.isEmpty && deliveries.isEmpty { Console.out(formats.t("Không có gì đến hạn.", "Nothing due.")) }
    return .success
  }

  /// `stflow run`: the scheduler daemon, until SIGINT or SIGTERM.
  func runDaemon(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "run", options: ["--speed", "--from", "--poll"])
    try p.expectPositionals(0...0, command: "run")
    // The daemon writes into the real database, so it runs on the wall clock only.
    if p.value("--speed") != nil || p.value("--from") != nil || atText != nil {
      throw UsageError(
        "run works on the wall clock (--speed, --from and --at are refused: it writes into the real database); to fast-forward, use 'simulate --until DATE --hooks', which works on a copy",
        command: "run")
    }
    let runClock: any WallClock = clock
    let speed = 1.0
    let poll =
      try p.value("--poll").map { (text: String) throws(UsageError) -> Double in
        guard let v = Double(text), v.isFinite, v >= 0.01, v <= 3600 else {
          throw UsageError(
            "--poll takes seconds from 0.01 to 3600, not '\(text)'", vi: "--poll nhận số giây từ 0.01 đến 3600, không nhận '\(text)'",
            command: "run")
        }
        return v
      } ?? 1
    let store = try openStore()
    // The database file the daemon opened: if it is deleted or replaced, the daemon would work on a
    // ghost, so it stops with exit code 3.
    // (A PostgreSQL database has no file to watch: its server keeps it.)
    let path = dbPath
    let isFile = !EventStore.isServer(path)
    var opened = stat()
    guard !isFile || stat(path, &opened) == 0 else { throw StoreError.input("cannot read \(path)", vi: "không đọc được \(path)") }
    let identity = (opened.st_dev, opened.st_ino)
    let scheduler = Scheduler(
      store: store, clock: runClock, speed: speed, pollInterval: poll,
      healthCheck: {
        guard isFile else { return nil }
        var now = stat()
        guard stat(path, &now) == 0 else { return "the database file \(path) was deleted; stopping (exit 3)" }
        return (now.st_dev, now.st_ino) == identity ? nil : "the database file \(path) was replaced by another file; stopping (exit 3)"
      },
      fatal: { message in
        Console.err(message)
        exit(ExitCode.failure.rawValue)
      }
    ) { line in
      Console.out("[\(Timestamp.formatLocal(Date(), in: CLI.defaultTimeZone))] \(line)")
    }
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let signals = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
    for source in signals {
      source.setEventHandler {
        Console.out("stopping: the step in progress finishes, nothing is lost")
        scheduler.stop { exit(0) }
      }
      source.activate()
    }
    Console.out(
      "stflow scheduler on \(store.path): \(try store.pendingTimerCount()) pending timers")
    scheduler.start()
    // The signal sources must outlive dispatchMain (which never returns); ARC would otherwise end them early.
    withExtendedLifetime((signals, scheduler)) { dispatchMain() }
  }

  func simulate(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "simulate", options: ["--until"], flags: ["--hooks"])
    try p.expectPositionals(0...0, command: "simulate")
    guard let untilText = p.value("--until") else { throw UsageError("give --until DATE", vi: "cho --until NGÀY", command: "simulate") }
    guard let untilDay = Timestamp.parseDate(untilText) else {
      throw UsageError("--until '\(untilText)' is not a date", vi: "--until '\(untilText)' không phải một ngày", command: "simulate")
    }
    let until = untilDay.adding(days: 1).start(in: CLI.defaultTimeZone).addingTimeInterval(-0.001)
    let store = try openStore()
    let hooks = p.has("--hooks")
    if hooks, try HookConfig.load(from: store).command == nil {
      throw UsageError(
        "--hooks runs the configured hook, and none is configured (see 'stflow hooks config')",
        vi: "--hooks chạy hook đã cấu hình nhưng chưa cấu hình hook nào (xem 'stflow hooks config')", command: "simulate")
    }
    let outcome = try Simulator.run(copying: store, until: until, from: try readTime(), hooks: hooks)
    let entries = outcome.entries
    if json {
      let notices: JSON = .array(
        entries.map { e in
          .object([
            ("at", .string(Timestamp.format(e.at))), ("task", .string(e.notice.timer.taskKey)),
            ("deadline", .string(e.notice.timer.deadlineId)),
            ("kind", .string(e.notice.timer.kind.rawValue)), ("dueDate", .string(e.notice.timer.dueDate.description)),
            ("outcome", .string(e.notice.outcome.rawValue)), ("recipients", .array(e.notice.timer.recipients.map { .string($0) })),
          ])
        })
      guard hooks else {
        emit(notices)
        return .success
      }
      emit(
        .object([
          ("notices", notices),
          (
            "deliveries",
            .array(
              outcome.deliveries.map { d in
                let payload = (try? JSONParser.parse(d.payload)) ?? .null
                return .object([
                  ("idempotencyKey", .string(d.report.delivery.idempotencyKey)), ("task", .string(d.report.delivery.taskKey)),
                  ("status", .string(d.report.status.rawValue)),
                  ("emails", .array((payload["recipients"]?.arrayValue ?? []).compactMap { $0["email"] })),
                ])
              })
          ),
        ]))
      return .success
    }
    let recorded = entries.filter { $0.notice.outcome == .recorded }
    let f = formats
    let delivered = outcome.deliveries.filter { $0.report.status == .delivered }.count
    Console.out(
      f.t(
        "Mô phỏng đến \(f.date(untilDay)) trên bản sao (cơ sở dữ liệu không thay đổi\(hooks ? "; đã chạy hook cho từng thông báo" : "; không chạy hook")): "
          + "\(recorded.count) thông báo" + (hooks ? ", \(delivered) lần gửi" : ""),
        "Simulated until \(f.date(untilDay)) on a copy (the database is untouched\(hooks ? "; the hook ran for each notice" : "; no hook ran")): "
          + "\(recorded.count) notices" + (hooks ? ", \(delivered) deliveries made" : "")))
    let labels = try deadlineLabels(store)
    for key in Array(Set(recorded.map(\.notice.timer.taskKey))).sorted() {
      Console.out("\n\(key)")
      for e in recorded where e.notice.timer.taskKey == key { Console.out("  " + describe(e.notice, labels: labels)) }
    }
    let missed = Set(recorded.filter { $0.notice.timer.kind == .missed }.map(\.notice.timer.taskKey))
    Console.out(
      f.t("\nNhiệm vụ sẽ quá hạn đến \(f.date(untilDay)): ", "\nTasks that will miss a deadline by \(f.date(untilDay)): ")
        + (missed.isEmpty ? f.t("không có", "none") : missed.sorted().joined(separator: ", ")))
    return .success
  }

  func hooksList(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "hooks list", flags: ["--failed"])
    try p.expectPositionals(0...0, command: "hooks list")
    let store = try openStore()
    let list = try store.deliveries(failed: p.has("--failed"))
    if json {
      emit(
        .array(
          list.map { d in
            .object([
              ("id", .integer(d.id)), ("idempotencyKey", .string(d.idempotencyKey)), ("task", .string(d.taskKey)),
              ("kind", .string(d.kind)),
              ("status", .string(d.status.rawValue)), ("attempts", .integer(Int64(d.attempts))),
              ("nextAttemptAt", .string(Timestamp.format(d.nextAttemptAt))), ("lastError", d.lastError.map { .string($0) } ?? .null),
            ])
          }))
      return .success
    }
    let config = try HookConfig.load(from: store)
    let f = formats
    let none = f.t(
      "chưa cấu hình (thông báo chờ gửi; xem 'stflow hooks config')", "none configured (deliveries wait; see 'stflow hooks config')")
    Console.out("Hook: \(config.command.flatMap { $0.isEmpty ? nil : $0 } ?? none)")
    var t = TextTable(
      f.vi
        ? ["SỐ", "TÌNH TRẠNG", "SỐ LẦN", "NHIỆM VỤ", "LOẠI", "LẦN TỚI/ĐÃ GỬI", "LỖI GẦN NHẤT"]
        : ["ID", "STATUS", "TRIES", "TASK", "KIND", "NEXT/DONE", "LAST ERROR"])
    for d in list {
      let when = d.status == .delivered ? d.deliveredAt.map(f.dateTime) ?? "" : f.dateTime(d.nextAttemptAt)
      t.add([
        String(d.id), f.vi ? Self.deliveryStatusVi[d.status] ?? d.status.rawValue : d.status.rawValue, String(d.attempts), d.taskKey,
        f.vi ? Self.noticeKindVi[d.kind] ?? d.kind : d.kind, when, d.lastError ?? "",
      ])
    }
    Console.out(list.isEmpty ? f.t("Chưa có lần gửi nào.", "No deliveries.") : t.render(maxWidth: 60))
    return .success
  }

  func hooksRetry(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "hooks retry")
    try p.expectPositionals(1...1, command: "hooks retry")
    guard let id = Int64(try p.positional(0, "the delivery id", command: "hooks retry")) else {
      throw UsageError(
        "give the delivery's number (see 'stflow hooks list')", vi: "cho số của lần gửi (xem 'stflow hooks list')", command: "hooks retry")
    }
    let store = try openStore()
    try store.requireAdmin(actor, doing: "retry deliveries", vi: "gửi lại")
    try store.retryDelivery(id: id, now: clock.now(), by: actor)
    Console.out(formats.t("Lần gửi số \(id) đã được xếp hàng gửi lại", "delivery #\(id) queued again"))
    return .success
  }

  func hooksConfig(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(
      args, command: "hooks config", options: ["--command", "--arg", "--timeout", "--max-attempts", "--backoff"], flags: ["--clear"])
    try p.expectPositionals(0...0, command: "hooks config")
    let store = try openStore()
    var config = try HookConfig.load(from: store)
    let changing = !p.options.isEmpty || p.has("--clear")
    if changing {
      try store.requireAdmin(actor, doing: "configure hooks", vi: "cấu hình hook")
      if p.has("--clear") { config = HookConfig() }
      if let c = p.value("--command") {
        let path = URL(fileURLWithPath: c).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          FileManager.default.isExecutableFile(atPath: path)
        else {
          throw StoreError.input(
            "--command '\(c)' is not an executable file (a program or script with its execute bit set)",
            vi: "--command '\(c)' không phải tệp chạy được (chương trình hoặc script có quyền thực thi)")
        }
        config.command = path
      }
      if !p.values("--arg").isEmpty { config.arguments = p.values("--arg") }
      func seconds(_ name: String, within limits: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = p.value(name) else { return nil }
        let trimmed = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard let v = Double(trimmed), v.isFinite, limits.contains(v) else {
          throw UsageError(
            "\(name) takes seconds from \(limits.lowerBound) to \(Int(limits.upperBound)), e.g. 30 or 30s, not '\(text)'",
            vi: "\(name) nhận số giây từ \(limits.lowerBound) đến \(Int(limits.upperBound)), ví dụ 30 hoặc 30s, không nhận '\(text)'",
            command: "hooks config")
        }
        return v
      }
      if let t = try seconds("--timeout", within: HookConfig.timeoutLimits) { config.timeout = t }
      if let b = try seconds("--backoff", within: HookConfig.backoffLimits) { config.retry.backoff = b }
      if let m = p.value("--max-attempts") {
        guard let n = Int(m), HookConfig.attemptLimits.contains(n) else {
          throw UsageError(
            "--max-attempts takes a number from 1 to 100, not '\(m)'", vi: "--max-attempts nhận một số từ 1 đến 100, không nhận '\(m)'",
            command: "hooks config")
        }
        config.retry.maxAttempts = n
      }
      try config.save(to: store, by: actor)
    }
    let f = formats
    let command =
      (config.command ?? f.t("chưa có", "none")) + (config.arguments.isEmpty ? "" : " " + config.arguments.joined(separator: " "))
    Console.out(
      f.t(
        "hook: \(command)\nthời gian chờ: \(config.timeout) giây; gửi tối đa \(config.retry.maxAttempts) lần, lần sau chờ \(config.retry.backoff) giây rồi gấp đôi",
        "hook: \(command)\ntimeout: \(config.timeout) s; retries: \(config.retry.maxAttempts) attempts, back-off \(config.retry.backoff) s doubling"
      ))
    return .success
  }

  /// How a delivery stands, in Vietnamese.
  static let deliveryStatusVi: [Delivery.Status: String] = [
    .pending: "chờ gửi", .delivered: "đã gửi", .dead: "ngừng gửi (lỗi)",
  ]
  /// What a notice is, in Vietnamese.
  static let noticeKindVi = ["deadline.reminder": "nhắc hạn", "deadline.missed": "quá hạn", "deadline.overdue": "vẫn quá hạn"]
}
