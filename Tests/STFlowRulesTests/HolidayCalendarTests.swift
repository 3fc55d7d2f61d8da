import Foundation
import Testing

@testable import STFlowRules

let calendarPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite struct HolidayCalendarTests {
  let vn: HolidayCalendar = {
    let data =
      FileManager.default.contents(atPath: calendarPackageRoot.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    return try! CalendarLoader.load(json: try! JSONParser.parse(bytes: Array(data)))
  }()

  func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }

  func add(_ n: Int, wd start: String) -> String { Period(n, .workingDays).added(to: d(start), calendar: vn).description }

  @Test func tetFollowsTheOfficialSchedule() {
    // Tết 2026: 14/02 (Saturday) to 22/02 (Sunday); Friday 13/02 and Monday 23/02 are worked.
    #expect(vn.isWorkingDay(d("2026-02-13")))
    for day in 14...22 { #expect(!vn.isWorkingDay(d(String(format: "2026-02-%02d", day)))) }
    #expect(vn.isWorkingDay(d("2026-02-23")))
    #expect(vn.reasonOff(d("2026-02-17")) == "Tết Nguyên Đán")
    // Without an official schedule (2027) the computed rule applies: 30 Tết (5/2) to mùng 4 (9/2).
    #expect(vn.isWorkingDay(d("2027-02-04")))
    for day in 5...9 { #expect(!vn.isWorkingDay(d(String(format: "2027-02-%02d", day)))) }
  }

  @Test func workingDaysSkipTetAndWeekends() {
    // 15 working days from Friday 2026-02-06: 9, 10, 11, 12, 13 (5), then Tết to the 22nd, then 23 … 27 (10), 2 … 6 March (15).
    #expect(add(15, wd: "2026-02-06") == "2026-03-06")
    #expect(add(1, wd: "2026-02-13") == "2026-02-23")
    #expect(add(-1, wd: "2026-02-23") == "2026-02-13")
  }

  @Test func aHolidayOnARestDayGivesTheNextWorkingDayOff() {
    // Giỗ Tổ 2026-04-26 is a Sunday: Monday 27 April is off; 30/4 and 1/5 are Thursday and Friday.
    #expect(vn.reasonOff(d("2026-04-27")) == "nghỉ bù Giỗ Tổ Hùng Vương")
    #expect(add(1, wd: "2026-04-24") == "2026-04-28")
    #expect(add(3, wd: "2026-04-28") == "2026-05-05")
    // 2023: Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, so 2 and 3 May are off too.
    #expect(!vn.isWorkingDay(d("2023-05-02")) && !vn.isWorkingDay(d("2023-05-03")))
    #expect(vn.isWorkingDay(d("2023-05-04")))
  }

  @Test func aSwappedDayIsWorkedOnSaturday() {
    #expect(vn.isWorkingDay(d("2025-04-26")))  // Saturday, làm bù
    #expect(!vn.isWorkingDay(d("2025-05-02")))  // Friday, swapped off
    #expect(add(1, wd: "2025-04-25") == "2025-04-26")
  }

  @Test func nationalDayHasItsAdjacentDayFrom2021() {
    #expect(vn.isWorkingDay(d("2020-09-01")))
    #expect(!vn.isWorkingDay(d("2021-09-03")) && vn.isWorkingDay(d("2021-09-01")))
    #expect(!vn.isWorkingDay(d("2025-09-01")) && !vn.isWorkingDay(d("2025-09-02")))
  }

  @Test func malformedCalendarsNameThePath() throws {
    let json = try JSONParser.parse(
      #"{"id": "x", "holidays": [{"name": "A", "date": "13-01"}, {"date": "01-01"}], "schedules": [{"rule": "B", "from": "2025-01-01"}]}"#)
    do {
      _ = try CalendarLoader.load(json: json, file: "x.json")
      Issue.record("expected problems")
    } catch {
      #expect(error.problems.contains("x.json: $.holidays[0].date: expected MM-dd, found '13-01'"))
      #expect(error.problems.contains("x.json: $.holidays[1].name: is required"))
      #expect(error.problems.contains { $0.hasPrefix("x.json: $.schedules[0].rule: must name one of the holidays") })
    }
  }
}
