import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

@Suite struct EventStoreTests {
  @Test func theDatabaseIsInWALModeWithFullSync() throws {
    let h = try StoreHarness()
    #expect(try h.store.connection.scalar("PRAGMA journal_mode")?.text == "wal")
    #expect(try h.store.connection.scalar("PRAGMA synchronous")?.integer == 2)
    #expect(try h.store.connection.scalar("PRAGMA user_version")?.integer == Int64(EventStore.schemaVersion))
  }

  @Test func onPostgreSQLCommitsWaitForTheDiskAndTheSchemaIsCurrent() throws {
    let h = try StoreHarness(.postgresql)
    #expect(h.store.connection.dialect == .postgresql)
    #expect(try h.store.connection.scalar("SHOW synchronous_commit")?.text == "on")
    #expect(try h.store.connection.scalar("SELECT version FROM stflow_schema")?.integer == Int64(EventStore.schemaVersion))
    // Text is ordered byte by byte, as SQLite orders it: keys list the same on both backends.
    #expect(
      try h.store.connection.query("SELECT x FROM (VALUES ('b'), ('B'), ('a')) v(x) ORDER BY x COLLATE \"C\"").map { $0[0].text } == [
        "B", "a", "b",
      ])
  }

  @Test(arguments: Backend.allCases) func commandsPersistAcrossReopening(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    let t = try h.activeTask()
    let reopened = try h.reopened()
    #expect(try reopened.task(key: "G-1") == t)
    let history = try reopened.history(key: "G-1")
    #expect(history.map(\.event.payload.kind) == ["task.created", "transition.fired", "transition.fired"])
    #expect(history.map(\.event.actor) == ["lan", "lan", "hung"])
  }

  @Test(arguments: Backend.allCases) func effectiveAndRecordedTimesAreBothKept(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    let at = Timestamp.parse("2026-01-15T08:00:00+07:00", in: TimeZone(secondsFromGMT: 0)!)!
    try h.store.execute(
      .create(key: "G-1", fields: ["title": .string("x")]), taskKey: "G-1", workflow: "grant", actorName: "lan", effectiveAt: at)
    let e = try #require(try h.store.history(key: "G-1").first).event
    #expect(e.effectiveAt == at)
    #expect(e.recordedAt == h.clock.now())
  }

  /// A command that gives several events (the rating, then the automatic transition it enables) links them one
  /// after another in its one transaction, each on the one before.
  @Test(arguments: Backend.allCases) func aCommandsSeveralEventsAreChainedOneAfterAnother(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.activeTask()
    let before = try h.store.chainHead()
    let outcome = try h.store.execute(
      .fire(transition: "rate", fields: ["rating": .string("a")], comment: nil), taskKey: "G-1", actorName: "hung")
    #expect(outcome.events.count == 2)
    #expect(outcome.task.state == "done")
    let recorded = try h.store.history(key: "G-1").suffix(2)
    #expect(recorded.map(\.seq) == [before.seq + 1, before.seq + 2])
    #expect(try h.store.chainHead() == (before.seq + 2, recorded.last?.hash ?? ""))
    #expect(try h.store.verify().isIntact)
  }

  @Test(arguments: Backend.allCases) func aRefusedCommandWritesNothing(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.activeTask()
    let before = try h.dump()
    #expect(throws: Rejection.self) {
      try h.store.execute(.fire(transition: "submit", fields: [:], comment: nil), taskKey: "G-1", actorName: "lan")
    }
    #expect(throws: Rejection.self) {
      try h.store.execute(.fire(transition: "report", fields: ["score": .integer(50)], comment: nil), taskKey: "G-1", actorName: "mai")
    }
    #expect(throws: StoreError.self) {
      try h.store.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: "G-404", actorName: "lan")
    }
    #expect(throws: StoreError.self) {
      try h.store.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: "G-1", actorName: "ghost")
    }
    #expect(throws: Rejection.self) {
      try h.store.execute(.set(fields: ["investigator": .string("ghost")], comment: nil), taskKey: "G-1", actorName: "lan")
    }
    #expect(try h.dump() == before)
  }

  @Test(arguments: Backend.allCases) func aRepeatedRequestIdWritesNothingNew(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.activeTask()
    let first = try h.store.execute(
      .fire(transition: "note", fields: [:], comment: "a"), taskKey: "G-1", actorName: "lan", requestId: "req-1")
    let count = try h.store.eventCount()
    let again = try h.store.execute(
      .fire(transition: "note", fields: [:], comment: "a"), taskKey: "G-1", actorName: "lan", requestId: "req-1")
    #expect(again.replayed)
    #expect(!first.replayed)
    #expect(again.events == first.events)
    #expect(try h.store.eventCount() == count)
    do {
      try h.store.execute(.fire(transition: "note", fields: [:], comment: "b"), taskKey: "G-1", actorName: "lan", requestId: "req-1")
      Issue.record("a reused request id must be refused")
    } catch let r as Rejection {
      #expect(r.rule == .requestReused)
    }
  }

  @Test(arguments: Backend.allCases) func aChangedDefinitionBecomesANewRevisionAndTasksStayPinned(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    let t = try h.activeTask()
    let original = try DefinitionLoader.load(file: fixture)
    let (same, isNew) = try h.store.loadDefinition(original, by: "test")
    #expect(!isNew)
    #expect(same.revision == 1)
    let text = try String(contentsOfFile: fixture, encoding: .utf8).replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2")
    let (changed, changedIsNew) = try h.store.loadDefinition(try DefinitionLoader.load(text: text), by: "test")
    #expect(changedIsNew)
    #expect(changed.revision == 2)
    #expect(changed.hash != same.hash)
    #expect(try h.store.task(key: "G-1")?.definitionHash == t.definitionHash)
    let fresh = try h.store.execute(
      .create(key: "G-2", fields: ["title": .string("y")]), taskKey: "G-2", workflow: "grant", actorName: "lan")
    #expect(fresh.task.definitionHash == changed.hash)
    #expect(try h.store.history(key: "G-1").allSatisfy { $0.event.definitionHash == same.hash })
  }

  @Test(arguments: Backend.allCases) func onlyAnAdminManagesActorsOnceThereIsOne(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.store.addActor(Actor(name: "root", roles: ["admin"]), by: nil)
    #expect(throws: StoreError.self) { try h.store.addActor(Actor(name: "x", roles: ["manager"]), by: "lan") }
    try h.store.addActor(Actor(name: "x", roles: ["manager"]), by: "root")
    #expect(try h.store.actor(named: "x")?.roles == ["manager"])
  }

  @Test(arguments: Backend.allCases) func listsFilterByWorkflowAndState(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.activeTask("G-1")
    try h.store.execute(.create(key: "G-2", fields: ["title": .string("y")]), taskKey: "G-2", workflow: "grant", actorName: "lan")
    #expect(try h.store.tasks().map(\.key) == ["G-1", "G-2"])
    #expect(try h.store.tasks(state: "draft").map(\.key) == ["G-2"])
    #expect(try h.store.tasks(workflow: "other").isEmpty)
  }
}
