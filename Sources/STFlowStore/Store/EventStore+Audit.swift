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

/// What the walk along the chain learned, for the checks of the other tables.
struct ChainFacts {
  /// Each task folded from its events.
  var folded: [String: TaskState] = [:]
  /// Each notice event by its timer: the task and when it was recorded.
  var notices: [String: (task: String, recordedAt: String)] = [:]
  /// Each request id the events carry: the task and the first and last event.
  var requests: [String: (task: String, first: Int64, last: Int64)] = [:]
  /// When each task's last event was recorded (its deadlines are counted then).
  var lastRecorded: [String: String] = [:]
}

extension EventStore {
  /// Re-walks the hash chain and refolds every task: detects any edited, deleted, inserted or
  /// reordered event, and any projection that no longer matches its events.
  public func verify() throws -> AuditReport {
    // One snapshot: another process writing meanwhile is neither half-seen nor reported as damage.
    do {
      return try connection.readTransaction { try verifySnapshot() }
    } catch let e as DatabaseError {
      throw StoreError.database(e)
    }
  }

  private func verifySnapshot() throws -> AuditReport {
    var report = AuditReport()
    var facts = ChainFacts()
    try walkChain(&report, &facts)
    report.problems += try auditTasks(facts.folded)
    report.problems += try auditPeople()
    report.problems += try auditAccess()
    report.problems += try auditDocuments()
    report.problems += try auditConfiguration()
    report.problems += try auditDefinitions()
    report.problems += try auditRequests(facts.requests)
    report.problems += try auditDeliveriesAndNotices(notices: facts.notices)
    report.problems += try auditTimersAndDeadlines(lastRecorded: facts.lastRecorded)
    report.tasksChecked = facts.folded.count
    return report
  }

