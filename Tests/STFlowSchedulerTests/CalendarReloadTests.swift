import Foundation
import Testing

@testable import STFlowRules
@testable import STFlowStore

/// A holiday announced after tasks are running applies at once: their deadlines and reminders are counted
/// again in the calendar's transaction, and the audit still finds the record whole.
@Suite struct CalendarReloadTests {
  @Test func anAnnouncedHolidayMovesRunningDeadlinesAndTheRecordStaysIntact() throws {
    let h = try SchedulerHarness()
    try h.submitted()
    let before = try h.store.connection.scalar("SELECT due_date FROM deadlines WHERE task_key = 'R-1' AND due_date IS NOT NULL")?.text
    #expect(before == "2026-12-18")
    // A day off announced on Monday 14 December 2026, inside the 15 working days.
    let path = repositoryRoot.appendingPathComponent("Workflows/calendars/vn.json").path
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "\"extraDaysOff\": [", with: "\"extraDaysOff\": [\n    { \"date\": \"2026-12-14\", \"name\": \"Nghỉ theo thông báo\" },")
    let (_, changed) = try h.store.loadCalendar(try JSONParser.parse(text), by: "lan")
    #expect(changed)
    let after = try h.store.connection.scalar("SELECT due_date FROM deadlines WHERE task_key = 'R-1' AND due_date IS NOT NULL")?.text
    #expect(after == "2026-12-21")
    #expect(try h.store.connection.scalar("SELECT COUNT(*) FROM timers WHERE due_date = '2026-12-21'")?.integer ?? 0 > 0)
    let report = try h.store.verify()
    #expect(report.isIntact, "\(report.problems)")
  }
}
