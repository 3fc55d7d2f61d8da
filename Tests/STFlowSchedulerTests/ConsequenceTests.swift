import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowScheduler
@testable import STFlowStore

@Suite struct ConsequenceTests {
  @Test func twoMissedReportsSuspendFunding() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    try h.store.execute(
      .fire(
        transition: "approve", fields: ["start": .date(LocalDate(iso: "2026-01-15")!), "end": .date(LocalDate(iso: "2028-01-14")!)],
        comment: nil),
      taskKey: "R-1", actorName: "lan")
    // Reports were due 2026-07-15 and 2027-01-15; the first miss is recorded when the clock passes it.
    let first = try h.process(at: "2026-12-01T09:00")
    #expect(first.contains { $0.timer.kind == .missed && $0.outcome == .recorded })
    #expect(try h.store.task(key: "R-1")?.fields["suspended"] == nil)
    let second = try h.process(at: "2027-01-16T09:00")
    #expect(second.contains { $0.timer.kind == .missed && $0.outcome == .recorded })
    #expect(try h.store.task(key: "R-1")?.fields["suspended"] == .bool(true))
    let event = try h.store.history(key: "R-1").last { $0.event.payload.kind == "deadline.missed" }
    guard case .notice(_, _, let occurrence, _, _, _, let fields)? = event?.event.payload else {
      Issue.record("expected a notice")
      return
    }
    #expect(occurrence == 2)
    #expect(fields == ["suspended": .bool(true)])
  }
}
