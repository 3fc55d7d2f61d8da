import Foundation
import STFlowRules
import STFlowStore
import Testing

@Suite struct SchedulerCommandTests {
  @Test func simulateShowsTheTimelineAndTouchesNothing() throws {
    let s = try StflowProcess()
    try EmailHookTests.portfolio(s, count: 2)
    let before = try Data(contentsOf: URL(fileURLWithPath: s.db))
    let r = try s.run(["--db", s.db, "--at", "2026-10-01T00:00", "simulate", "--until", "2026-10-31"])
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("R-0  Decide (hạn 22/10/2026): nhắc hạn (trước 3 ngày)"), "\(r.stdout)")
    #expect(r.stdout.contains("R-0  Decide (hạn 22/10/2026): QUÁ HẠN  gửi: Chuyên viên quản lý"))
    #expect(r.stdout.contains("Nhiệm vụ sẽ quá hạn đến 31/10/2026: R-0, R-1"))
    let en = try s.run(["--db", s.db, "--lang", "en", "--at", "2026-10-01T00:00", "simulate", "--until", "2026-10-31"])
    #expect(en.stdout.contains("R-0  Decide (due 22/10/2026): MISSED  to Manager"), "\(en.stdout)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: s.db)) == before)
    #expect(try EventStore(path: s.db).deliveries().isEmpty)
  }

  @Test func tickRecordsWhatIsDueOnceAndHooksListShowsIt() throws {
    let s = try StflowProcess()
    try EmailHookTests.portfolio(s, count: 1)
    // No SMTP server listens on this port: the hook fails and the delivery waits for a retry.
    var r = try s.run(["--db", s.db, "--at", "2026-10-23T00:00", "tick"], environment: ["STFLOW_SMTP_PORT": "9"])
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("R-0  Decide (hạn 22/10/2026): QUÁ HẠN"), "\(r.stdout)")
    #expect(r.stdout.contains("[skipped]"))  // the earlier reminder, under catch-up: latest
    r = try s.run(["--db", s.db, "--at", "2026-10-23T00:00", "tick", "--no-hooks"])
    #expect(r.stdout.contains("Không có gì đến hạn.") || !r.stdout.contains("QUÁ HẠN"))
    let failed = try JSONParser.parse(try s.run(["--db", s.db, "--json", "hooks", "list", "--failed"]).stdout).arrayValue ?? []
    #expect(failed.count == 2)
    #expect(failed.allSatisfy { $0["lastError"]?.stringValue?.contains("cannot send") == true })
    let id = try #require(failed.first?["id"]?.intValue)
    #expect(try s.run(["--db", s.db, "--as", "root", "hooks", "retry", String(id)]).code == 0)
    #expect(try s.run(["--db", s.db, "--as", "root", "hooks", "retry", "9999"]).code == 2)
    #expect(try s.run(["--db", s.db, "task", "history", "R-0"]).stdout.contains("Quá hạn: "))
  }
}
