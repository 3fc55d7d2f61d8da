import Foundation
import Testing

@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

@Suite struct AuditTests {
  /// A store with two tasks and a dozen events, and the append-only triggers removed so a test can
  /// tamper as an attacker with file access would.
  func tamperable(_ backend: Backend) throws -> StoreHarness {
    let h = try StoreHarness(backend)
    try h.activeTask("G-1")
    try h.activeTask("G-2")
    for i in 0..<3 {
      try h.store.execute(.fire(transition: "note", fields: [:], comment: "n\(i)"), taskKey: "G-1", actorName: "lan")
    }
    let on = backend == .sqlite ? "" : " ON events"
    try h.store.connection.execute("DROP TRIGGER events_append_only_update\(on); DROP TRIGGER events_append_only_delete\(on)")
    return h
  }

  /// Puts the append-only triggers back, as a careful attacker would after tampering.
  func restore(_ h: StoreHarness) throws { try h.store.connection.execute(Schema.appendOnlyTriggers(h.store.connection.dialect)) }

  @Test(arguments: Backend.allCases) func anUntouchedLogVerifies(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try restore(h)
    let report = try h.store.verify()
    #expect(report.isIntact, "\(report.problems)")
    #expect(report.eventsChecked == 14)  // the workflow made current, four people registered, nine task events
    #expect(report.tasksChecked == 2)
  }

  @Test(arguments: Backend.allCases) func eventsCannotBeChangedThroughSQLWhileTheTriggersStand(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.activeTask()
    #expect(throws: StoreError.self) { try h.store.transaction { try h.store.connection.execute("UPDATE events SET actor = 'x'") } }
    #expect(throws: StoreError.self) { try h.store.transaction { try h.store.connection.execute("DELETE FROM events") } }
  }

  @Test(arguments: Backend.allCases) func anEditedEventIsDetected(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try h.store.connection.execute("UPDATE events SET actor = 'mallory' WHERE seq = 9")
    let report = try h.store.verify()
    #expect(report.problems.contains { $0.hasPrefix("event #9") && $0.contains("edited") })
  }

  @Test(arguments: Backend.allCases) func anEditedPayloadIsDetected(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try h.store.connection.execute("UPDATE events SET payload = replace(payload, '900', '9000') WHERE seq = 7")
    #expect(try h.store.verify().problems.contains { $0.hasPrefix("event #7") && $0.contains("edited") })
  }

  @Test(arguments: Backend.allCases) func aDeletedEventIsDetected(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try h.store.connection.execute("DELETE FROM events WHERE seq = 10")
    let problems = try h.store.verify().problems
    #expect(problems.contains { $0.contains("events 10…10 are missing") })
    #expect(problems.contains { $0.hasPrefix("event #11") && $0.contains("link to the previous event is broken") })
  }

  @Test(arguments: Backend.allCases) func reorderedEventsAreDetected(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try h.store.connection.execute(
      "UPDATE events SET seq = 100 WHERE seq = 12; UPDATE events SET seq = 12 WHERE seq = 13; UPDATE events SET seq = 13 WHERE seq = 100")
    let problems = try h.store.verify().problems
    #expect(problems.contains { $0.hasPrefix("event #12") && $0.contains("broken") })
  }

  @Test(arguments: Backend.allCases) func removingTheLastEventIsDetected(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try h.store.connection.execute("DELETE FROM events WHERE seq = 14")
    #expect(try h.store.verify().problems.contains { $0.contains("events were removed from the end") })
  }

  @Test(arguments: Backend.allCases) func aTamperedProjectionIsDetectedAndRebuilt(_ backend: Backend) throws {
    let h = try tamperable(backend)
    let good = try h.store.task(key: "G-2")
    try h.store.connection.execute("UPDATE tasks SET state = 'done' WHERE key = 'G-2'")
    try restore(h)
    let problems = try h.store.verify().problems
    #expect(problems.first == "task G-2: the projection does not match its events (run 'stflow audit rebuild')")
    #expect(problems.contains { $0.hasPrefix("task G-2: its state says 'done' but its events give") })
    #expect(problems.allSatisfy { $0.hasPrefix("task G-2:") })
    #expect(try h.store.rebuildProjections() == 2)
    #expect(try h.store.task(key: "G-2") == good)
    #expect(try h.store.verify().isIntact)
  }

