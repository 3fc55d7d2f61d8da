import Foundation
import STFlowRules
import STFlowStore

extension CLI {
  /// Loads every calendar file of `Workflows/calendars/` into the store.
  func loadShippedCalendars(_ store: EventStore, workflows dir: String) throws -> [String] {
    let calendars = (dir as NSString).appendingPathComponent("calendars")
    guard FileManager.default.fileExists(atPath: calendars) else { return [] }
    return try WorkflowLocator.definitionFiles(in: calendars).map { file in
      let (calendar, changed) = try store.loadCalendar(try readJSON(file), file: file)
      return "\(calendar.id)\(changed ? "" : " (unchanged)")"
    }
  }

  func readJSON(_ file: String) throws -> JSON {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw StoreError.input("cannot read file '\(file)'", vi: "không đọc được tệp '\(file)'")
    }
    do {
      return try JSONParser.parse(bytes: Array(data))
    } catch {
      throw StoreError.input("\(file): not valid JSON: \(error.description)", vi: "\(file): không phải JSON hợp lệ: \(error.description)")
    }
  }

  func calendarLoad(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "calendar load")
    guard !p.positionals.isEmpty else {
      throw UsageError("give one or more calendar files", vi: "cho một hoặc nhiều tệp lịch", command: "calendar load")
    }
    let store = try openStore(create: true)
    try store.requireAdmin(actor, doing: "load calendars", vi: "nạp lịch")
    var loaded: [JSON] = []
    for file in p.positionals {
      let (calendar, changed) = try store.loadCalendar(try readJSON(file), file: file, by: actor)
      loaded.append(.object([("id", .string(calendar.id)), ("changed", .bool(changed))]))
      if !json { Console.out("calendar \(calendar.id): \(changed ? "loaded" : "unchanged")") }
    }
    if json { emit(.array(loaded)) }
    return .success
  }

  func calendarShow(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "calendar show", options: ["--year"])
    try p.expectPositionals(1...1, command: "calendar show")
    let id = try p.positional(0, "the calendar id", command: "calendar show")
    let store = try openStore()
    guard let calendar = try store.calendar(id: id) else {
      throw StoreError.input(
        "unknown calendar '\(id)' (loaded: \(try store.calendarIds().joined(separator: ", ")))",
        vi: "không có lịch '\(id)' (đã nạp: \(try store.calendarIds().joined(separator: ", ")))")
    }
    let year =
      try p.value("--year").map { text throws(UsageError) -> Int in
        guard let y = Int(text), (1900...2200).contains(y) else {
          throw UsageError(
            "--year takes a year from 1900 to 2200 such as 2026, not '\(text)'",
            vi: "--year nhận một năm từ 1900 đến 2200, ví dụ 2026, không nhận '\(text)'", command: "calendar show")
        }
        return y
      } ?? LocalDate(clock.now(), in: calendar.timeZone).components.year
    guard let first = LocalDate(year: year, month: 1, day: 1) else {
      throw UsageError("bad year", vi: "năm không hợp lệ", command: "calendar show")
    }
    var days: [(LocalDate, String, Bool)] = []
    var d = first
    while d.components.year == year {
      if let reason = calendar.daysOff[d.dayNumber], calendar.workingWeekdays.contains(d.isoWeekday) { days.append((d, reason, false)) }
      if let reason = calendar.workedDays[d.dayNumber] { days.append((d, reason, true)) }
      d = d.adding(days: 1)
    }
    if json {
      emit(.array(days.map { .object([("date", .string($0.0.description)), ("name", .string($0.1)), ("working", .bool($0.2))]) }))
      return .success
    }
    var t = TextTable(["DATE", "DAY", "", "WHY"])
    let names = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for (date, reason, worked) in days { t.add([date.description, names[date.isoWeekday], worked ? "worked" : "off", reason]) }
    Console.out("Calendar \(id), \(year): weekdays that are off, and rest days that are worked\n" + t.render(maxWidth: 70))
    return .success
  }
}
