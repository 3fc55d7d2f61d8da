import Foundation
import Synchronization
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// On PostgreSQL a node's command after its own last command assumes what that one read (the actor, the task's
/// version) and goes to the server once; anything written since by another node — a command, a change of roles, an
/// audit rebuild — is caught by the guard on the chain's head, and the command runs again, asking.
@Suite struct AssumedReadTests {
  private let note = Command.fire(transition: "note", fields: [:], comment: nil)

  /// The harness's store (node A) and a second store on the same database (node B).
  private func twoNodes() throws -> (h: StoreHarness, a: EventStore, b: EventStore, pg: PostgresConnection) {
    let h = try StoreHarness(.postgresql)
    let b = try EventStore(location: h.path, clock: h.clock)
    let pg = try #require(h.store.connection as? PostgresConnection)
    try h.store.execute(.create(key: "G-1", fields: ["title": .string("Bí thơm")]), taskKey: "G-1", workflow: "grant", actorName: "lan")
    return (h, h.store, b, pg)
  }

  @Test func aCommandAfterTheNodesOwnCommandGoesToTheServerOnce() throws {
    let (_, a, _, pg) = try twoNodes()
    try a.execute(note, taskKey: "G-1", actorName: "lan")
    for version in 3...5 {
      let before = pg.roundTrips
      let outcome = try a.execute(note, taskKey: "G-1", actorName: "lan")
      #expect(pg.roundTrips - before == 1)
      #expect(outcome.task.version == version)
    }
    #expect(try a.verify().isIntact)
  }

  @Test func aCommandOfAnotherNodeMeanwhileIsSeen() throws {
    let (_, a, b, pg) = try twoNodes()
    try a.execute(note, taskKey: "G-1", actorName: "lan")
    try b.execute(note, taskKey: "G-1", actorName: "lan")
    let before = pg.roundTrips
    let outcome = try a.execute(note, taskKey: "G-1", actorName: "lan")
    #expect(pg.roundTrips - before > 1)  // the guard failed and the command asked
    #expect(outcome.task.version == 4)
    #expect(try b.task(key: "G-1")?.version == 4)
    let history = try a.history(key: "G-1").map(\.event.sequence)
    #expect(history == [1, 2, 3, 4])
    #expect(try a.verify().isIntact)
    // And the node assumes again from there.
    let again = pg.roundTrips
    #expect(try a.execute(note, taskKey: "G-1", actorName: "lan").task.version == 5)
    #expect(pg.roundTrips - again == 1)
  }

  /// The guard is checked on the head as the lock finally takes it: a command that waited for another node's
  /// transaction sees what that one committed (here, lan's roles taken away).
  @Test func aCommandThatWaitedForAnotherNodesTransactionSeesWhatItCommitted() throws {
    let (h, a, _, _) = try twoNodes()
    try a.execute(note, taskKey: "G-1", actorName: "lan")
    let other = try PostgresConnection(url: h.path)
    try other.execute("BEGIN")
    try other.execute("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE")
    let outcome = Mutex<Result<Int, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      let r = Result { try a.execute(note, taskKey: "G-1", actorName: "lan").task.version }
      outcome.withLock { $0 = r }
      done.signal()
    }
    Thread.sleep(forTimeInterval: 0.3)
    #expect(outcome.withLock { $0 } == nil)  // waiting for the lock
    try other.execute("UPDATE actors SET roles = '' WHERE name = 'lan'")
    try other.execute("UPDATE chain_head SET seq = seq WHERE id = 1")
    try other.execute("COMMIT")
    done.wait()
    #expect(throws: Rejection.self) { try outcome.withLock { $0 }?.get() }
    #expect(try a.task(key: "G-1")?.version == 2)
  }

  @Test func aRoleTakenAwayOnAnotherNodeRefusesTheNextCommand() throws {
    let (_, a, b, _) = try twoNodes()
    try a.execute(note, taskKey: "G-1", actorName: "lan")
    try b.addActor(Actor(name: "lan", roles: []), by: nil)
    #expect(throws: Rejection.self) { try a.execute(note, taskKey: "G-1", actorName: "lan") }
    #expect(try a.task(key: "G-1")?.version == 2)
  }

  @Test func aRoleGivenOnAnotherNodeIsNotRefusedFromWhatWasRead() throws {
    let h = try StoreHarness(.postgresql)
    let b = try EventStore(location: h.path, clock: h.clock)
    let pg = try #require(h.store.connection as? PostgresConnection)
    // Node A's last command is hung's approval: it read hung as an approver, who may not write a note.
    try h.activeTask()
    #expect(throws: Rejection.self) { try h.store.execute(note, taskKey: "G-1", actorName: "hung") }
    try b.addActor(Actor(name: "hung", roles: ["approver", "clerk"], displayName: "Trần Văn Hùng"), by: nil)
    // Node A would refuse from what it read; the guard says that is stale, and the command runs again, asking.
    let before = pg.roundTrips
    let outcome = try h.store.execute(note, taskKey: "G-1", actorName: "hung")
    #expect(pg.roundTrips - before > 1)
    #expect(outcome.task.version == 4)
    #expect(try h.store.history(key: "G-1").last?.event.actor == "hung")
    #expect(try h.store.verify().isIntact)
  }

  @Test func anAuditRebuildOnAnotherNodeEndsWhatWasAssumed() throws {
    let (_, a, b, pg) = try twoNodes()
    try a.execute(note, taskKey: "G-1", actorName: "lan")
    _ = try b.rebuildProjections()
    let before = pg.roundTrips
    #expect(try a.execute(note, taskKey: "G-1", actorName: "lan").task.version == 3)
    #expect(pg.roundTrips - before > 1)
    #expect(try a.verify().isIntact)
  }

  @Test func onSQLiteEveryCommandReads() throws {
    let h = try StoreHarness(.sqlite)
    try h.store.execute(.create(key: "G-1", fields: ["title": .string("Bí thơm")]), taskKey: "G-1", workflow: "grant", actorName: "lan")
    let other = try EventStore(location: h.path, clock: h.clock)
    try h.store.execute(note, taskKey: "G-1", actorName: "lan")
    try other.execute(note, taskKey: "G-1", actorName: "lan")
    #expect(try h.store.execute(note, taskKey: "G-1", actorName: "lan").task.version == 4)
  }

  @Test func theTableAStatementWritesIsNamed() {
    #expect(PostgresConnection.writtenTable("INSERT INTO timers(key, task_key) VALUES(?, ?)") == "timers")
    #expect(PostgresConnection.writtenTable("\n  UPDATE chain_head SET seq = ? WHERE id = 1") == "chain_head")
    #expect(PostgresConnection.writtenTable("DELETE FROM deadlines WHERE task_key = ?") == "deadlines")
    #expect(PostgresConnection.writtenTable("SELECT version FROM tasks WHERE key = ?") == nil)
    #expect(PostgresConnection.writtenTable("SAVEPOINT stflow") == nil)
    #expect(PostgresConnection.writtenTable("ROLLBACK TO stflow; DELETE FROM tasks") == "*")
    #expect(PostgresConnection.writtenTable("WITH x AS (DELETE FROM tasks RETURNING key) SELECT key FROM x") == "*")
  }
}
