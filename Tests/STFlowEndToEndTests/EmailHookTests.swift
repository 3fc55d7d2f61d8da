import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The scheduler daemon with the e-mail example hook against a real SMTP server on 127.0.0.1.
@Suite(.serialized) struct EmailHookTests {
  static let hook = StflowProcess.packageRoot.appendingPathComponent("Examples/hooks/send-reminder-email").path
  static let sink = StflowProcess.packageRoot.appendingPathComponent("Examples/hooks/smtp_sink.py").path

  /// A running SMTP sink writing each message to a folder.
  final class SMTPSink {
    let process = Process()
    let folder: URL
    let port: Int

    init(folder: URL) throws {
      self.folder = folder
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", EmailHookTests.sink, "--dir", folder.path]
      let out = Pipe()
      process.standardOutput = out
      try process.run()
      var line = Data()
      while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
      port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    deinit {
      // SIGKILL: a test runner may ignore SIGTERM, and children inherit that.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }

    /// (idempotency key, envelope recipient) of every message received, with its subject.
    func messages() throws -> [(key: String, to: String, subject: String)] {
      try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.map { name in
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var headers: [String: String] = [:]
        var last = ""
        for line in text.components(separatedBy: "\r\n").isEmpty
          ? [] : text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        {
          if line.isEmpty { break }
          if line.first == " " || line.first == "\t" {
            headers[last, default: ""] += String(line)
          } else if let colon = line.firstIndex(of: ":") {
            last = String(line[..<colon])
            headers[last] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
          }
        }
        return (headers["X-STFlow-Key"] ?? "", headers["X-Envelope-To"] ?? "", headers["Subject"] ?? "")
      }
    }
  }

  /// A database with the `review` workflow, a manager and an applicant with e-mail addresses, the
  /// e-mail hook configured, and `count` tasks submitted on consecutive days from the 1st of `month`.
  static func portfolio(
    _ s: StflowProcess, count: Int, catchUp: String? = nil, month: String = "2026-10", hookTimeout: Int = 20, db: String? = nil
  ) throws {
    let db = db ?? s.db
    var workflow = StflowProcess.packageRoot.appendingPathComponent("Tests/Fixtures/deadlines.json").path
    if let catchUp {
      let text = try String(contentsOfFile: workflow, encoding: .utf8)
        .replacingOccurrences(
          of: "\"notify\": [\"manager\"], \"basis\"", with: "\"notify\": [\"manager\"], \"catchUp\": \"\(catchUp)\", \"basis\"")
      workflow = s.directory.appendingPathComponent("review.json").path
      try text.write(toFile: workflow, atomically: true, encoding: .utf8)
    }
    for args in [
      ["actor", "add", "root", "--role", "admin"],
      ["--as", "root", "calendar", "load", StflowProcess.packageRoot.appendingPathComponent("Workflows/calendars/vn.json").path],
      ["--as", "root", "workflow", "load", workflow],
      ["--as", "root", "actor", "add", "lan", "--role", "manager", "--email", "lan@sokhcn.example.vn", "--display", "Nguyễn Thị Lan"],
      ["--as", "root", "actor", "add", "an", "--role", "applicant", "--email", "an@vien.example.vn"],
      ["--as", "root", "hooks", "config", "--command", hook, "--timeout", String(hookTimeout), "--backoff", "1"],
    ] {
      let r = try s.run(["--db", db] + args)
      #expect(r.code == 0, "\(args): \(r.stderr)")
    }
    for i in 0..<count {
      let day = month + String(format: "-%02d", 1 + i % 28)
      try s.run(["--db", db, "--as", "lan", "--at", day, "task", "create", "review", "R-\(i)", "title=Nhiệm vụ \(i)"])
      let r = try s.run(["--db", db, "--as", "an", "--at", day, "task", "fire", "R-\(i)", "submit", "submittedOn=\(day)"])
      #expect(r.code == 0, "\(r.stderr)")
    }
  }

  /// Starts `stflow run` (on the wall clock); returns the process.
  static func daemon(_ s: StflowProcess, port: Int, db: String? = nil, mailState: String? = nil) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: StflowProcess.binary)
    p.arguments = ["--db", db ?? s.db, "run", "--poll", "0.05"]
    p.currentDirectoryURL = s.directory
    var env = ProcessInfo.processInfo.environment
    env["STFLOW_SMTP_PORT"] = String(port)
    env["STFLOW_MAIL_LANG"] = "vi"
    if let mailState { env["STFLOW_MAIL_STATE"] = mailState }
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
  }

