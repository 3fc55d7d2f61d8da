import Foundation
import STFlowEngine
import STFlowRules

/// What `audit verify` found.
public struct AuditReport: Sendable {
  public var eventsChecked = 0
  public var tasksChecked = 0
  /// Each problem names the event (by its place in the log) or the task, and what is wrong.
  public var problems: [String] = []
  public var isIntact: Bool { problems.isEmpty }
}

extension EventStore {
  /// Re-walks the hash chain and refolds every task: detects any edited, deleted, inserted or
  /// reordered event, and any projection that no longer matches its events.
  public func verify() throws -> AuditReport {
    // One snapshot: another process writing meanwhile is neither half-seen nor reported as damage.
    do {
      return try connection.readTransaction { try verifySnapshot() }
    } catch let e as SQLiteError {
      throw StoreError.database(e)
    }
  }

  private func verifySnapshot() throws -> AuditReport {
    var report = AuditReport()
    var prev = EventStore.genesisHash
    var expectedSeq: Int64 = 1
    var versions: [String: Int64] = [:]
    var folded: [String: TaskState] = [:]
    var noticeTimers: Set<String> = []
    let rows = try connection.query("SELECT \(EventStore.eventColumns) FROM events ORDER BY seq")
    for row in rows {
      let seq = row[0].integer ?? -1
      let key = row[1].text ?? ""
      let version = row[2].integer ?? -1
      report.eventsChecked += 1
      if seq != expectedSeq {
        report.problems.append("event #\(seq): expected #\(expectedSeq) next; events \(expectedSeq)…\(seq - 1) are missing")
      }
      expectedSeq = seq + 1
      if row[10].text != prev {
        report.problems.append(
          "event #\(seq) (task \(key) v\(version)): its link to the previous event is broken (deleted, inserted or reordered events)")
      }
      let canonical = EventStore.canonical(
        seq: seq, key: key, version: version, kind: row[3].text ?? "", payload: row[4].text ?? "", actor: row[5].text ?? "",
        effectiveAt: row[6].text ?? "", recordedAt: row[7].text ?? "", definitionHash: row[8].text ?? "", requestId: row[9].text)
      let hash = EventStore.link(prev: row[10].text ?? "", canonical: canonical)
      if hash != row[11].text {
        report.problems.append("event #\(seq) (task \(key) v\(version)): its content does not match its hash (edited)")
      }
      prev = row[11].text ?? ""
      let last = versions[key] ?? 0
      if version != last + 1 {
        report.problems.append("event #\(seq): task \(key) goes from version \(last) to \(version)")
      }
      versions[key] = version
      // A registry's change (people, configuration, deliveries, unsent notices): its tables are checked
      // below against what the registries record.
      if EventStore.isRegistryKey(key) { continue }
      do {
        let e = try decodeEvent(row).event
        folded[key] = try Engine.evolve(folded[key], e)
        if case .notice(_, _, _, _, _, let timer, _) = e.payload { noticeTimers.insert(timer) }
      } catch {
        report.problems.append("event #\(seq) (task \(key)): \(error)")
      }
    }
    if let head = try connection.query("SELECT seq, hash FROM chain_head WHERE id = 1").first {
      if head[0].integer != expectedSeq - 1 || head[1].text != prev {
        report.problems.append(
          "the log ends at event #\(expectedSeq - 1) but the chain head records #\(head[0].integer ?? 0): events were removed from the end")
      }
    } else {
      report.problems.append("the chain head is missing")
    }
    for task in try readableTasks(into: &report.problems) {
      report.tasksChecked += 1
      if folded[task.key] != task {
        report.problems.append("task \(task.key): the projection does not match its events (run 'stflow audit rebuild')")
      }
      folded.removeValue(forKey: task.key)
    }
    for key in folded.keys.sorted() { report.problems.append("task \(key): has events but no projection (run 'stflow audit rebuild')") }
    for key in [EventStore.actorRegistryKey, EventStore.configRegistryKey, EventStore.outboxRegistryKey, EventStore.noticeRegistryKey] {
      for change in try registryChanges(key) where change.json == nil {
        report.problems.append("event #\(change.seq): a change recorded under \(key) cannot be read")
      }
    }
    // Who holds which role must be exactly what the recorded changes say.
    let registry = try recordedActors()
    var people = Dictionary(try actors().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for (name, recorded) in registry.sorted(by: { $0.key < $1.key }) {
      guard let row = people.removeValue(forKey: name) else {
        report.problems.append("actor \(name) was registered in the log but is missing from the actors table (deleted by hand)")
        continue
      }
      if row != recorded {
        report.problems.append(
          "actor \(name): the actors table says roles \(row.roles.sorted()) but the log recorded \(recorded.roles.sorted()) (edited by hand)"
        )
      }
    }
    for name in people.keys.sorted() {
      report.problems.append("actor \(name) is in the actors table but no change in the log registered them")
    }
    // The settings, the hook and the calendars must be what the recorded changes say.
    let config = try recordedConfig()
    var values = config.values
    for row in try connection.query("SELECT key, value FROM meta ORDER BY key") {
      let key = row[0].text ?? ""
      guard EventStore.isRecordedMeta(key) else { continue }
      if let recorded = values.removeValue(forKey: key) {
        if recorded != row[1].text {
          report.problems.append("setting \(key) is '\(row[1].text ?? "")' but the log recorded '\(recorded)' (edited by hand)")
        }
      } else {
        report.problems.append("setting \(key) is set but no change in the log recorded it")
      }
    }
    for key in values.keys.sorted() { report.problems.append("setting \(key) was recorded in the log but is missing (deleted by hand)") }
    for (workflow, recorded) in config.current.sorted(by: { $0.key < $1.key }) {
      if let now = try latestDefinition(workflow: workflow)?.hash, now != recorded {
        report.problems.append(
          "workflow \(workflow): revision \(now.prefix(12))… is current, but the log made \(recorded.prefix(12))… current (changed by hand)"
        )
      }
    }
    var calendars = config.calendars
    for row in try connection.query("SELECT id, hash, source FROM calendars ORDER BY id") {
      let id = row[0].text ?? ""
      if SHA256.hex(row[2].text ?? "") != row[1].text {
        report.problems.append("calendar \(id): its content does not match its hash (edited)")
      }
      if let recorded = calendars.removeValue(forKey: id) {
        if recorded != row[1].text {
          report.problems.append("calendar \(id) is not the one the log recorded as loaded (replaced by hand)")
        }
      } else {
        report.problems.append("calendar \(id) was never recorded as loaded")
      }
    }
    for id in calendars.keys.sorted() { report.problems.append("calendar \(id) was recorded as loaded but is missing (deleted by hand)") }
    report.problems += try auditTheRest(noticeTimers: noticeTimers)
    return report
  }

  /// Rebuilds every task projection from the events, in one transaction. Returns the number of tasks.
  @discardableResult
  public func rebuildProjections() throws -> Int {
    recentTasks.removeAll()
    return try transaction {
      var folded: [String: TaskState] = [:]
      for row in try connection.query("SELECT \(EventStore.eventColumns) FROM events ORDER BY seq") {
        if EventStore.isRegistryKey(row[1].text ?? "") { continue }
        let e: Event
        do {
          e = try decodeEvent(row).event
          folded[e.taskKey] = try Engine.evolve(folded[e.taskKey], e)
        } catch let orphan as Engine.OrphanEvent {
          throw StoreError.corrupt("\(orphan); run 'stflow audit verify' to see the whole damage and restore from a backup")
        } catch {
          throw StoreError.corrupt("event #\(row[0].integer ?? -1): \(error); nothing was rebuilt")
        }
      }
      try connection.execute("DELETE FROM tasks")
      let registry = try recordedActors()
      if !registry.isEmpty {
        try connection.execute("DELETE FROM actors")
        for a in registry.values.sorted(by: { $0.name < $1.name }) { try insertActor(a) }
      }
      for state in folded.values {
        try saveProjection(state)
        try recordDeadlines(of: state, engine: try engine(hash: state.definitionHash), now: now())
      }
      return folded.count
    }
  }

  /// Everything beside the events: the append-only triggers, stored definitions (re-hashed), request ids,
  /// timers and hook deliveries — each must be explained by the events.
  func auditTheRest(noticeTimers: Set<String>) throws -> [String] {
    var problems: [String] = []
    let triggers = Set(try connection.query("SELECT name FROM sqlite_master WHERE type = 'trigger'").compactMap { $0.first?.text })
    for t in ["events_append_only_update", "events_append_only_delete"] where !triggers.contains(t) {
      problems.append("the trigger \(t) that keeps events append-only is missing (dropped by hand)")
    }
    for row in try connection.query("SELECT hash, workflow, revision, source FROM definitions ORDER BY workflow, revision") {
      let hash = row[0].text ?? ""
      if SHA256.hex(row[3].text ?? "") != hash {
        report(&problems, "definition \(row[1].text ?? "?") revision \(row[2].integer ?? 0): its content does not match its hash (edited)")
      }
    }
    // Every event names a stored definition (the chain covers the hash, so a definition swapped whole shows here).
    for row in try connection.query(
      "SELECT DISTINCT e.definition_hash FROM events e LEFT JOIN definitions d ON d.hash = e.definition_hash WHERE d.hash IS NULL AND e.task_key NOT LIKE '@%'"
    ) {
      report(&problems, "events name definition \((row[0].text ?? "?").prefix(12))…, which is not stored (deleted or replaced)")
    }
    for row in try connection.query(
      "SELECT r.request_id, r.task_key, r.first_seq, r.last_seq, (SELECT COUNT(*) FROM events e WHERE e.seq BETWEEN r.first_seq AND r.last_seq AND e.task_key = r.task_key) FROM requests r"
    ) {
      let span = (row[3].integer ?? 0) - (row[2].integer ?? 0) + 1
      if row[2].integer == nil || row[3].integer == nil || span < 1 || row[4].integer != span {
        report(&problems, "request id '\(row[0].text ?? "?")' (task \(row[1].text ?? "?")) points at events that are not that task's")
      }
    }
    var recordedDeliveries = try self.recordedDeliveries()
    for row in try connection.query("SELECT id, idempotency_key, task_key, payload, status FROM outbox ORDER BY id") {
      let key = row[1].text ?? ""
      let id = row[0].integer ?? 0
      if !noticeTimers.contains(key) {
        report(&problems, "hook delivery #\(id) for task \(row[2].text ?? "?") follows from no notice in the log (inserted by hand?)")
      }
      guard let recorded = recordedDeliveries.removeValue(forKey: key) else {
        report(&problems, "hook delivery #\(id) was never recorded as enqueued")
        continue
      }
      if SHA256.hex(row[3].text ?? "") != recorded.digest {
        report(&problems, "hook delivery #\(id): its payload is not the one enqueued (edited: recipients or text changed by hand)")
      }
      if row[4].text != recorded.status {
        report(&problems, "hook delivery #\(id) is '\(row[4].text ?? "")' but the log says '\(recorded.status)' (status changed by hand)")
      }
    }
    for key in recordedDeliveries.keys.sorted().prefix(3) {
      report(&problems, "hook delivery \(key) was enqueued but is missing (deleted by hand)")
    }
    var unsent = try recordedUnsentNotices()
    for row in try connection.query("SELECT timer_key, status FROM notices WHERE status != 'recorded' ORDER BY timer_key") {
      let key = row[0].text ?? ""
      if unsent.removeValue(forKey: key) != row[1].text {
        report(&problems, "notice \(key) is marked \(row[1].text ?? "?") but the log never recorded it so (a reminder silenced by hand?)")
      }
    }
    for key in unsent.keys.sorted().prefix(3) {
      report(&problems, "notice \(key) was recorded as not sent but its row is missing (deleted by hand)")
    }
    for row in try connection.query("SELECT timer_key FROM notices WHERE status = 'recorded'")
    where !noticeTimers.contains(row[0].text ?? "") {
      report(&problems, "notice \(row[0].text ?? "?") is marked recorded but no event records it")
    }
    // Timers are planned from each task's state: a row the plan does not give was put there by hand, a
    // planned one missing was taken away.
    let handled = Set(try connection.query("SELECT timer_key FROM notices").compactMap { $0.first?.text })
    var stored: [String: Set<String>] = [:]
    // A timer is compared whole: its key, when it fires and to whom.
    for row in try connection.query("SELECT task_key, key, fire_at, recipients FROM timers") {
      stored[row[0].text ?? "", default: []].insert("\(row[1].text ?? "") at \(row[2].text ?? "") to \(row[3].text ?? "")")
    }
    var storedDue: [String: Set<String>] = [:]
    // A paused deadline's due date moves with the clock, so it is left out of the comparison.
    // Whether a deadline is running (pending or overdue) does not depend on the day, so it is compared too:
    // `due` lists what is running, and a deadline marked met by hand would vanish from it.
    for row in try connection.query("SELECT task_key, deadline_id, occurrence, due_date, phase FROM deadlines WHERE phase != 'paused'") {
      let running = ["pending", "overdue"].contains(row[4].text ?? "")
      storedDue[row[0].text ?? "", default: []].insert(
        "\(row[1].text ?? "")#\(row[2].integer ?? 0)@\(row[3].text ?? "-")\(running ? " running" : "")")
    }
    var ignored: [String] = []
    for task in try readableTasks(into: &ignored) {
      guard let engine = try? engine(hash: task.definitionHash) else { continue }
      var planned: Set<String> = []
      var due: Set<String> = []
      for status in DeadlineCalculator(engine: engine).statuses(for: task, now: now(), explain: false) {
        for t in status.timers where !handled.contains(t.key) {
          planned.insert("\(t.key) at \(Timestamp.format(t.fireAt)) to \(t.recipients.joined(separator: ","))")
        }
        if status.phase != .paused {
          let running = status.phase == .pending || status.phase == .overdue
          due.insert("\(status.deadline.id)#\(status.occurrence)@\(status.dueDate?.description ?? "-")\(running ? " running" : "")")
        }
      }
      let dueHave = storedDue.removeValue(forKey: task.key) ?? []
      if !engine.definition.deadlines.isEmpty && dueHave != due {
        report(
          &problems,
          "task \(task.key): its stored deadlines (\(dueHave.subtracting(due).sorted().prefix(2).joined(separator: ", "))) are not what its events give (run 'stflow audit rebuild')"
        )
      }
      let have = stored.removeValue(forKey: task.key) ?? []
      for k in have.subtracting(planned).sorted().prefix(3) {
        report(&problems, "timer \(k) follows from nothing in task \(task.key)'s events")
      }
      if !engine.definition.deadlines.isEmpty {
        for k in planned.subtracting(have).sorted().prefix(3) {
          report(&problems, "timer \(k) of task \(task.key) is missing (deleted by hand?)")
        }
      }
    }
    for (key, timers) in stored.sorted(by: { $0.key < $1.key }) {
      report(&problems, "\(timers.count) timer(s) for task \(key), which does not exist")
    }
    return problems
  }

  private func report(_ problems: inout [String], _ p: String) { if problems.count < 1000 { problems.append(p) } }

  /// Every task projection that can be read; each one that cannot is a problem, not a failure of the audit.
  func readableTasks(into problems: inout [String]) throws -> [TaskState] {
    var out: [TaskState] = []
    recentTasks.removeAll()
    for row in try connection.query("SELECT key FROM tasks ORDER BY key") {
      let key = row.first?.text ?? ""
      do {
        if let t = try task(key: key) { out.append(t) }
      } catch {
        report(&problems, "task \(key): its projection cannot be read (\(error)); run 'stflow audit rebuild'")
      }
    }
    return out
  }
}
