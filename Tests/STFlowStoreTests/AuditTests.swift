import Foundation
import Testing

@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

@Suite struct AuditTests {
  /// A store with two tasks and a dozen events, and the append-only triggers removed so a test can
  /// tamper as an attacker with file access would.
  func tamperable() throws -> StoreHarness {
    let h = try StoreHarness()
    try h.activeTask("G-1")
    try h.activeTask("G-2")
    for i in 0..<3 {
      try h.store.execute(.fire(transition: "note", fields: [:], comment: "n\(i)"), taskKey: "G-1", actorName: "lan")
    }
    try h.store.connection.execute("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete")
    return h
  }

  @Test func anUntouchedLogVerifies() throws {
    let h = try tamperable()
    let report = try h.store.verify()
    #expect(report.isIntact, "\(report.problems)")
    #expect(report.eventsChecked == 9)
    #expect(report.tasksChecked == 2)
  }

  @Test func eventsCannotBeChangedThroughSQLWhileTheTriggersStand() throws {
    let h = try StoreHarness()
    try h.activeTask()
    #expect(throws: StoreError.self) { try h.store.transaction { try h.store.connection.execute("UPDATE events SET actor = 'x'") } }
    #expect(throws: StoreError.self) { try h.store.transaction { try h.store.connection.execute("DELETE FROM events") } }
  }

  @Test func anEditedEventIsDetected() throws {
    let h = try tamperable()
    try h.store.connection.execute("UPDATE events SET actor = 'mallory' WHERE seq = 4")
    let report = try h.store.verify()
    #expect(report.problems.contains { $0.hasPrefix("event #4") && $0.contains("edited") })
  }

  @Test func anEditedPayloadIsDetected() throws {
    let h = try tamperable()
    try h.store.connection.execute("UPDATE events SET payload = replace(payload, '900', '9000') WHERE seq = 2")
    #expect(try h.store.verify().problems.contains { $0.hasPrefix("event #2") && $0.contains("edited") })
  }

  @Test func aDeletedEventIsDetected() throws {
    let h = try tamperable()
    try h.store.connection.execute("DELETE FROM events WHERE seq = 5")
    let problems = try h.store.verify().problems
    #expect(problems.contains { $0.contains("events 5…5 are missing") })
    #expect(problems.contains { $0.hasPrefix("event #6") && $0.contains("link to the previous event is broken") })
  }

  @Test func reorderedEventsAreDetected() throws {
    let h = try tamperable()
    try h.store.connection.execute(
      "UPDATE events SET seq = 100 WHERE seq = 7; UPDATE events SET seq = 7 WHERE seq = 8; UPDATE events SET seq = 8 WHERE seq = 100")
    let problems = try h.store.verify().problems
    #expect(problems.contains { $0.hasPrefix("event #7") && $0.contains("broken") })
  }

  @Test func removingTheLastEventIsDetected() throws {
    let h = try tamperable()
    try h.store.connection.execute("DELETE FROM events WHERE seq = 9")
    #expect(try h.store.verify().problems.contains { $0.contains("events were removed from the end") })
  }

  @Test func aTamperedProjectionIsDetectedAndRebuilt() throws {
    let h = try tamperable()
    let good = try h.store.task(key: "G-2")
    try h.store.connection.execute("UPDATE tasks SET state = 'done' WHERE key = 'G-2'")
    #expect(try h.store.verify().problems == ["task G-2: the projection does not match its events (run 'stflow audit rebuild')"])
    #expect(try h.store.rebuildProjections() == 2)
    #expect(try h.store.task(key: "G-2") == good)
    #expect(try h.store.verify().isIntact)
  }
}
