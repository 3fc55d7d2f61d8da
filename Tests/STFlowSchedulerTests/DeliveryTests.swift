import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowScheduler
@testable import STFlowStore

@Suite struct DeliveryTests {
  func hook(_ h: SchedulerHarness, _ body: String) throws -> String {
    let url = h.folder.appendingPathComponent("hook-\(UUID().uuidString.prefix(6))")
    try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url.path
  }

  @Test func aFailingHookIsRetriedWithBackoffThenDeadLettered() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    _ = try h.process(at: "2026-12-15T08:00")
    let config = HookConfig(command: try hook(h, "echo down >&2; exit 1"), timeout: 5, retry: RetryPolicy(maxAttempts: 3, backoff: 10))
    let deliverer = OutboxDeliverer(store: h.store, clock: h.clock, config: config)
    #expect(try deliverer.deliverDue().map(\.status) == [.pending])
    var d = try #require(try h.store.deliveries().first)
    #expect(d.attempts == 1)
    #expect(d.nextAttemptAt == h.time("2026-12-15T08:00:10"))
    #expect(d.lastError == "exit code 1: down")
    #expect(try deliverer.deliverDue().isEmpty)  // not yet due again
    h.clock.advance(by: 10)
    #expect(try deliverer.deliverDue().map(\.status) == [.pending])
    d = try #require(try h.store.deliveries().first)
    #expect(d.nextAttemptAt == h.time("2026-12-15T08:00:30"))  // 10 s, then 20 s
    h.clock.advance(by: 20)
    #expect(try deliverer.deliverDue().map(\.status) == [.dead])
    #expect(try h.store.deliveries(failed: true).map(\.status) == [.dead])
    // Dead letters go back in the queue on request.
    try h.store.retryDelivery(id: d.id, now: h.clock.now())
    let fixed = OutboxDeliverer(store: h.store, clock: h.clock, config: HookConfig(command: try hook(h, "cat > /dev/null"), timeout: 5))
    #expect(try fixed.deliverDue().map(\.status) == [.delivered])
  }

  @Test func aClaimedDeliveryIsNotRunTwice() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    _ = try h.process(at: "2026-12-15T08:00")
    let first = try h.store.claimDelivery(now: h.clock.now(), lease: 60)
    #expect(first != nil)
    #expect(try h.store.claimDelivery(now: h.clock.now(), lease: 60) == nil)
    h.clock.advance(by: 61)  // the claimant died: the lease runs out and it is retried
    #expect(try h.store.claimDelivery(now: h.clock.now(), lease: 60)?.id == first?.id)
  }

  @Test func theDaemonPicksUpChangesMadeByAnotherProcess() throws {
    let h = try SchedulerHarness()
    let log = h.folder.appendingPathComponent("delivered").path
    try HookConfig(command: try hook(h, "cat >> \(log); echo >> \(log)"), timeout: 5).save(to: h.store)
    h.clock.set(h.time("2026-12-19T09:00"))
    let daemonStore = try EventStore(path: h.path, clock: h.clock)
    let scheduler = Scheduler(store: daemonStore, clock: h.clock, pollInterval: 0.2) { _ in }
    scheduler.start()
    Thread.sleep(forTimeInterval: 0.3)
    // Another connection (another process) submits a task whose reminders and miss are already due.
    let other = try EventStore(path: h.path, clock: h.clock)
    try other.execute(.create(key: "R-9", fields: ["title": .string("x")]), taskKey: "R-9", workflow: "review", actorName: "lan")
    try other.execute(
      .fire(transition: "submit", fields: ["submittedOn": .date(LocalDate(iso: "2026-11-27")!)], comment: nil), taskKey: "R-9",
      actorName: "an")
    var delivered = 0
    for _ in 0..<50 where delivered < 2 {
      Thread.sleep(forTimeInterval: 0.1)
      delivered = try other.deliveries().filter { $0.status == .delivered }.count
    }
    let stopped = DispatchSemaphore(value: 0)
    scheduler.stop { stopped.signal() }
    stopped.wait()
    // Both reminders and the miss were due at once: the catch-up policy (latest) sends the last reminder and the miss.
    #expect(delivered == 2)
    #expect(try other.deliveries().map(\.kind).sorted() == ["deadline.missed", "deadline.reminder"])
  }
}
