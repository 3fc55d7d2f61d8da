import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowScheduler
@testable import STFlowStore

@Suite struct NoticeTests {
  @Test func eachStepOfTheLaddersBecomesANoticeOnTime() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    #expect(try h.process(at: "2026-12-15T07:59").isEmpty)
    #expect(h.summary(try h.process(at: "2026-12-15T08:00")) == ["recorded reminder -3"])
    #expect(h.summary(try h.process(at: "2026-12-17T08:00")) == ["recorded reminder -1"])
    #expect(try h.process(at: "2026-12-18T23:59").isEmpty)
    #expect(h.summary(try h.process(at: "2026-12-19T00:00")) == ["recorded missed 0"])
    #expect(h.summary(try h.process(at: "2026-12-25T08:00")) == ["recorded overdue 1"])
    #expect(h.summary(try h.process(at: "2027-01-01T08:00")) == ["recorded overdue 2"])
    #expect(h.summary(try h.process(at: "2027-01-08T08:00")) == ["recorded overdue 3"])
    #expect(try h.process(at: "2027-06-01T00:00").isEmpty)  // the ladder's limit is 3
    let kinds = try h.store.history(key: "R-1").map(\.event.payload.kind)
    #expect(
      Array(kinds.suffix(6)) == [
        "deadline.reminder", "deadline.reminder", "deadline.missed", "deadline.overdue", "deadline.overdue", "deadline.overdue",
      ])
    let deliveries = try h.store.deliveries()
    #expect(deliveries.count == 6)
    #expect(Set(deliveries.map(\.idempotencyKey)).count == 6)
    #expect(try h.store.verify().isIntact)
  }

  @Test func aNoticeCarriesRecipientsAndTexts() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    _ = try h.process(at: "2026-12-19T00:00")
    let missed = try #require(try h.store.deliveries().first { $0.kind == "deadline.missed" })
    let payload = try JSONParser.parse(missed.payload)
    #expect(payload["idempotencyKey"] == .string("R-1|decision|1|2026-12-18|missed"))
    #expect(payload["dueDate"] == .string("2026-12-18"))
    #expect(payload["daysLeft"] == .integer(-1))
    #expect(payload["task"]?["title"] == .string("Bí thơm"))
    #expect(payload["deadline"]?["basis"] == .string("Test rule: 15 working days"))
    let title: JSON = .object([("vi", .string("Chuyên viên quản lý")), ("en", .string("Manager"))])
    let manager: JSON = .object([
      ("role", .string("manager")), ("roleTitle", title), ("name", .string("lan")), ("displayName", .string("lan")),
      ("email", .string("lan@so.vn")),
    ])
    #expect(
      payload["recipients"]
        == .array([
          manager, manager,
        ]))
    // What the recipient must do (the step that meets the deadline), no link until server.url is set, the sender.
    #expect(payload["deadline"]?["action"]?["vi"] == .string("Phê duyệt"))
    #expect(payload["url"] == .null)
    #expect(payload["sender"]?["name"] == .string("Sở Khoa học và Công nghệ"))
  }

  @Test func nothingIsSentForADeadlineThatWasMetMeanwhile() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    try h.store.execute(
      .fire(
        transition: "approve", fields: ["start": .date(LocalDate(iso: "2026-12-01")!), "end": .date(LocalDate(iso: "2027-11-30")!)],
        comment: nil),
      taskKey: "R-1", actorName: "lan")
    let later = try h.process(at: "2026-12-20T00:00")
    #expect(later.allSatisfy { $0.timer.deadlineId != "decision" })
    #expect(try h.store.deliveries().isEmpty)
  }

  @Test func aTimerThatNoLongerFollowsIsRefusedByTheEngine() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    let stale = PlannedTimer(
      key: "R-1|decision|1|2026-12-01|missed", taskKey: "R-1", deadlineId: "decision", occurrence: 1, kind: .missed, step: 0,
      fireAt: h.time("2026-12-02T00:00"), dueDate: LocalDate(iso: "2026-12-01")!, recipients: ["manager"])
    #expect(throws: Rejection.self) {
      try h.store.executeInTransaction(.recordNotice(timer: stale), taskKey: "R-1", actorName: "system", system: true)
    }
    #expect(throws: Rejection.self) {
      try h.store.execute(.recordNotice(timer: stale), taskKey: "R-1", actorName: "lan")
    }
  }

  @Test func catchUpLatestDeliversOnlyTheNewestNotice() throws {
    let h = try SchedulerHarness(catchUp: "latest")
    try h.submitted()
    // Nothing ran for weeks: both reminders, the miss and two overdue notices are due at once.
    #expect(
      h.summary(try h.process(at: "2027-01-02T09:00")) == [
        "skipped reminder -3", "skipped reminder -1", "recorded missed 0", "skipped overdue 1", "recorded overdue 2",
      ])
  }

  @Test func catchUpAllDeliversEverything() throws {
    let h = try SchedulerHarness(catchUp: "all")
    try h.submitted()
    #expect(try h.process(at: "2027-01-02T09:00").allSatisfy { $0.outcome == .recorded })
    #expect(try h.store.deliveries().count == 5)
  }

  @Test func catchUpSkipsWhatIsOlderThanTheLimit() throws {
    let h = try SchedulerHarness(catchUp: "skipOlderThan:10d")
    try h.submitted()
    #expect(
      h.summary(try h.process(at: "2027-01-02T09:00")) == [
        "skipped reminder -3", "skipped reminder -1", "recorded missed 0", "recorded overdue 1", "recorded overdue 2",
      ])
  }

  @Test func aClockJumpForwardDeliversAndABackwardJumpDelaysNothing() throws {
    let h = try SchedulerHarness(catchUp: "all")
    try h.submitted()
    #expect(try h.process(at: "2026-12-19T00:00").count == 3)
    #expect(try h.process(at: "2026-12-10T00:00").isEmpty)  // back: nothing new, nothing undone
    #expect(try h.store.deliveries().count == 3)
  }
}
