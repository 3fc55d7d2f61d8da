import Foundation
import STFlowRules
import Testing

@Suite struct DeadlineCommandTests {
  static let calendar = StflowProcess.packageRoot.appendingPathComponent("Workflows/calendars/vn.json").path
  static let review = StflowProcess.packageRoot.appendingPathComponent("Tests/Fixtures/deadlines.json").path

  func prepared() throws -> StflowProcess {
    let s = try StflowProcess.prepared()
    // A workflow counting working days on a calendar that is not loaded is refused.
    let early = try s.db("--as", "root", "workflow", "load", Self.review)
    #expect(early.code == 2)
    #expect(early.stderr.contains("theo lịch 'vn' nhưng lịch này chưa được nạp"))
    #expect(try s.db("--as", "root", "calendar", "load", Self.calendar).code == 0)
    #expect(try s.db("--as", "root", "workflow", "load", Self.review).code == 0)
    try s.db("--as", "root", "actor", "add", "an", "--role", "applicant")
    return s
  }

  @Test func dueListsWhatIsComingAndWhatIsLate() throws {
    let s = try prepared()
    try s.db("--as", "lan", "--at", "2026-02-06T09:00", "task", "create", "review", "R-1", "title=Bí thơm")
    try s.db("--as", "an", "--at", "2026-02-06T09:00", "task", "fire", "R-1", "submit", "submittedOn=2026-02-06")
    try s.db("--as", "lan", "--at", "2026-02-06T09:00", "task", "create", "review", "R-2", "title=Xoài")
    try s.db("--as", "an", "--at", "2026-02-06T09:00", "task", "fire", "R-2", "submit", "submittedOn=2025-12-01")
    var r = try s.db("--json", "--at", "2026-02-10", "due")
    let items = try JSONParser.parse(r.stdout).arrayValue ?? []
    #expect(items.map { $0["task"]?.stringValue ?? "" } == ["R-2", "R-1"])
    #expect(items.first?["status"] == .string("overdue"))
    #expect(items.last?["dueDate"] == .string("2026-03-06"))
    r = try s.db("--at", "2026-02-10", "due", "--within", "7d")
    #expect(r.stdout.contains("R-2") && !r.stdout.contains("R-1"))
    // The table's columns line up by displayed characters, the Vietnamese headers and statuses included.
    let lines = try s.db("--at", "2026-02-10", "due").stdout.split(separator: "\n").map(String.init)
    let taskColumn = try #require(
      lines.first.flatMap { $0.range(of: "NHIỆM VỤ") }.map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) })
    let rows = lines.filter { $0.contains("R-1") || $0.contains("R-2") }
    #expect(rows.count == 2)
    for row in rows {
      let at = try #require(row.range(of: "R-")).lowerBound
      #expect(row.distance(from: row.startIndex, to: at) == taskColumn, "\(lines)")
    }
    #expect(lines[1].split(separator: " ").map { Set($0) } == Array(repeating: ["-"], count: 5), "\(lines)")
    #expect(lines.last == "2 thời hạn")
    #expect(try s.db("--at", "2026-02-10", "due", "--workflow", "grant").stdout.contains("Không có thời hạn nào"))
    r = try s.db("--at", "2026-02-10", "task", "list", "--overdue")
    #expect(r.stdout.contains("R-2") && !r.stdout.contains("R-1 "))
    #expect(try s.db("due", "--within", "soon").code == 2)
  }

  @Test func explainShowsTheDerivation() throws {
    let s = try prepared()
    try s.db("--as", "lan", "--at", "2026-02-06T09:00", "task", "create", "review", "R-1", "title=Bí thơm")
    try s.db("--as", "an", "--at", "2026-02-06T09:00", "task", "fire", "R-1", "submit", "submittedOn=2026-02-06")
    let r = try s.db("--at", "2026-02-10", "task", "explain", "R-1")
    #expect(r.code == 0, "\(r.stderr)")
    // Vietnamese: dates dd/MM/yyyy, weekdays and periods in words, the holidays skipped by name.
    #expect(r.stdout.contains("Hạn 06/03/2026 (thứ Sáu) = "), "\(r.stdout)")
    #expect(r.stdout.contains("+ 15 ngày làm việc"))
    #expect(r.stdout.contains("14/02/2026–22/02/2026 Tết Nguyên Đán"))
    #expect(r.stdout.contains("Còn 24 ngày"))
    let en = try s.db("--lang", "en", "--at", "2026-02-10", "task", "explain", "R-1")
    #expect(en.stdout.contains("Due 06/03/2026 (Friday) = ") && en.stdout.contains("+ 15 working days"), "\(en.stdout)")
    #expect(en.stdout.contains("24 days left"))
    let json = try JSONParser.parse(try s.db("--json", "--at", "2026-02-10", "task", "explain", "R-1").stdout)
    #expect(json.arrayValue?.first?["dueDate"] == .string("2026-03-06"))
    #expect(json.arrayValue?.first?["phase"] == .string("pending"))
  }

  @Test func calendarShowListsAYear() throws {
    let s = try prepared()
    let r = try s.db("calendar", "show", "vn", "--year", "2025")
    #expect(r.stdout.contains("2025-04-26  Sat  worked"))
    #expect(r.stdout.contains("2025-01-27  Mon  off     Tết Nguyên Đán"))
    #expect(r.stdout.contains("2025-09-01  Mon  off     Quốc khánh (ngày liền kề)"))
  }
}