  /// Rewrites the chain from `seq` on as an attacker who can write the database would: every hash
  /// recomputed, the head moved, so that the plain verification finds nothing.
  func rehash(_ h: StoreHarness, from seq: Int64) throws {
    let rows = try h.store.connection.query("SELECT \(EventStore.eventColumns) FROM events WHERE seq >= ? ORDER BY seq", [.integer(seq)])
    var prev = try h.store.connection.scalar("SELECT hash FROM events WHERE seq = ?", [.integer(seq - 1)])?.text ?? EventStore.genesisHash
    for r in rows {
      let canonical = EventStore.canonical(
        seq: r[0].integer ?? 0, key: r[1].text ?? "", version: r[2].integer ?? 0, kind: r[3].text ?? "", payload: r[4].text ?? "",
        actor: r[5].text ?? "", effectiveAt: r[6].text ?? "", recordedAt: r[7].text ?? "", definitionHash: r[8].text ?? "",
        requestId: r[9].text)
      let hash = EventStore.link(prev: prev, canonical: canonical)
      try h.store.connection.query("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", [.text(prev), .text(hash), r[0]])
      prev = hash
    }
    try h.store.connection.query("UPDATE chain_head SET hash = ? WHERE id = 1", [.text(prev)])
  }

  @Test(arguments: Backend.allCases) func aRewrittenAndRehashedHistoryIsCaughtOnlyByTheAnchor(_ backend: Backend) throws {
    let h = try tamperable(backend)
    let key = Array(repeating: UInt8(7), count: 32)
    let anchor = try h.store.anchor(key: key)
    #expect(anchor.seq == 14)
    #expect(try h.store.check(anchor: anchor, key: key).isEmpty)
    // The attacker changes who fired event 4 and re-hashes everything after it (projections too).
    try h.store.connection.execute("UPDATE events SET actor = 'mallory' WHERE seq = 9")
    try rehash(h, from: 9)
    _ = try h.store.rebuildProjections()
    try restore(h)
    #expect(try h.store.verify().isIntact)  // the chain alone cannot tell
    let problems = try h.store.check(anchor: anchor, key: key)
    #expect(problems.contains { $0.contains("event #14") && $0.contains("rewritten") })
    // Nor can the attacker make a new anchor without the key, or alter the old one.
    #expect(!(try h.store.check(anchor: try h.store.anchor(key: Array(repeating: 8, count: 32)), key: key)).isEmpty)
    let altered = ChainAnchor(text: anchor.description.replacingOccurrences(of: anchor.hash, with: try h.store.anchor(key: key).hash))
    #expect(try h.store.check(anchor: try #require(altered), key: key).contains { $0.contains("signature does not match") })
  }

  @Test(arguments: Backend.allCases) func droppedTriggersAreReported(_ backend: Backend) throws {
    let h = try tamperable(backend)
    let problems = try h.store.verify().problems
    #expect(problems.contains { $0.contains("events_append_only_update") && $0.contains("missing") })
  }

