import Foundation
import STFlowRules

extension EventStore {
  /// Stores (or replaces) a business calendar. Calendars are facts, not rules: the newest one is used
  /// by every task, so an announced holiday schedule applies at once.
  @discardableResult
  public func loadCalendar(_ json: JSON, file: String? = nil, by caller: String? = nil) throws -> (HolidayCalendar, changed: Bool) {
    let calendar: HolidayCalendar
    do {
      calendar = try CalendarLoader.load(json: json, file: file)
    } catch {
      throw StoreError.badInput(error.description)
    }
    let source = json.compactText
    let hash = SHA256.hex(source)
    let changed = try transaction { () throws -> Bool in
      if try connection.scalar("SELECT hash FROM calendars WHERE id = ?", [.text(calendar.id)])?.text == hash { return false }
      let at = now()
      try connection.query(
        "INSERT INTO calendars(id, hash, source, loaded_at) VALUES(?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source, loaded_at = excluded.loaded_at",
        [.text(calendar.id), .text(hash), .text(source), .text(Timestamp.format(at))])
      try recordCalendar(id: calendar.id, hash: hash, by: caller, at: at)
      // The new holidays apply at once: every task's deadlines and reminders are counted again.
      clearEngineCache()
      var ignored: [String] = []
      for task in try readableTasks(into: &ignored) {
        guard let engine = try? engine(hash: task.definitionHash) else { continue }
        try recordDeadlines(of: task, engine: engine, now: at)
      }
      return true
    }
    if changed { clearEngineCache() }
    return (calendar, changed)
  }

  /// A stored calendar by id.
  public func calendar(id: String) throws -> HolidayCalendar? {
    guard let source = try connection.scalar("SELECT source FROM calendars WHERE id = ?", [.text(id)])?.text else { return nil }
    do {
      return try CalendarLoader.load(json: try JSONParser.parse(source))
    } catch {
      throw StoreError.corrupt("calendar \(id): \(error)")
    }
  }

  /// The ids of the stored calendars.
  public func calendarIds() throws -> [String] {
    try connection.query("SELECT id FROM calendars ORDER BY id").compactMap { $0[0].text }
  }
}
