import Foundation
import Testing

@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// `store copy` moves a store between the backends with everything in it and the hash chain intact.
@Suite struct StoreCopyTests {
  /// Every row of every table of `store`, in a stable order: equal dumps mean equal stores.
  func dump(_ store: EventStore) throws -> String {
    var out = ""
    for table in try store.tableNames() {
      for row in try store.connection.query("SELECT * FROM \(table) ORDER BY 1, 2") { out += "\(table): \(row)\n" }
    }
    return out
  }

  @Test func aStoreCopiedToPostgreSQLAndBackIsTheSameStoreRowForRow() throws {
    let original = try BatchTests.harness(.sqlite)
    for c in BatchTests.commands() {
      try original.store.execute(c.command, taskKey: c.taskKey, workflow: c.workflow, actorName: c.actorName, effectiveAt: c.effectiveAt)
    }
    // Notices and hook deliveries in the outbox too.
    original.clock.set(Timestamp.parse("2027-06-01T09:00:00+07:00", in: .vietnam)!)
    #expect(try !original.store.processDueTimers(now: original.clock.now()).isEmpty)
    let postgres = try StoreHarness.empty(.postgresql)
    let there = try postgres.copy(from: original.store)
    #expect(there.verification.isIntact, "\(there.verification.problems)")
    #expect(there.chainHead == (try original.store.chainHead()))
    #expect(there.rows.first { $0.table == "outbox" }?.count ?? 0 > 0)
    let back = try StoreHarness.empty(.sqlite)
    #expect(try back.copy(from: postgres).verification.isIntact)
    let before = try dump(original.store)
    #expect(before.components(separatedBy: "\nevents: ").count > 100)
    #expect(try dump(back) == before)
    #expect(try dump(postgres) == before)
    // The copy carries on: a new command extends the same chain, a new delivery gets the next number.
    try postgres.execute(.fire(transition: "note", fields: [:], comment: "sau khi chuyển"), taskKey: "G-1", actorName: "lan")
    #expect(try postgres.verify().isIntact)
    #expect(try postgres.chainHead().seq == (try original.store.chainHead().seq) + 1)
  }

  @Test(arguments: Backend.allCases) func aCopyIntoADatabaseThatHoldsDataIsRefusedAndWritesNothing(_ backend: Backend) throws {
    let source = try StoreHarness(.sqlite)
    try source.activeTask()
    let target = try StoreHarness(backend)
    try target.activeTask("G-9")
    let before = try dump(target.store)
    #expect(throws: StoreError.self) { try target.store.copy(from: source.store) }
    #expect(try dump(target.store) == before)
  }
}