  /// What the hook should have sent: for every recorded notice, one message per recipient address.
  static func expected(_ s: StflowProcess, db: String? = nil) throws -> [String] {
    let list = try JSONParser.parse(try s.run(["--db", db ?? s.db, "--json", "hooks", "list"]).stdout).arrayValue ?? []
    var out: [String] = []
    let store = try EventStore(location: db ?? s.db)
    let payloads = Dictionary(try store.deliveries(limit: 100_000).map { ($0.idempotencyKey, $0.payload) }, uniquingKeysWith: { a, _ in a })
    for d in list {
      guard let key = d["idempotencyKey"]?.stringValue, let text = payloads[key] else { continue }
      let payload = try JSONParser.parse(text)
      let emails = Set((payload["recipients"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue })
      for e in emails.sorted() { out.append("\(key) -> \(e)") }
    }
    return out.sorted()
  }

  /// Two months of reminders in a second, without a fast clock on real data: `simulate --hooks` runs the
  /// e-mail hook for each notice on a copy, and the real database is untouched.
  @Test func simulateSendsEachReminderOnceToTheRightPeople() throws {
    let s = try StflowProcess()
    let sink = try SMTPSink(folder: s.directory.appendingPathComponent("mail"))
    try Self.portfolio(s, count: 3)
    let before = try DatabaseContent.of(s.db)
    let r = try s.run(
      ["--db", s.db, "--json", "--at", "2026-10-01T00:00", "simulate", "--until", "2026-11-30", "--hooks"],
      environment: ["STFLOW_SMTP_PORT": String(sink.port), "STFLOW_MAIL_LANG": "vi"])
    #expect(r.code == 0, "\(r.stderr)")
    #expect(try DatabaseContent.of(s.db) == before)
    let out = try JSONParser.parse(r.stdout)
    let deliveries = out["deliveries"]?.arrayValue ?? []
    #expect(deliveries.count >= 12)
    #expect(deliveries.allSatisfy { $0["status"] == .string("delivered") })
    var want: [String] = []
    for d in deliveries {
      for e in Set((d["emails"]?.arrayValue ?? []).compactMap(\.stringValue)).sorted() {
        want.append("\(d["idempotencyKey"]?.stringValue ?? "") -> \(e)")
      }
    }
    let received = try sink.messages()
    let got = received.map { "\($0.key) -> \($0.to)" }.sorted()
    #expect(got == want.sorted(), "received \(got.count), expected \(want.count)")
    #expect(Set(got).count == got.count)  // none duplicated
    // R-0, submitted 1 October: the decision is due 15 working days later, 22 October 2026.
    let r0 = received.filter { $0.key.hasPrefix("R-0|decision|1|2026-10-22|") }
    #expect(r0.map(\.to).allSatisfy { $0 == "lan@sokhcn.example.vn" })
    // Two reminders, the miss and three overdue notices.
    #expect(r0.count == 6)
    #expect(r0.contains { $0.key.contains("|reminder|") })
    #expect(r0.contains { $0.key.hasSuffix("|missed") })
    #expect(received.map(\.subject).joined().contains("=?utf-8?"))  // Vietnamese subjects, encoded
  }

  /// The parts of each message the sink received, decoded by Python's e-mail parser: subject, the plain
  /// text part and the HTML part.
  static func decoded(_ folder: URL) throws -> [(subject: String, text: String, html: String)] {
    let script = """
      import email, email.policy, json, pathlib, sys
      out = []
      for f in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
          m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
          text = m.get_body(("plain",)); page = m.get_body(("html",))
          out.append({"subject": str(m["Subject"]), "text": text.get_content() if text else "", "html": page.get_content() if page else ""})
      print(json.dumps(out))
      """
    let output = try StflowProcess.tool("python3", ["-c", script, folder.path]).out
    return (try JSONParser.parse(output).arrayValue ?? []).map {
      ($0["subject"]?.stringValue ?? "", $0["text"]?.stringValue ?? "", $0["html"]?.stringValue ?? "")
    }
  }

  /// A reminder reads as a letter from the department: to the person by name and role, what is due and
  /// when in dd/MM/yyyy, what to do, a link to the task, the department's signature; a text and an HTML
  /// part, the HTML escaping the task's title.
  @Test func aReminderReadsAsALetterFromTheDepartment() throws {
    let s = try StflowProcess()
    let folder = s.directory.appendingPathComponent("mail")
    let sink = try SMTPSink(folder: folder)
    try Self.portfolio(s, count: 1)
    for args in [
      ["--as", "root", "settings", "set", "server.url", "https://stflow.sokhcn.example.vn/"],
      ["--as", "root", "settings", "set", "org.parent", "UBND TỈNH BẮC KẠN"],
      ["--as", "lan", "--at", "2026-10-01T10:00", "task", "set", "R-0", "title=Giống <lúa> & ngô"],
    ] {
      let r = try s.run(["--db", s.db] + args)
      #expect(r.code == 0, "\(args): \(r.stderr)")
    }
    let r = try s.run(
      ["--db", s.db, "--at", "2026-10-01T12:00", "simulate", "--until", "2026-10-21", "--hooks"],
      environment: ["STFLOW_SMTP_PORT": String(sink.port), "STFLOW_MAIL_LANG": "vi"])
    #expect(r.code == 0, "\(r.stderr)")
    let messages = try Self.decoded(folder)
    // R-0 was submitted on 1 October: the decision is due Thursday 22 October; reminders 3 and 1 days before.
    let reminder = try #require(messages.first { $0.text.contains("còn 3 ngày") }, "\(messages.map(\.text))")
    #expect(reminder.subject.contains("Nhắc hạn: Decide — R-0 (22/10/2026)"), "\(reminder.subject)")
    #expect(reminder.text.hasPrefix("Kính gửi: Nguyễn Thị Lan (Chuyên viên quản lý),"), "\(reminder.text)")
    #expect(reminder.text.contains("nhiệm vụ R-0 “Giống <lúa> & ngô” có thời hạn “Decide” vào ngày 22/10/2026 (thứ Năm), còn 3 ngày."))
    #expect(reminder.text.contains("Việc cần làm: Phê duyệt."))
    #expect(reminder.text.contains("Căn cứ: Test rule: 15 working days."))
    #expect(reminder.text.contains("Xem nhiệm vụ: https://stflow.sokhcn.example.vn/nhiem-vu/R-0"))
    #expect(reminder.text.contains("Trân trọng,\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nUBND TỈNH BẮC KẠN"))
    #expect(!reminder.text.contains("lan@") && !reminder.text.contains("manager"))
    #expect(reminder.html.contains("<a href=\"https://stflow.sokhcn.example.vn/nhiem-vu/R-0\">"))
    #expect(reminder.html.contains("Giống &lt;lúa&gt; &amp; ngô") && !reminder.html.contains("<lúa>"))
  }

  /// kill -9 the real daemon at random moments while it delivers a backlog (everything fell due weeks
  /// ago), restart it, twenty times; then every due notice was delivered, none for an event that was not
  /// committed, and the e-mail hook sent each idempotency key exactly once.
  @Test func killingTheDaemonLosesNothingAndDuplicatesNothing() throws {
    let s = try StflowProcess()
    let sink = try SMTPSink(folder: s.directory.appendingPathComponent("mail"))
    // A short hook timeout: a delivery claimed by a killed daemon is free again after its lease (timeout + 10 s).
    try Self.portfolio(s, count: 30, catchUp: "all", month: "2026-08", hookTimeout: 3)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
      let daemon = try Self.daemon(s, port: sink.port)
      Thread.sleep(forTimeInterval: Double.random(in: 0.1...0.5, using: &generator))
      kill(daemon.processIdentifier, SIGKILL)
      daemon.waitUntilExit()
    }
    // A final run until the outbox is empty.
    let daemon = try Self.daemon(s, port: sink.port)
    let store = try EventStore(path: s.db)
    var pending = Int.max
    for _ in 0..<360 where pending > 0 {
      Thread.sleep(forTimeInterval: 0.25)
      pending = try store.deliveries(limit: 100_000).filter { $0.status != .delivered }.count + (try store.dueTimers(until: Date()).count)
    }
    kill(daemon.processIdentifier, SIGTERM)
    daemon.waitUntilExit()
    #expect(pending == 0)
    // Every due notice of every task was recorded once: 30 tasks × (2 reminders, the miss, 3 overdue notices).
    let deliveries = try store.deliveries(limit: 100_000)
    #expect(deliveries.count == 180)
    #expect(deliveries.allSatisfy { $0.status == .delivered })
    // Each message went out exactly once, and only for notices that are in the log.
    let received = try sink.messages().map { "\($0.key) -> \($0.to)" }.sorted()
    #expect(received == (try Self.expected(s)))
    #expect(Set(received).count == received.count)
    var logged: Set<String> = []
    for i in 0..<30 {
      for r in try store.history(key: "R-\(i)") {
        if case .notice(_, _, _, _, _, let key, _) = r.event.payload { logged.insert(key) }
      }
    }
    #expect(Set(try sink.messages().map(\.key)).isSubset(of: logged))
    #expect(logged.count == 180)
    #expect(try store.verify().isIntact)
  }
}
