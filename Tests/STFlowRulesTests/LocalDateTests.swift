import Foundation
import Testing

@testable import STFlowRules

@Suite struct LocalDateTests {
  @Test func civilDatesRoundTripThroughDayNumbers() {
    for n in stride(from: -800_000, through: 800_000, by: 997) {
      let d = LocalDate(dayNumber: n)
      let (y, m, day) = d.components
      #expect(LocalDate(year: y, month: m, day: day) == d)
    }
    #expect(LocalDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
    #expect(LocalDate(year: 2026, month: 11, day: 24)?.description == "2026-11-24")
  }

  @Test func impossibleDatesAreRejected() {
    #expect(LocalDate(year: 2025, month: 2, day: 29) == nil)
    #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
    #expect(LocalDate(iso: "2026-13-01") == nil)
    #expect(LocalDate(iso: "26-01-01") == nil)
  }

  @Test func weekdaysAreISO() {
    #expect(LocalDate(iso: "2026-11-24")?.isoWeekday == 2)  // Tuesday
    #expect(LocalDate(iso: "2026-02-17")?.isoWeekday == 2)  // Tết 2026
    #expect(LocalDate(iso: "1970-01-04")?.isoWeekday == 7)  // Sunday
  }

  @Test(arguments: [
    ("2024-01-31", 1, "2024-02-29"), ("2025-01-31", 1, "2025-02-28"), ("2025-03-31", -1, "2025-02-28"),
    ("2025-08-31", 6, "2026-02-28"), ("2025-03-01", 24, "2027-03-01"), ("2025-12-15", 1, "2026-01-15"),
  ])
  func addingMonthsClampsToTheMonthEnd(start: String, months: Int, expected: String) {
    #expect(LocalDate(iso: start)?.adding(months: months).description == expected)
  }

  @Test func wholeMonthsBetweenDates() throws {
    let start = try #require(LocalDate(iso: "2025-03-01"))
    #expect(start.months(until: try #require(LocalDate(iso: "2027-02-28"))) == 23)
    #expect(start.months(until: try #require(LocalDate(iso: "2027-03-01"))) == 24)
    #expect(try #require(LocalDate(iso: "2025-01-31")).months(until: try #require(LocalDate(iso: "2025-02-28"))) == 1)
    #expect(try #require(LocalDate(iso: "2025-06-01")).months(until: start) == -3)
  }

  @Test func workingDaysStepOverWeekends() throws {
    let friday = try #require(LocalDate(iso: "2026-11-27"))
    let calendar = WeekdayCalendar()
    #expect(Period(1, .workingDays).added(to: friday, calendar: calendar).description == "2026-11-30")
    #expect(Period(15, .workingDays).added(to: friday, calendar: calendar).description == "2026-12-18")
    #expect(Period(-1, .workingDays).added(to: try #require(LocalDate(iso: "2026-11-30")), calendar: calendar).description == "2026-11-27")
  }

  @Test func periodsParseTheirUnits() {
    #expect(Period("30d") == Period(30, .days))
    #expect(Period("-10d") == Period(-10, .days))
    #expect(Period("15wd") == Period(15, .workingDays))
    #expect(Period("6mo") == Period(6, .months))
    #expect(Period("2w") == Period(2, .weeks))
    #expect(Period("1y") == Period(1, .years))
    #expect(Period("6 months") == nil)
    #expect(Period("d") == nil)
  }

  @Test func instantsMapToTheirLocalDate() throws {
    let hcm = try #require(TimeZone(identifier: "Asia/Ho_Chi_Minh"))
    // 2026-03-01 18:30 UTC is already 2 March in Vietnam.
    let instant = try #require(Timestamp.parse("2026-03-01T18:30:00Z", in: hcm))
    #expect(LocalDate(instant, in: hcm).description == "2026-03-02")
    #expect(LocalDate(try #require(LocalDate(iso: "2026-03-02")).start(in: hcm), in: hcm).description == "2026-03-02")
  }
}
