import Foundation
import STFlowEngine
import STFlowRules

/// The audit of the store's working tables: request ids, hook deliveries, notices, timers and deadlines —
/// each row must be explained by the events and the registries.
extension EventStore {
  /// Each request id names exactly the events that carry it; each id the events carry has its row (a
  /// deleted one would let a retry run the command twice).
  func auditRequests(_ spans: [String: (task: String, first: Int64, last: Int64)]) throws -> [String] {
    var problems: [String] = []
    var spans = spans
    for row in try connection.query("SELECT request_id, task_key, first_seq, last_seq FROM requests ORDER BY request_id") {
      let id = row[0].text ?? "?"
      if let span = spans.removeValue(forKey: id), span.task == row[1].text, span.first == row[2].integer, span.last == row[3].integer {
        continue
      }
      report(&problems, "request id '\(id)' (task \(row[1].text ?? "?")) points at events that are not that request's")
    }
    for id in spans.keys.sorted().prefix(3) {
      report(&problems, "request id '\(id)' is carried by events but its row in requests is missing (a retry would run again)")
    }
    return problems
  }

  /// Each hook delivery follows from a notice and is, column by column, what the recorded changes say; each
  /// notice row is what its event or its recorded change says.
  func auditDeliveriesAndNotices(notices: [String: (task: String, recordedAt: String)]) throws -> [String] {
    var problems: [String] = []
    var recorded = try recordedDeliveries()
    var firedAt: [String: String] = [:]
    let latestLease = Timestamp.format(now().addingTimeInterval(Self.longestLease))
    for row in try connection.query(
      "SELECT id, idempotency_key, task_key, payload, status, kind, created_at, next_attempt_at, attempts, last_error, delivered_at, lease_until, lease_node FROM outbox ORDER BY id"
    ) {
      let key = row[1].text ?? ""
      let name = "hook delivery #\(row[0].integer ?? 0)"
      if notices[key] == nil {
        report(&problems, "\(name) for task \(row[2].text ?? "?") follows from no notice in the log (inserted by hand?)")
      }
      guard let r = recorded.removeValue(forKey: key) else {
        report(&problems, "\(name) was never recorded as enqueued")
        continue
      }
      let payload = row[3].text ?? ""
      if SHA256.hex(payload) != r.digest {
        report(&problems, "\(name): its payload is not the one enqueued (edited: recipients or text changed by hand)")
      } else {
        firedAt[key] = (try? JSONParser.parse(payload))?["firedAt"]?.stringValue
      }
      if row[4].text != r.status {
        report(&problems, "\(name) is '\(row[4].text ?? "")' but the log says '\(r.status)' (status changed by hand)")
      }
      func text(_ i: Int) -> JSON { row[i].text.map { .string($0) } ?? .null }
      let compared: [(String, JSON, JSON?)] = [
        ("task_key", text(2), r.taskKey.map { .string($0) }), ("kind", text(5), r.kind.map { .string($0) }),
        ("created_at", text(6), r.createdAt.map { .string($0) }), ("next_attempt_at", text(7), r.nextAttemptAt.map { .string($0) }),
        ("attempts", .integer(row[8].integer ?? -1), r.attempts.map { .integer($0) }), ("last_error", text(9), r.lastError),
        ("delivered_at", text(10), r.deliveredAt), ("lease_until", text(11), r.leaseUntil),
        ("lease_node", text(12), r.leaseNode),
      ]
      for (column, have, want) in compared {
        if let want, want != have {
          report(&problems, "\(name): its \(column) is \(have.compactText) but the log recorded \(want.compactText) (edited by hand)")
        }
      }
      if let lease = row[11].text, r.status != "pending" || lease > latestLease {
        report(&problems, "\(name) is claimed until \(lease), longer than any hook may run (a reminder held back by hand?)")
      }
    }
    for key in recorded.keys.sorted().prefix(3) { report(&problems, "hook delivery \(key) was enqueued but is missing (deleted by hand)") }
    var unsent = try recordedUnsentNotices()
    for row in try connection.query("SELECT timer_key, task_key, status, fire_at, recorded_at FROM notices ORDER BY timer_key") {
      let key = row[0].text ?? ""
      let status = row[2].text ?? ""
      if status == "recorded" {
        guard let event = notices[key] else {
          report(&problems, "notice \(key) is marked recorded but no event records it")
          continue
        }
        if event.task != row[1].text || event.recordedAt != row[4].text || (firedAt[key].map { $0 != row[3].text } ?? false) {
          report(&problems, "notice \(key): its task, time or firing time is not what its event and delivery say (edited by hand)")
        }
        continue
      }
      guard let change = unsent.removeValue(forKey: key), change.status == status else {
        report(&problems, "notice \(key) is marked \(status) but the log never recorded it so (a reminder silenced by hand?)")
        continue
      }
      let json = change.change.json
      if change.change.recordedAt != row[4].text || (json?["task"]?.stringValue).map({ $0 != row[1].text }) ?? false
        || (json?["fireAt"]?.stringValue).map({ $0 != row[3].text }) ?? false
      {
        report(&problems, "notice \(key): its task, time or firing time is not what the log recorded (edited by hand)")
      }
    }
    for key in unsent.keys.sorted().prefix(3) {
      report(&problems, "notice \(key) was recorded as not sent but its row is missing (deleted by hand)")
    }
    return problems
  }

