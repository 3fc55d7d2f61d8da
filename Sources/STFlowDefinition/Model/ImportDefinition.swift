/// How a department's spreadsheet maps onto the workflow, beyond field names, labels and aliases
/// (the definition's `import` section).
public struct ImportDefinition: Sendable {
  /// A column holding a period such as "01/2024 - 12/2025" or "01/3/2021 - 28/2/2023", read into a
  /// start and an end date field.
  public struct PeriodColumn: Sendable {
    public var headers: [String]
    public var start: String
    public var end: String
    public init(headers: [String], start: String, end: String) {
      self.headers = headers
      self.start = start
      self.end = end
    }
  }

  public var period: PeriodColumn?
  /// Columns the department keeps that STFlow does not need (STT, Ghi chú): skipped without a warning.
  public var ignore: [String]
  /// The key given to a row without one: a prefix per value of a field (e.g. kind de_tai → "ĐT"),
  /// followed by the start year and a sequence number.
  public var keyPrefix: (field: String, prefixes: [String: String], fallback: String)?

  public init(
    period: PeriodColumn? = nil, ignore: [String] = [], keyPrefix: (field: String, prefixes: [String: String], fallback: String)? = nil
  ) {
    self.period = period
    self.ignore = ignore
    self.keyPrefix = keyPrefix
  }
}
