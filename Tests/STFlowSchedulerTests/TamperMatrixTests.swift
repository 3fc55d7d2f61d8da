import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// The tamper matrix: for every table the audit answers for and every column of the record, an edit, a
/// deletion, an insertion, and for events a reordering and a re-hashed rewrite — made with the triggers
/// dropped and then put back, as a careful attacker would. `audit verify` never crashes and catches each.
@Suite struct TamperMatrixTests {
  /// A store with two tasks with deadlines, notices raised and a hook delivery queued.
  static func store() throws -> SchedulerHarness {
    let h = try SchedulerHarness()
    // A second revision of the workflow, then the first loaded again: which one is current is recorded.
    let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Tests/Fixtures/deadlines.json").path, encoding: .utf8)
    let current = try #require(try h.store.latestDefinition(workflow: "review"))
    try h.store.loadDefinition(try DefinitionLoader.load(text: text.replacingOccurrences(of: "15wd", with: "16wd")), by: "lan")
    try h.store.loadDefinition(current.definition, by: "lan")
    for key in ["R-1", "R-2"] {
      try h.store.execute(
        .create(key: key, fields: ["title": .string(key)]), taskKey: key, workflow: "review", actorName: "lan",
        effectiveAt: h.time("2026-10-01T09:00"))
      try h.store.execute(
        .fire(transition: "submit", fields: ["submittedOn": .date(LocalDate(iso: "2026-10-01")!)], comment: nil), taskKey: key,
        actorName: "an", effectiveAt: h.time("2026-10-01T09:00"), requestId: "req-\(key)")
    }
    // A document kept in the database.
    let content = Array("Hồ sơ đăng ký".utf8)
    let digest = SHA256.hex(content)
    try h.store.execute(
      .attach(field: "dossier", document: DocumentRef(name: "hồ sơ.pdf", uri: EventStore.documentURI(digest), sha256: digest)),
      taskKey: "R-1", actorName: "lan", effectiveAt: h.time("2026-10-01T10:00"), documents: [content])
    // Missed on 23 October; the overdue ladder's later steps are still planned.
    _ = try h.store.processDueTimers(now: h.time("2026-10-24T09:00"))
    // Every column in use: a person with a name and an organisation, a setting, deliveries failed,
    // delivered and claimed, a notice skipped.
    try h.store.addActor(
      Actor(name: "binh", roles: ["manager"], email: "binh@so.vn", organisation: "Sở KH&CN", displayName: "ThS. Lê Bình"), by: "lan")
    try h.store.transaction { try h.store.setRecordedMeta("setting.report.followed", "apart", by: "lan") }
    let policy = RetryPolicy()
    let now = h.time("2026-10-24T10:00")
    h.store.nodeId = "may-chu-1/4242"
    if let d = try h.store.claimDelivery(now: now, lease: 40) {
      try h.store.recordDelivery(d, succeeded: false, error: "smtp: connection refused", now: now, policy: policy)
    }
    if let d = try h.store.claimDelivery(now: now, lease: 40) {
      try h.store.recordDelivery(d, succeeded: true, error: nil, now: now, policy: policy)
    }
    _ = try h.store.claimDelivery(now: now, lease: 40)
    // Sign-in: a password, a session, a failed attempt, a token and a revoked one.
    try h.store.setPassword("mật khẩu đủ dài", for: "lan", by: "lan")
    _ = try h.store.signIn(user: "lan", password: "mật khẩu đủ dài", address: "10.0.0.7")
    _ = try? h.store.signIn(user: "lan", password: "sai", address: "10.0.0.9")
    _ = try h.store.createToken(name: "báo cáo tự động", for: "lan", by: "lan")
    try h.store.revokeToken(id: try h.store.createToken(name: "cũ", for: "lan", by: "lan").id, by: "lan")
    try h.store.connection.execute("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete")
    return h
  }

  /// A plausible edit of one stored value: a digit changed (times, hashes, numbers and JSON stay readable),
  /// a letter added where there is no digit, something put where there was nothing.
  static func edited(_ value: SQLValue) -> SQLValue {
    switch value {
    case .integer(let i): return .integer(i + 1)
    case .text(let t):
      guard let i = t.lastIndex(where: { $0.isASCII && $0.isNumber }), let d = t[i].wholeNumberValue else { return .text(t + "x") }
      return .text(t.replacingCharacters(in: i...i, with: String((d + 1) % 10)))
    default: return .text("2099-01-01T00:00:00.000Z")
    }
  }

