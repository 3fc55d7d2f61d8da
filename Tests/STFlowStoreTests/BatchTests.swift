import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// The batch path keeps tasks, the people its commands name and the chain head in memory and writes each
/// task's projection and deadlines once at the end. It must leave exactly the rows that running the same
/// commands one at a time leaves.
@Suite struct BatchTests {
  static let calendar: JSON = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    return (try? JSONParser.parse(bytes: Array(data))) ?? .null
  }()

  /// A harness with the deadline workflow and its calendar too.
  static func harness(_ backend: Backend) throws -> StoreHarness {
    let h = try StoreHarness(backend)
    try h.store.loadCalendar(calendar)
    let review = fixture.replacingOccurrences(of: "grant.json", with: "deadlines.json")
    try h.store.loadDefinition(try DefinitionLoader.load(file: review), by: "test")
    try h.store.addActor(Actor(name: "an", roles: ["manager", "applicant"]), by: nil)
    return h
  }

  /// Tasks of both workflows taken through several commands each, interleaved, some with deadlines.
  static func commands() -> [EventStore.BatchCommand] {
    var out: [EventStore.BatchCommand] = []
    let day = LocalDate(iso: "2026-01-05")!
    for i in 0..<40 {
      let r = "R-\(i)"
      let g = "G-\(i)"
      out.append(.init(.create(key: r, fields: ["title": .string("Nhiệm vụ \(i)")]), taskKey: r, workflow: "review", actorName: "an"))
      out.append(.init(.create(key: g, fields: ["title": .string("Đề tài \(i)")]), taskKey: g, workflow: "grant", actorName: "lan"))
      out.append(
        .init(
          .fire(transition: "submit", fields: ["submittedOn": .date(day.adding(days: i * 7))], comment: nil), taskKey: r, actorName: "an"))
      out.append(
        .init(
          .fire(transition: "submit", fields: ["budget": .money(900), "cap": .money(1000)], comment: nil), taskKey: g, actorName: "lan"))
      if i % 2 == 0 {
        out.append(
          .init(
            .fire(
              transition: "approve",
              fields: ["start": .date(day.adding(days: i * 7)), "end": .date(day.adding(months: 12 + i % 12))], comment: nil),
            taskKey: r, actorName: "an"))
      }
      if i % 3 == 0 { out.append(.init(.fire(transition: "note", fields: [:], comment: nil), taskKey: g, actorName: "mai")) }
    }
    return out
  }

  static func dump(_ h: StoreHarness) throws -> String {
    var out = try h.dump()
    for table in ["deadlines", "timers", "notices", "outbox"] {
      for row in try h.store.connection.query("SELECT * FROM \(table) ORDER BY 1, 2") { out += "\(table): \(row)\n" }
    }
    return out
  }

  @Test(arguments: Backend.allCases) func aBatchLeavesTheRowsTheSameCommandsOneByOneLeave(_ backend: Backend) throws {
    let one = try Self.harness(backend)
    let batch = try Self.harness(backend)
    let commands = Self.commands()
    for c in commands {
      try one.store.execute(c.command, taskKey: c.taskKey, workflow: c.workflow, actorName: c.actorName, effectiveAt: c.effectiveAt)
    }
    #expect(try batch.store.executeBatch(commands) == commands.count)
    let a = try Self.dump(one)
    let b = try Self.dump(batch)
    #expect(a == b)
    // The comparison is not empty: tasks, deadlines and timers were written.
    #expect(a.components(separatedBy: "\ntasks: ").count > 80)
    #expect(a.contains("deadlines: ") && a.contains("timers: "))
    #expect(try batch.store.verify().problems.isEmpty)
    // Reads after the batch see its tasks (the batch's memory is gone; the projection is read).
    #expect(try batch.store.task(key: "R-0")?.state == "active")
    #expect(try batch.store.task(key: "G-3")?.version == 3)
  }

  @Test(arguments: Backend.allCases) func aRefusedCommandInABatchLeavesNothing(_ backend: Backend) throws {
    let h = try Self.harness(backend)
    let before = try Self.dump(h)
    var commands = Self.commands()
    commands.insert(.init(.fire(transition: "approve", fields: [:], comment: nil), taskKey: "G-1", actorName: "lan"), at: 30)
    #expect(throws: Rejection.self) { try h.store.executeBatch(commands) }
    #expect(try Self.dump(h) == before)
    // A batch after the refused one starts from the database again, not from the refused batch's memory.
    #expect(try h.store.executeBatch(Array(commands.prefix(30))) == 30)
    #expect(try h.store.verify().problems.isEmpty)
  }

  @Test func bothBackendsWriteTheSameRowsAndTheSameChain() throws {
    let sqlite = try Self.harness(.sqlite)
    let postgres = try Self.harness(.postgresql)
    for h in [sqlite, postgres] {
      for c in Self.commands() {
        try h.store.execute(c.command, taskKey: c.taskKey, workflow: c.workflow, actorName: c.actorName, effectiveAt: c.effectiveAt)
      }
    }
    let dump = try Self.dump(sqlite)
    #expect(dump.components(separatedBy: "\nevents: ").count > 100)
    #expect(try Self.dump(postgres) == dump)
    #expect(try postgres.store.verify().problems.isEmpty)
  }
}