  /// Timers and deadlines are planned from each task's state: a timer the plan does not give was put there by
  /// hand, a planned one missing was taken away; each deadline row is what the state gives at the moment the
  /// row was counted (`as_of`).
  func auditTimersAndDeadlines(lastRecorded: [String: String]) throws -> [String] {
    var problems: [String] = []
    // Deadlines are counted when their task last changed, or again when a calendar was loaded after that.
    let calendarLoads = Set(try registryChanges(Self.configRegistryKey).filter { $0.kind == "calendar.loaded" }.map(\.recordedAt))
    let handled = Set(try connection.query("SELECT timer_key FROM notices").compactMap { $0.first?.text })
    var stored: [String: Set<String>] = [:]
    for row in try connection.query("SELECT task_key, key, fire_at, recipients, deadline_id, occurrence, kind, step, due_date FROM timers")
    {
      stored[row[0].text ?? "", default: []].insert(
        Self.describeTimer(
          key: row[1].text ?? "", fireAt: row[2].text ?? "", recipients: row[3].text ?? "", deadline: row[4].text ?? "",
          occurrence: row[5].integer ?? -1, kind: row[6].text ?? "", step: row[7].integer ?? -1, due: row[8].text ?? ""))
    }
    var storedDue: [String: (asOf: String?, rows: Set<String>)] = [:]
    for row in try connection.query("SELECT task_key, deadline_id, occurrence, due_date, phase, missed, as_of, workflow FROM deadlines") {
      let task = row[0].text ?? ""
      storedDue[task, default: (row[6].text, [])].rows.insert(
        "\(row[7].text ?? "-")/\(row[1].text ?? "")#\(row[2].integer ?? 0)@\(row[3].text ?? "-") \(row[4].text ?? "") missed \(row[5].integer ?? 0)"
      )
      if storedDue[task]?.asOf != row[6].text { report(&problems, "task \(task): its deadlines were not all counted at one time") }
    }
    let now = self.now()
    for task in try readableTasks(into: &problems) {
      guard let engine = try? engine(hash: task.definitionHash) else { continue }
      let calculator = DeadlineCalculator(engine: engine)
      var planned: Set<String> = []
      for status in calculator.statuses(for: task, now: now, explain: false) {
        for t in status.timers where !handled.contains(t.key) {
          planned.insert(
            Self.describeTimer(
              key: t.key, fireAt: Timestamp.format(t.fireAt), recipients: t.recipients.joined(separator: ","), deadline: t.deadlineId,
              occurrence: Int64(t.occurrence), kind: t.kind.rawValue, step: Int64(t.step), due: t.dueDate.description))
        }
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
      let due = storedDue.removeValue(forKey: task.key)
      guard !engine.definition.deadlines.isEmpty else { continue }
      let last = lastRecorded[task.key] ?? ""
      guard let due, let asOfText = due.asOf, let asOf = Timestamp.parseStored(asOfText),
        asOfText == last || (asOfText > last && calendarLoads.contains(asOfText))
      else {
        report(
          &problems,
          "task \(task.key): its deadlines are missing, or were not counted when the task last changed (run 'stflow audit rebuild')")
        continue
      }
      var want: Set<String> = []
      for s in calculator.statuses(for: task, now: asOf, explain: false) {
        want.insert(
          "\(task.workflowId)/\(s.deadline.id)#\(s.occurrence)@\(s.dueDate?.description ?? "-") \(s.phase.rawValue) missed \(s.missed)")
      }
      if due.rows != want {
        report(
          &problems,
          "task \(task.key): its stored deadlines (\(due.rows.subtracting(want).sorted().prefix(2).joined(separator: ", "))) are not what its events give (run 'stflow audit rebuild')"
        )
      }
    }
    for (key, timers) in stored.sorted(by: { $0.key < $1.key }) {
      report(&problems, "\(timers.count) timer(s) for task \(key), which does not exist")
    }
    for key in storedDue.keys.sorted().prefix(3) { report(&problems, "deadlines for task \(key), which does not exist") }
    return problems
  }

  static func describeTimer(
    key: String, fireAt: String, recipients: String, deadline: String, occurrence: Int64, kind: String, step: Int64, due: String
  ) -> String {
    "\(key) (\(deadline)#\(occurrence) \(kind) step \(step), due \(due)) at \(fireAt) to \(recipients)"
  }
}
