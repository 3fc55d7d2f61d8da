import Foundation
import Testing

@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// Several nodes on one database: each delivery is leased to one node at a time, named in the lease, and a
/// node that stops loses its lease when it expires.
@Suite struct NodeLeaseTests {
  @Test(arguments: Backend.allCases) func aLeaseNamesItsNodeAndPassesToAnotherWhenItExpires(_ backend: Backend) throws {
    let h = try BatchTests.harness(backend)
    for c in BatchTests.commands() {
      try h.store.execute(c.command, taskKey: c.taskKey, workflow: c.workflow, actorName: c.actorName, effectiveAt: c.effectiveAt)
    }
    let now = Timestamp.parse("2027-06-01T09:00:00+07:00", in: .vietnam)!
    h.clock.set(now)
    #expect(try h.store.processDueTimers(now: now).count >= 2)
    let a = try h.reopened()
    let b = try h.reopened()
    a.nodeId = "may-chu-1/101"
    b.nodeId = "may-chu-2/202"
    try a.heartbeat(role: "run", startedAt: now)
    try b.heartbeat(role: "serve", startedAt: now)
    let first = try #require(try a.claimDelivery(now: now, lease: 30))
    // B passes over A's lease and takes the next delivery.
    let second = try #require(try b.claimDelivery(now: now, lease: 30))
    #expect(first.id != second.id)
    let nodes = try a.nodes(now: now)
    #expect(Set(nodes.map(\.id)) == ["may-chu-1/101", "may-chu-2/202"])
    #expect(nodes.first { $0.id == "may-chu-1/101" }?.leases == 1)
    #expect(nodes.first { $0.id == "may-chu-2/202" }?.role == "serve")
    // A dies holding its lease; once it expires, B delivers what A had claimed.
    let later = now.addingTimeInterval(31)
    var claimed: [Int64] = []
    while let d = try b.claimDelivery(now: later, lease: 30) {
      claimed.append(d.id)
      try b.recordDelivery(d, succeeded: true, error: nil, now: later, policy: RetryPolicy())
    }
    #expect(claimed.contains(first.id))
    #expect(try a.nodes(now: later).allSatisfy { $0.leases == 0 })
    #expect(try a.verify().isIntact)
  }
}

@Suite struct ReconnectTests {
  /// The database server drops a node's connection (a restart, a failover): the command in flight fails with the
  /// connection named as lost, and the next one reconnects and works.
  @Test func aDroppedConnectionIsMadeAgainForTheNextCommand() throws {
    let h = try StoreHarness(.postgresql)
    try h.activeTask()
    let other = try h.reopened()
    let others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    try other.connection.query("SELECT pg_terminate_backend(pid) \(others)")
    // The server ends the backend a moment later.
    for _ in 0..<100 where try other.connection.scalar("SELECT COUNT(*) \(others)")?.integer != 0 { Thread.sleep(forTimeInterval: 0.02) }
    var lost = false
    do {
      _ = try h.store.tasks()
    } catch let e as DatabaseError {
      lost = e.isConnectionLost
    }
    #expect(lost)
    #expect(try h.store.tasks().count == 1)
    try h.store.execute(.fire(transition: "note", fields: [:], comment: "sau khi nối lại"), taskKey: "G-1", actorName: "lan")
    #expect(try h.store.verify().isIntact)
  }
}