  /// The tables that are not part of the record: `nodes` holds only the nodes' heartbeats (which processes are
  /// alive), decides nothing, and is rewritten every few seconds by each node.
  static let unrecorded: Set<String> = ["nodes"]

  /// For every table and every column of the database, one row's value edited: each edit is caught (or
  /// refused by the schema itself).
  @Test func everyColumnOfEveryTableIsAnsweredFor() throws {
    let h = try Self.store()
    let tables = try h.store.connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
      $0.first?.text
    }
    var columns: [(table: String, column: String, keys: [String])] = []
    for table in tables where !Self.unrecorded.contains(table) {
      let info = try h.store.connection.query("PRAGMA table_info(\(table))")
      let keys = info.filter { ($0[5].integer ?? 0) > 0 }.compactMap { $0[1].text }
      for row in info { columns.append((table, row[1].text ?? "", keys.isEmpty ? ["rowid"] : keys)) }
    }
    #expect(tables.count == 17)
    #expect(columns.count >= 80)
    var missed: [String] = []
    for (table, column, keys) in columns {
      let h = try Self.store()
      let c = h.store.connection
      // A row where the column holds something, if any does; for events, a task's event.
      let order = table == "events" ? "task_key LIKE '@%', seq" : keys.joined(separator: ", ")
      let select = "SELECT \(keys.joined(separator: ", ")), \(column) FROM \(table) ORDER BY \(column) IS NULL, \(order) LIMIT 1"
      guard let row = try c.query(select).first else {
        missed.append("\(table) has no row to edit")
        continue
      }
      try c.execute("PRAGMA foreign_keys = OFF")
      let condition = keys.map { "\($0) = ?" }.joined(separator: " AND ")
      do {
        try c.query("UPDATE \(table) SET \(column) = ? WHERE \(condition)", [Self.edited(row[keys.count])] + Array(row[0..<keys.count]))
      } catch {
        continue  // refused by the schema (a CHECK or a UNIQUE constraint): not an edit anyone can make
      }
      try c.execute(Schema.appendOnlyTriggers)
      if try h.store.verify().isIntact { missed.append("\(table).\(column)") }
    }
    #expect(missed.isEmpty, "not caught: \(missed)")
  }

  /// For every table, one row deleted and one row inserted (a copy of a row under another key): each is caught.
  @Test func everyTableRowDeletedOrInsertedIsCaught() throws {
    let tables = try Self.store().store.connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .compactMap { $0.first?.text }
    var missed: [String] = []
    for table in tables where !Self.unrecorded.contains(table) {
      for change in ["deleted", "inserted"] {
        let h = try Self.store()
        let c = h.store.connection
        let info = try c.query("PRAGMA table_info(\(table))")
        let columns = info.compactMap { $0[1].text }
        let key = info.first { ($0[5].integer ?? 0) == 1 }?[1].text ?? columns[0]
        let order = table == "events" ? "task_key LIKE '@%', seq" : key
        guard let row = try c.query("SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order) LIMIT 1").first else {
          missed.append("\(table) has no row")
          continue
        }
        try c.execute("PRAGMA foreign_keys = OFF")
        let keyIndex = columns.firstIndex(of: key) ?? 0
        do {
          if change == "deleted" {
            try c.query("DELETE FROM \(table) WHERE \(key) = ?", [row[keyIndex]])
          } else {
            var copy = row
            copy[keyIndex] = Self.edited(row[keyIndex])
            if table == "events", case .integer(let seq)? = try c.scalar("SELECT MAX(seq) FROM events") { copy[0] = .integer(seq + 1) }
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            try c.query("INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES(\(marks))", copy)
          }
        } catch {
          continue  // refused by the schema itself
        }
        try c.execute(Schema.appendOnlyTriggers)
        if try h.store.verify().isIntact { missed.append("\(table): a row \(change)") }
      }
    }
    #expect(tables.count == 17)
    #expect(missed.isEmpty, "not caught: \(missed)")
  }

  static let cases: [(name: String, sql: String)] = {
    var out: [(String, String)] = []
    let eventColumns = [
      "task_key", "task_version", "kind", "payload", "actor", "effective_at", "recorded_at", "definition_hash", "request_id", "prev_hash",
      "hash",
    ]
    for c in eventColumns {
      out.append(
        (
          "events.\(c) edited",
          "UPDATE events SET \(c) = CASE WHEN typeof(\(c)) = 'integer' THEN \(c) + 100 ELSE coalesce(\(c), '') || 'x' END WHERE seq = 3"
        ))
    }
    out += [
      ("events.seq edited", "UPDATE events SET seq = 1000 WHERE seq = 3"),
      ("an event deleted", "DELETE FROM events WHERE seq = 3"),
      ("the last event deleted", "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)"),
      (
        "an event inserted",
        "INSERT INTO events SELECT seq + 1000, task_key, task_version + 100, kind, payload, actor, effective_at, recorded_at, definition_hash, NULL, prev_hash, hash FROM events WHERE seq = 2"
      ),
      (
        "events reordered",
        "UPDATE events SET seq = -1 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -1"
      ),
    ]
    for c in ["key", "workflow", "definition_hash", "state", "version", "data"] {
      out.append(
        (
          "tasks.\(c) edited",
          "UPDATE tasks SET \(c) = CASE WHEN typeof(\(c)) = 'integer' THEN \(c) + 1 WHEN '\(c)' = 'data' THEN replace(data, 'R-1', 'R-9') ELSE \(c) || 'x' END WHERE key = 'R-1'"
        ))
    }
    out += [
      ("a task deleted", "DELETE FROM tasks WHERE key = 'R-1'"),
      (
        "a task inserted",
        "INSERT INTO tasks SELECT 'R-9', workflow, definition_hash, state, version, data, updated_at FROM tasks WHERE key = 'R-1'"
      ),
      ("chain_head.seq edited", "UPDATE chain_head SET seq = seq - 1"),
      (
        "chain_head.hash edited", "UPDATE chain_head SET hash = CASE WHEN substr(hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END || substr(hash, 2)"
      ),
      ("chain_head deleted", "DELETE FROM chain_head"),
      ("definitions.source edited", "UPDATE definitions SET source = replace(source, '15wd', '150wd')"),
      ("definitions.hash edited", "UPDATE definitions SET hash = 'x' || substr(hash, 2)"),
      ("a definition deleted", "DELETE FROM definitions"),
      ("requests.first_seq edited", "UPDATE requests SET first_seq = 1 WHERE request_id = 'req-R-2'"),
      ("requests.task_key edited", "UPDATE requests SET task_key = 'R-1' WHERE request_id = 'req-R-2'"),
      ("a request inserted", "INSERT INTO requests(request_id, task_key, digest, first_seq, last_seq) VALUES ('forged', 'R-2', 'd', 1, 2)"),
      (
        "a timer inserted",
        "INSERT INTO timers SELECT key || '-forged', task_key, deadline_id, occurrence, kind, step, fire_at, due_date, recipients FROM timers LIMIT 1"
      ),
      ("a timer deleted", "DELETE FROM timers WHERE key = (SELECT MIN(key) FROM timers)"),
      ("timers.key edited", "UPDATE timers SET key = key || 'x' WHERE key = (SELECT MIN(key) FROM timers)"),
      ("timers.task_key edited", "UPDATE timers SET task_key = 'R-9' WHERE key = (SELECT MIN(key) FROM timers)"),
      ("timers.fire_at edited", "UPDATE timers SET fire_at = '2099-01-01T00:00:00.000Z' WHERE key = (SELECT MIN(key) FROM timers)"),
      ("timers.recipients edited", "UPDATE timers SET recipients = 'applicant' WHERE key = (SELECT MIN(key) FROM timers)"),
      ("deadlines.due_date edited", "UPDATE deadlines SET due_date = '2099-01-01' WHERE task_key = 'R-1' AND due_date IS NOT NULL"),
      ("deadlines.occurrence edited", "UPDATE deadlines SET occurrence = occurrence + 5 WHERE task_key = 'R-1' AND due_date IS NOT NULL"),
      ("an overdue deadline marked met", "UPDATE deadlines SET phase = 'met' WHERE task_key = 'R-1' AND phase IN ('pending', 'overdue')"),
      ("a deadline deleted", "DELETE FROM deadlines WHERE task_key = 'R-1' AND due_date IS NOT NULL"),
      (
        "an outbox row inserted",
        "INSERT INTO outbox(idempotency_key, task_key, kind, payload, status, next_attempt_at, created_at) VALUES ('forged', 'R-1', 'deadline.missed', '{}', 'pending', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
      ),
      (
        "outbox.idempotency_key edited",
        "UPDATE outbox SET idempotency_key = idempotency_key || 'x' WHERE id = (SELECT MIN(id) FROM outbox)"
      ),
      ("outbox.payload edited (an e-mail redirected)", "UPDATE outbox SET payload = replace(payload, 'lan@so.vn', 'mallory@evil.example')"),
      ("outbox.status set to delivered", "UPDATE outbox SET status = 'delivered' WHERE status = 'pending'"),
      ("an outbox row deleted", "DELETE FROM outbox WHERE id = (SELECT MIN(id) FROM outbox)"),
      (
        "a reminder silenced by a forged skipped notice",
        "INSERT INTO notices(timer_key, task_key, status, fire_at, recorded_at) SELECT key, task_key, 'skipped', fire_at, fire_at FROM timers WHERE key = (SELECT MIN(key) FROM timers); DELETE FROM timers WHERE key = (SELECT MIN(key) FROM timers)"
      ),
      ("calendars.source edited", "UPDATE calendars SET source = replace(source, '2026', '2027')"),
      (
        "a calendar replaced, its hash recomputed",
        "UPDATE calendars SET source = '{}', hash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'"
      ),
      ("a calendar deleted", "DELETE FROM calendars"),
      ("actors.roles edited", "UPDATE actors SET roles = 'admin' WHERE name = 'an'"),
      ("actors.email edited", "UPDATE actors SET email = 'mallory@evil.example' WHERE name = 'lan'"),
      ("an actor inserted", "INSERT INTO actors(name, roles, added_at) VALUES ('ghost', 'manager', '2026-01-01')"),
      ("an actor deleted", "DELETE FROM actors WHERE name = 'lan'"),
      ("definitions.current_rank edited", "UPDATE definitions SET current_rank = 100 WHERE revision = 2"),
      ("a setting inserted", "INSERT INTO meta(key, value) VALUES ('setting.report.signer', 'Giám đốc')"),
      ("the hook command set by hand", "INSERT INTO meta(key, value) VALUES ('hook.command', '/bin/sh')"),
      (
        "a recorded notice inserted",
        "INSERT INTO notices(timer_key, task_key, status, fire_at, recorded_at) VALUES ('forged', 'R-1', 'recorded', '2026-01-01', '2026-01-01')"
      ),
      ("the triggers left dropped", ""),
    ]
    return out
  }()

  @Test(arguments: cases.map(\.name))
  func everyTamperingIsCaught(name: String) throws {
    let h = try Self.store()
    #expect(try h.store.connection.scalar("SELECT COUNT(*) FROM outbox")?.integer ?? 0 > 0)
    #expect(try h.store.connection.scalar("SELECT COUNT(*) FROM timers")?.integer ?? 0 > 0)
    let sql = try #require(Self.cases.first { $0.name == name }?.sql)
    if !sql.isEmpty {
      // An attacker switches off what would stop them.
      try h.store.connection.execute("PRAGMA foreign_keys = OFF")
      try h.store.connection.execute(sql)
      try h.store.connection.execute(Schema.appendOnlyTriggers)
    }
    let report = try h.store.verify()
    #expect(!report.isIntact, "\(name) was not caught")
  }

  @Test func anUntamperedStoreIsIntact() throws {
    let h = try Self.store()
    try h.store.connection.execute(Schema.appendOnlyTriggers)
    let report = try h.store.verify()
    #expect(report.isIntact, "\(report.problems)")
  }
}