  @Test(arguments: Backend.allCases) func everyOtherTableIsExplainedByTheEvents(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try restore(h)
    let store = h.store
    try store.connection.execute(
      """
      UPDATE definitions SET source = replace(source, '"grant"', '"grant2"');
      INSERT INTO outbox(idempotency_key, task_key, kind, payload, status, next_attempt_at, created_at)
        VALUES ('forged', 'G-1', 'deadline.missed', '{}', 'pending', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      INSERT INTO notices(timer_key, task_key, status, fire_at, recorded_at) VALUES ('G-1|x|recorded', 'G-1', 'recorded', '2026-01-01', '2026-01-01');
      INSERT INTO timers(key, task_key, deadline_id, occurrence, kind, step, fire_at, due_date, recipients)
        VALUES ('G-9|ghost', 'G-9', 'ghost', 1, 'missed', 0, '2026-01-01T00:00:00.000Z', '2026-01-01', '');
      INSERT INTO requests(request_id, task_key, digest, first_seq, last_seq) VALUES ('r-forged', 'G-2', 'x', 1, 3);
      """)
    let problems = try store.verify().problems.joined(separator: "\n")
    #expect(problems.contains("definition grant revision 1: its content does not match its hash"))
    #expect(problems.contains("hook delivery #1 for task G-1 follows from no notice"))
    #expect(problems.contains("notice G-1|x|recorded is marked recorded but no event records it"))
    #expect(problems.contains("timer(s) for task G-9, which does not exist"))
    #expect(problems.contains("request id 'r-forged' (task G-2) points at events that are not that request's"))
  }

  @Test(arguments: Backend.allCases) func anAnchorIsReadBackFromItsText(_ backend: Backend) throws {
    let h = try tamperable(backend)
    let anchor = try h.store.anchor(key: Array(repeating: 1, count: 32))
    #expect(ChainAnchor(text: anchor.description) == anchor)
    #expect(ChainAnchor(text: "stflow-anchor v1 seq=1") == nil)
    #expect(ChainAnchor(text: anchor.description.replacingOccurrences(of: "seq=14", with: "seq=-1")) == nil)
  }

  @Test(arguments: Backend.allCases) func whoHoldsWhichRoleIsRecordedAndEditsAreCaught(_ backend: Backend) throws {
    let h = try tamperable(backend)
    try restore(h)
    // Registered by the harness (no admin yet, so "bootstrap"), each a change in the chain.
    let changes = try h.store.connection.query("SELECT kind, actor, payload FROM events WHERE task_key = '@actors' ORDER BY seq")
    #expect(changes.count == 4)
    #expect(changes.allSatisfy { $0[0].text == "actor.registered" && $0[1].text == "bootstrap" })
    try h.store.addActor(Actor(name: "root", roles: ["admin"]), by: nil)
    try h.store.addActor(Actor(name: "lan", roles: ["manager", "approver"]), by: "root")
    let last = try #require(
      try h.store.connection.query("SELECT kind, actor FROM events WHERE task_key = '@actors' ORDER BY seq DESC LIMIT 1").first)
    #expect(last[0].text == "actor.changed" && last[1].text == "root")
    #expect(try h.store.verify().isIntact)
    // Granting a role by editing the table is caught, and rebuild restores what the log says.
    try h.store.connection.execute("UPDATE actors SET roles = 'admin,manager' WHERE name = 'mai'")
    #expect(try h.store.verify().problems.contains { $0.contains("actor mai") && $0.contains("edited by hand") })
    _ = try h.store.rebuildProjections()
    #expect(try h.store.actor(named: "mai")?.roles == ["clerk"])
    try h.store.connection.execute("INSERT INTO actors(name, roles, added_at) VALUES ('ghost', 'admin', '2026-01-01')")
    #expect(try h.store.verify().problems.contains { $0.contains("actor ghost") && $0.contains("no change in the log") })
  }

  @Test(arguments: Backend.allCases) func peopleRegisteredBeforeTheLogRecordedThemAreAdoptedOnce(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    // A database from before: a person in the table, no change in the log.
    try h.store.connection.execute(
      "INSERT INTO actors(name, roles, added_at) VALUES ('old.hand', 'manager', '2025-01-01'); DELETE FROM meta WHERE key = 'registries.adopted'"
    )
    let reopened = try h.reopened()
    let adopted = try reopened.connection.query("SELECT actor FROM events WHERE task_key = '@actors' AND payload LIKE '%old.hand%'")
    #expect(adopted.map { $0[0].text } == ["migration"])
    #expect(try reopened.verify().isIntact)
    _ = try h.reopened()  // a second open adopts nothing more
    #expect(try reopened.connection.scalar("SELECT COUNT(*) FROM events WHERE payload LIKE '%old.hand%'")?.integer == 1)
  }
}