  /// Walks the events in order: the sequence, each link, each hash, each task's versions; folds the tasks.
  private func walkChain(_ report: inout AuditReport, _ facts: inout ChainFacts) throws {
    var prev = EventStore.genesisHash
    var expectedSeq: Int64 = 1
    var versions: [String: Int64] = [:]
    let digests = Dictionary(
      try connection.query("SELECT request_id, digest FROM requests").map { ($0[0].text ?? "", $0[1].text ?? "") },
      uniquingKeysWith: { a, _ in a })
    for row in try connection.query("SELECT \(EventStore.eventColumns) FROM events ORDER BY seq") {
      let seq = row[0].integer ?? -1
      let key = row[1].text ?? ""
      let version = row[2].integer ?? -1
      let requestId = row[9].text
      report.eventsChecked += 1
      if seq != expectedSeq {
        report.problems.append("event #\(seq): expected #\(expectedSeq) next; events \(expectedSeq)…\(seq - 1) are missing")
      }
      expectedSeq = seq + 1
      if row[10].text != prev {
        report.problems.append(
          "event #\(seq) (task \(key) v\(version)): its link to the previous event is broken (deleted, inserted or reordered events)")
      }
      func hash(digest: String?) -> String {
        EventStore.link(
          prev: row[10].text ?? "",
          canonical: EventStore.canonical(
            seq: seq, key: key, version: version, kind: row[3].text ?? "", payload: row[4].text ?? "", actor: row[5].text ?? "",
            effectiveAt: row[6].text ?? "", recordedAt: row[7].text ?? "", definitionHash: row[8].text ?? "", requestId: requestId,
            requestDigest: digest))
      }
      // Events recorded before migration 7 chained no request digest.
      let digest = requestId.flatMap { digests[$0] }
      if hash(digest: digest) != row[11].text && (digest == nil || hash(digest: nil) != row[11].text) {
        report.problems.append(
          "event #\(seq) (task \(key) v\(version)): its content does not match its hash (edited"
            + (requestId == nil ? ")" : ", or the digest of its request '\(requestId ?? "")' in requests)"))
      }
      prev = row[11].text ?? ""
      let last = versions[key] ?? 0
      if version != last + 1 {
        report.problems.append("event #\(seq): task \(key) goes from version \(last) to \(version)")
      }
      versions[key] = version
      if let requestId {
        let span = facts.requests[requestId]
        facts.requests[requestId] = (span?.task ?? key, span?.first ?? seq, seq)
        if let span, span.task != key { report.problems.append("event #\(seq): request id '\(requestId)' is used on two tasks") }
      }
      // A registry's change (people, configuration, deliveries, unsent notices): its tables are checked
      // against what the registries record.
      if EventStore.isRegistryKey(key) { continue }
      facts.lastRecorded[key] = row[7].text ?? ""
      do {
        let e = try decodeEvent(row).event
        facts.folded[key] = try Engine.evolve(facts.folded[key], e)
        if case .notice(_, _, _, _, _, let timer, _) = e.payload { facts.notices[timer] = (key, row[7].text ?? "") }
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
    for key in [
      EventStore.actorRegistryKey, EventStore.configRegistryKey, EventStore.outboxRegistryKey, EventStore.noticeRegistryKey,
      EventStore.accessRegistryKey,
    ] {
      for change in try registryChanges(key) where change.json == nil {
        report.problems.append("event #\(change.seq): a change recorded under \(key) cannot be read")
      }
    }
  }

  /// Each task's projection, and each of its columns, must be what its events give.
  private func auditTasks(_ folded: [String: TaskState]) throws -> [String] {
    var problems: [String] = []
    var folded = folded
    let columns = Dictionary(
      try connection.query("SELECT key, workflow, definition_hash, state, version, updated_at FROM tasks").map {
        ($0[0].text ?? "", $0)
      }, uniquingKeysWith: { a, _ in a })
    for task in try readableTasks(into: &problems) {
      let expected = folded.removeValue(forKey: task.key)
      if expected != task {
        report(&problems, "task \(task.key): the projection does not match its events (run 'stflow audit rebuild')")
      }
      if let expected, let row = columns[task.key] {
        let have = [row[1].text, row[2].text, row[3].text, row[4].integer.map(String.init), row[5].text]
        let want = [
          expected.workflowId, expected.definitionHash, expected.state, String(expected.version),
          Timestamp.format(expected.lastEffectiveAt),
        ]
        for (i, name) in ["workflow", "definition_hash", "state", "version", "updated_at"].enumerated() where have[i] != want[i] {
          report(&problems, "task \(task.key): its \(name) says '\(have[i] ?? "")' but its events give '\(want[i])' (edited by hand)")
        }
      }
    }
    for key in folded.keys.sorted() { report(&problems, "task \(key): has events but no projection (run 'stflow audit rebuild')") }
    return problems
  }

  /// Rebuilds every task projection from the events, in one transaction. Returns the number of tasks.
  @discardableResult
  public func rebuildProjections() throws -> Int {
    recentTasks.removeAll()
    return try transaction {
      var folded: [String: TaskState] = [:]
      var lastRecorded: [String: Date] = [:]
      for row in try connection.query("SELECT \(EventStore.eventColumns) FROM events ORDER BY seq") {
        if EventStore.isRegistryKey(row[1].text ?? "") { continue }
        let e: Event
        do {
          e = try decodeEvent(row).event
          folded[e.taskKey] = try Engine.evolve(folded[e.taskKey], e)
          lastRecorded[e.taskKey] = e.recordedAt
        } catch let orphan as Engine.OrphanEvent {
          throw StoreError.corrupt("\(orphan); run 'stflow audit verify' to see the whole damage and restore from a backup")
        } catch {
          throw StoreError.corrupt("event #\(row[0].integer ?? -1): \(error); nothing was rebuilt")
        }
      }
      // Touched, so that another node stops assuming what it last read (see EventStore.init(server:)).
      try connection.run("UPDATE chain_head SET seq = seq WHERE id = 1", [])
      try connection.execute("DELETE FROM tasks")
      let registry = try recordedPeople()
      if !registry.isEmpty {
        try connection.execute("DELETE FROM actors")
        for (_, person) in registry.sorted(by: { $0.key < $1.key }) { try insertActor(person.actor, addedAt: person.addedAt) }
      }
      for state in folded.values {
        try saveProjection(state)
        // Counted as of the task's last change, as when it was recorded live.
        try recordDeadlines(of: state, engine: try engine(hash: state.definitionHash), now: lastRecorded[state.key] ?? now())
      }
      return folded.count
    }
  }

  func report(_ problems: inout [String], _ p: String) { if problems.count < 1000 { problems.append(p) } }

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
