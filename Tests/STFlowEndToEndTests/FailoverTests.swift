import Foundation
import STFlowPostgresCluster
import STFlowStore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Several `stflow run` nodes on one PostgreSQL database, each notice e-mailed once whatever node dies.
@Suite(.serialized) struct FailoverTests {
  /// Three nodes deliver a backlog (everything fell due weeks ago) with the e-mail hook against the SMTP sink;
  /// one of them, chosen at random, is killed with SIGKILL at a random moment and started again, twenty times.
  /// Then every due notice was recorded once, every message went out exactly once, none for a change that was
  /// not committed, and the chain is intact.
  @Test func killingNodesAtRandomLosesNothingAndSendsEachNoticeOnce() throws {
    let s = try StflowProcess()
    let db = try ScratchCluster.shared().createDatabase()
    let sink = try EmailHookTests.SMTPSink(folder: s.directory.appendingPathComponent("mail"))
    // A short hook timeout: a delivery claimed by a killed node is free again after its lease (timeout + 10 s).
    try EmailHookTests.portfolio(s, count: 30, catchUp: "all", month: "2026-08", hookTimeout: 3, db: db)
    let state = s.directory.appendingPathComponent("sent-mail").path
    func node() throws -> Process { try EmailHookTests.daemon(s, port: sink.port, db: db, mailState: state) }
    var nodes = [try node(), try node(), try node()]
    let store = try EventStore(location: db)
    func waiting() throws -> Int {
      try store.deliveries(limit: 100_000).filter { $0.status != .delivered }.count + (try store.dueTimers(until: Date()).count)
    }
    var generator = SystemRandomNumberGenerator()
    var killedWhileWorking = 0
    for _ in 0..<20 {
      Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &generator))
      if try waiting() > 0 { killedWhileWorking += 1 }
      let victim = Int.random(in: 0..<nodes.count, using: &generator)
      kill(nodes[victim].processIdentifier, SIGKILL)
      nodes[victim].waitUntilExit()
      nodes[victim] = try node()
    }
    var pending = Int.max
    for _ in 0..<480 where pending > 0 {
      Thread.sleep(forTimeInterval: 0.25)
      pending = try waiting()
    }
    for n in nodes {
      kill(n.processIdentifier, SIGTERM)
      n.waitUntilExit()
    }
    #expect(pending == 0)
    // The kills fell while there was work to do, not after it was all done.
    #expect(killedWhileWorking >= 10)
    // 30 tasks × (2 reminders, the miss, 3 overdue notices), each recorded once.
    let deliveries = try store.deliveries(limit: 100_000)
    #expect(deliveries.count == 180)
    #expect(deliveries.allSatisfy { $0.status == .delivered })
    let received = try sink.messages().map { "\($0.key) -> \($0.to)" }.sorted()
    #expect(!received.isEmpty)
    #expect(received == (try EmailHookTests.expected(s, db: db)))
    #expect(Set(received).count == received.count)
    var logged: Set<String> = []
    for i in 0..<30 {
      for r in try store.history(key: "R-\(i)") {
        if case .notice(_, _, _, _, _, let key, _) = r.event.payload { logged.insert(key) }
      }
    }
    #expect(logged.count == 180)
    #expect(Set(try sink.messages().map(\.key)).isSubset(of: logged))
    #expect(try store.verify().isIntact)
  }
}
