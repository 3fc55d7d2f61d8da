import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// The deadline workflow loaded twice: revision 1, and revision 2 with a shorter deadline and a renamed state.
struct MigrationHarness {
  let h: StoreHarness
  let v1: StoredDefinition
  let v2: StoredDefinition

  init(_ backend: Backend) throws {
    h = try StoreHarness(backend)
    let root = URL(fileURLWithPath: fixture).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let calendar = try JSONParser.parse(
      bytes: Array(FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()))
    try h.store.loadCalendar(calendar)
    let text = try String(contentsOfFile: root.appendingPathComponent("Tests/Fixtures/deadlines.json").path, encoding: .utf8)
    v1 = try h.store.loadDefinition(try DefinitionLoader.load(text: text), by: "test").0
    // Version 2: the decision is due in 10 working days, "waiting" becomes "on_hold", and "suspended" is gone.
    let changed = text.replacingOccurrences(of: "submittedOn + 15wd", with: "submittedOn + 10wd")
      .replacingOccurrences(of: "\"waiting\"", with: "\"on_hold\"")
      .replacingOccurrences(of: "\"suspended\": { \"type\": \"boolean\" }", with: "\"note\": { \"type\": \"string\" }")
      .replacingOccurrences(
        of: "{ \"count\": 2, \"set\": { \"suspended\": true } }", with: "{ \"count\": 2, \"set\": { \"note\": \"suspended\" } }")
    v2 = try h.store.loadDefinition(try DefinitionLoader.load(text: changed), by: "test").0
    try h.store.addActor(Actor(name: "root", roles: ["admin"]), by: nil)
    try h.store.addActor(Actor(name: "an", roles: ["applicant"]), by: "root")
  }

  func submitted(_ key: String) throws {
    try h.store.execute(.create(key: key, fields: ["title": .string("t")]), taskKey: key, workflow: "review", actorName: "lan")
    try h.store.execute(
      .fire(transition: "submit", fields: ["submittedOn": h.date("2026-02-06")], comment: nil), taskKey: key, actorName: "an")
  }
}

@Suite struct MigrationTests {
  @Test(arguments: Backend.allCases) func aDryRunListsTheDeadlinesThatMoveAndWritesNothing(_ backend: Backend) throws {
    let m = try MigrationHarness(backend)
    // New tasks start on the newest revision (m.v2); planning a move back to m.v1 shows what would change.
    try m.submitted("R-1")
    let onV2 = try #require(try m.h.store.task(key: "R-1"))
    #expect(onV2.definitionHash == m.v2.hash)
    let before = try m.h.dump()
    let plan = try m.h.store.planMigration(key: "R-1", to: m.v1, stateMap: [:], now: m.h.clock.now())
    #expect(plan.isPossible)
    #expect(
      plan.deadlineChanges == [
        "decision: 2026-02-27 → 2026-03-06 (rule changed from 'submittedOn + 10wd' to 'submittedOn + 15wd'; overdue → pending)"
      ])
    #expect(try m.h.dump() == before)
  }

  @Test(arguments: Backend.allCases) func aStateThatNoLongerExistsMustBeMapped(_ backend: Backend) throws {
    let m = try MigrationHarness(backend)
    try m.submitted("R-1")
    try m.h.store.execute(.fire(transition: "ask", fields: [:], comment: nil), taskKey: "R-1", actorName: "lan")  // on_hold in m.v2
    let plan = try m.h.store.planMigration(key: "R-1", to: m.v1, stateMap: [:], now: m.h.clock.now())
    #expect(plan.problems == ["state 'on_hold' does not exist in revision 1: map it with --map on_hold=NEW"])
    #expect(throws: Rejection.self) { try m.h.store.migrate(keys: ["R-1"], to: m.v1, stateMap: [:], actorName: "root") }
    let moved = try m.h.store.migrate(keys: ["R-1"], to: m.v1, stateMap: ["on_hold": "waiting"], actorName: "root")
    #expect(moved.first?.toState == "waiting")
    let task = try #require(try m.h.store.task(key: "R-1"))
    #expect(task.state == "waiting")
    #expect(task.definitionHash == m.v1.hash)
    #expect(try m.h.store.history(key: "R-1").last?.event.payload.kind == "task.migrated")
    #expect(try m.h.store.verify().isIntact)
    #expect(try m.h.store.rebuildProjections() >= 1)
    #expect(try m.h.store.task(key: "R-1") == task)
  }

  @Test(arguments: Backend.allCases) func onlyAnAdminMigratesAndAllOrNothing(_ backend: Backend) throws {
    let m = try MigrationHarness(backend)
    try m.submitted("R-1")
    try m.submitted("R-2")
    try m.h.store.execute(.fire(transition: "ask", fields: [:], comment: nil), taskKey: "R-2", actorName: "lan")
    let before = try m.h.dump()
    #expect(throws: StoreError.self) { try m.h.store.migrate(keys: ["R-1"], to: m.v1, stateMap: [:], actorName: "lan") }
    // R-2 cannot move without a mapping, so R-1 does not move either.
    #expect(throws: Rejection.self) { try m.h.store.migrate(keys: ["R-1", "R-2"], to: m.v1, stateMap: [:], actorName: "root") }
    #expect(try m.h.dump() == before)
  }
}
