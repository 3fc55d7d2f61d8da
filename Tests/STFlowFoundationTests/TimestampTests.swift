import Foundation
import Testing

@testable import STFlowFoundation

@Suite struct TimestampTests {
  let hcm = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

  @Test func formatIsUTCWithMilliseconds() {
    #expect(Timestamp.format(Date(timeIntervalSince1970: 1_764_000_000.123)) == "2025-11-24T16:00:00.123Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
  }

  @Test func formattedTimesParseBackExactly() {
    for t in [0.0, 1_764_000_000.5, 1_800_000_000.999, 86_399.001] {
      let d = Date(timeIntervalSince1970: t)
      #expect(Timestamp.parse(Timestamp.format(d), in: hcm) == d)
    }
  }

  @Test(arguments: [
    ("2026-03-01", "2026-02-28T17:00:00.000Z"), ("01/03/2026", "2026-02-28T17:00:00.000Z"),
    ("2026-03-01T09:30", "2026-03-01T02:30:00.000Z"), ("2026-03-01 09:30:15", "2026-03-01T02:30:15.000Z"),
    ("2026-03-01T09:30:00+02:00", "2026-03-01T07:30:00.000Z"), ("2026-03-01T09:30:00Z", "2026-03-01T09:30:00.000Z"),
  ])
  func peopleTypeTimesInTheLocalZone(text: String, utc: String) {
    #expect(Timestamp.parse(text, in: hcm).map(Timestamp.format) == utc)
  }

  @Test(arguments: ["2026-02-30", "tomorrow", "2026-03-01T25:00", "32/01/2026", ""])
  func malformedTimesAreRejected(text: String) {
    #expect(Timestamp.parse(text, in: hcm) == nil)
  }
}
