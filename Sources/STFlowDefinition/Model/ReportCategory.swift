/// What the period report counts a transition as, declared on the transition (`"report": "contracted"`).
public enum ReportCategory: String, Sendable, CaseIterable {
  case noApplication, appraised, approved, contracted, progressReport, inspection, `extension`, adjustment, termination
  case rejected
  /// An acceptance council's conclusion, counted by the rating field the report section names.
  case acceptance
  case recognised, registered
  /// Results published and stored (công bố, lưu giữ thông tin).
  case published
  /// Results handed over for application (bàn giao, ứng dụng).
  case handedOver
  case liquidated, closed

  /// The categories after acceptance that the report counts as results.
  public static let results: [ReportCategory] = [.recognised, .registered, .published, .handedOver, .liquidated]
}
