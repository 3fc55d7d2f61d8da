import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// A database written by an earlier stflow is brought up to date when it is opened, its rows kept.
@Suite struct SchemaUpgradeTests {
  /// Migration 11 gives each deadline row its task's workflow and indexes the running ones for `stflow due`: a
  /// database at version 10 lists the same deadlines, now filtered by workflow from the row itself.
  @Test(arguments: Backend.allCases) func aVersion10DatabaseListsItsDeadlinesAfterTheUpgrade(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    let root = URL(fileURLWithPath: fixture).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    try h.store.loadCalendar(
      try JSONParser.parse(
        bytes: Array(FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data())))
    try h.store.loadDefinition(
      try DefinitionLoader.load(file: root.appendingPathComponent("Tests/Fixtures/deadlines.json").path), by: "test")
    try h.store.addActor(Actor(name: "an", roles: ["applicant"]), by: nil)
    for (key, submitted) in [("R-1", "2026-03-02"), ("R-2", "2026-02-02")] {
      try h.store.execute(.create(key: key, fields: ["title": .string("Bí thơm")]), taskKey: key, workflow: "review", actorName: "lan")
      try h.store.execute(
        .fire(transition: "submit", fields: ["submittedOn": h.date(submitted)], comment: nil), taskKey: key, actorName: "an")
    }
    let before = try h.store.dueItems(until: nil)
    #expect(before.map(\.taskKey) == ["R-2", "R-1"])
    #expect(before.allSatisfy { $0.workflow == "review" })

    // Back to version 10's shape: no workflow column, the old index.
    let c = h.store.connection
    try c.execute("DROP INDEX deadlines_running")
    try c.execute("ALTER TABLE deadlines DROP COLUMN workflow")
    try c.execute("CREATE INDEX deadlines_by_due ON deadlines (due_date) WHERE phase IN ('pending', 'overdue')")
    try Schema.setVersion(10, of: c)

    let upgraded = try h.reopened()
    #expect(try Schema.version(of: upgraded.connection) == EventStore.schemaVersion)
    let after = try upgraded.dueItems(until: nil)
    #expect(after.map(\.taskKey) == before.map(\.taskKey))
    #expect(after.map(\.dueDate) == before.map(\.dueDate))
    #expect(after.allSatisfy { $0.workflow == "review" })
    #expect(try upgraded.dueItems(until: nil, workflow: "review").count == before.count)
    #expect(try upgraded.dueItems(until: nil, workflow: "grant").isEmpty)
    #expect(try upgraded.dueItems(until: before[0].dueDate).map(\.taskKey) == ["R-2"])
  }
}
