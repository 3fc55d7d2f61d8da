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
      do {
        let e = try decodeEvent(row).event
        folded[key] = try Engine.evolve(folded[key], e)
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
    for task in try tasks() {
      report.tasksChecked += 1
      if folded[task.key] != task {
        report.problems.append("task \(task.key): the projection does not match its events (run 'stflow audit rebuild')")
      }
      folded.removeValue(forKey: task.key)
    }
    for key in folded.keys.sorted() { report.problems.append("task \(key): has events but no projection (run 'stflow audit rebuild')") }
    return report
  }

  /// Rebuilds every task projection from the events, in one transaction. Returns the number of tasks.
  @discardableResult
  public func rebuildProjections() throws -> Int {
    recentTasks.removeAll()
    return try transaction {
      var folded: [String: TaskState] = [:]
      for row in try connection.query("SELECT \(EventStore.eventColumns) FROM events ORDER BY seq") {
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
      for state in folded.values {
        try saveProjection(state)
        try recordDeadlines(of: state, engine: try engine(hash: state.definitionHash), now: now())
      }
      return folded.count
    }
  }
}
