import Foundation

/// Instants as text: UTC ISO 8601 with milliseconds (`2026-11-24T09:30:00.000Z`), written and read
/// without `DateFormatter` so that stored text is deterministic and fast to produce.
public enum Timestamp {
  /// Formats an instant as UTC with milliseconds.
  public static func format(_ date: Date) -> String {
    let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let days = Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
    let rest = Int(ms - Int64(days) * 86_400_000)
    let (y, mo, d) = LocalDate(dayNumber: days).components
    guard (0...9999).contains(y) else { return "\(LocalDate(dayNumber: days))T00:00:00.000Z" }
    var out = [UInt8](repeating: 0, count: 24)
    func put(_ value: Int, _ at: Int, _ width: Int) {
      var v = value
      for i in stride(from: at + width - 1, through: at, by: -1) {
        out[i] = UInt8(48 + v % 10)
        v /= 10
      }
    }
    put(y, 0, 4)
    out[4] = 45
    put(mo, 5, 2)
    out[7] = 45
    put(d, 8, 2)
    out[10] = 84  // T
    put(rest / 3_600_000, 11, 2)
    out[13] = 58
    put(rest / 60_000 % 60, 14, 2)
    out[16] = 58
    put(rest / 1000 % 60, 17, 2)
    out[19] = 46
    put(rest % 1000, 20, 3)
    out[23] = 90  // Z
    return String(decoding: out, as: UTF8.self)
  }

  /// Reads exactly what ``format(_:)`` writes (`yyyy-MM-ddTHH:mm:ss.SSSZ`), quickly; `nil` otherwise.
  public static func parseStored(_ text: String) -> Date? {
    text.utf8.withContiguousStorageIfAvailable { parseStored(utf8: $0) } ?? nil
  }

  /// ``parseStored(_:)`` of the text's UTF-8 bytes.
  public static func parseStored(utf8 b: UnsafeBufferPointer<UInt8>) -> Date? {
    guard b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 46, b[23] == 90 else { return nil }
    func num(_ at: Int, _ width: Int) -> Int? {
      var v = 0
      for i in at..<at + width {
        let c = Int(b[i]) - 48
        guard (0...9).contains(c) else { return nil }
        v = v * 10 + c
      }
      return v
    }
    guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
      let s = num(17, 2), let ms = num(20, 3), let date = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 61
    else { return nil }
    let total = Int64(date.dayNumber) * 86_400_000 + Int64(((h * 60 + mi) * 60 + s) * 1000 + ms)
    return Date(timeIntervalSince1970: Double(total) / 1000)
  }

  /// Formats an instant in a time zone for people: `2026-11-24 16:30`.
  public static func formatLocal(_ date: Date, in timeZone: TimeZone) -> String {
    let offset = timeZone.secondsFromGMT(for: date)
    let local = Int((date.timeIntervalSince1970).rounded(.down)) + offset
    let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
    let rest = local - days * 86400
    return "\(LocalDate(dayNumber: days)) \(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2))"
  }

  /// Parses what `format` writes, and also what people type: `2026-11-24`, `2026-11-24T09:30`,
  /// `2026-11-24 09:30:15`, `24/11/2026`, with an optional `Z` or `±hh:mm` offset. Without an offset
  /// the time is read in `timeZone`; a date alone means the start of that day.
  public static func parse(_ text: String, in timeZone: TimeZone) -> Date? {
    if let stored = parseStored(text) { return stored }
    var s = Substring(text.trimmingCharacters(in: .whitespaces))
    var offsetSeconds: Int?
    if s.hasSuffix("Z") {
      offsetSeconds = 0
      s = s.dropLast()
    } else if s.count > 10, let signIndex = s.lastIndex(where: { $0 == "+" || $0 == "-" }),
      s.distance(from: s.startIndex, to: signIndex) > 10
    {
      let tail = s[s.index(after: signIndex)...].split(separator: ":")
      guard tail.count == 2, tail[0].count == 2, tail[1].count == 2, let hh = Int(tail[0]), let mm = Int(tail[1]), hh <= 14, mm < 60
      else { return nil }
      offsetSeconds = (hh * 3600 + mm * 60) * (s[signIndex] == "-" ? -1 : 1)
      s = s[..<signIndex]
    }
    let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " })
    guard parts.count == 1 || parts.count == 2, let date = parseDate(parts[0]) else { return nil }
    var seconds = 0.0
    if parts.count == 2 {
      let hms = parts[1].split(separator: ":")
      guard hms.count == 2 || hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), (0..<24).contains(h),
        (0..<60).contains(m)
      else { return nil }
      let sec = hms.count == 3 ? Double(hms[2]) : 0
      guard let sec, sec >= 0, sec < 61 else { return nil }
      seconds = Double(h * 3600 + m * 60) + sec
    }
    if let offsetSeconds {
      return Date(timeIntervalSince1970: Double(date.dayNumber) * 86400 + seconds - Double(offsetSeconds))
    }
    return date.start(in: timeZone).addingTimeInterval(seconds)
  }

  /// `2026-11-24` or `24/11/2026`.
  /// The years a person may type: dates before 1900 or after 2200 are taken for typing mistakes.
  public static let typedYears: ClosedRange<Int> = 1900...2200

  /// A date as people type it: `2026-03-01`, `01/03/2026` or `1/3/2026`, in the years 1900–2200.
  public static func parseDate(_ text: some StringProtocol) -> LocalDate? {
    let date: LocalDate?
    if let d = LocalDate(iso: text) {
      date = d
    } else {
      let p = text.split(separator: "/", omittingEmptySubsequences: false)
      guard p.count == 3, p[2].count == 4, (1...2).contains(p[0].count), (1...2).contains(p[1].count),
        let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2])
      else { return nil }
      date = LocalDate(year: y, month: m, day: d)
    }
    guard let date, typedYears.contains(date.components.year) else { return nil }
    return date
  }

  private static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}
