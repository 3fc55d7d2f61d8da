/// The department's settings: how it counts and names things where provinces differ.
public enum Settings {
  /// Whether tasks only followed (centrally managed) are reported apart or counted among the managed.
  public static let followedTasks = "report.followed"
  /// The department's name as it heads its documents (SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH …).
  public static let departmentName = "department.name"
  /// The place written before a document's date ("Bắc Kạn, ngày … tháng … năm …").
  public static let departmentPlace = "department.place"
  /// The roles that see every task in the served interface (comma-separated); unset: every global role.
  public static let staffRoles = "access.staff"

  /// Every setting with what it may hold (`nil`: any single line of text) and what it means.
  public static let known: [(key: String, values: [String]?, meaning: String)] = [
    (followedTasks, ["apart", "managed"], "tasks managed centrally that the department follows: reported apart, or counted as managed"),
    (departmentName, nil, "the department's name as it heads its documents"),
    (departmentPlace, nil, "the place written before a document's date"),
    (staffRoles, nil, "the roles that see every task when served (comma-separated; unset: every role held globally)"),
  ]
}

extension EventStore {
  public func setting(_ key: String) throws -> String? { try meta("setting." + key) }

  /// Sets a known setting to an allowed value (admin only once an admin exists), in one transaction.
  public func setSetting(_ key: String, _ value: String, by caller: String?) throws {
    guard let known = Settings.known.first(where: { $0.key == key }) else {
      throw StoreError.badInput("unknown setting '\(key)' (settings: \(Settings.known.map(\.key).joined(separator: ", ")))")
    }
    if let values = known.values, !values.contains(value) {
      throw StoreError.badInput("setting '\(key)' takes \(values.joined(separator: " or ")), not '\(value)'")
    }
    if value.isEmpty || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw StoreError.badInput("setting '\(key)' must be one line of text")
    }
    try transaction {
      try requireAdmin(caller, doing: "change the department's settings")
      try setRecordedMeta("setting." + key, value, by: caller)
    }
  }
}
