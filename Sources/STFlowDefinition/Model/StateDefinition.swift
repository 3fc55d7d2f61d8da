/// A state a task can be in, such as `implementation` (Đang thực hiện).
public struct StateDefinition: Sendable, Equatable {
  public var name: String
  public var label: LocalizedText
  /// A final state ends the task: nothing can be fired or set any more.
  public var isFinal: Bool
  /// The lifecycle stage the state belongs to (DOMAIN.md's table: proposal, identification, …), for reports.
  public var stage: String?
  /// Other names a spreadsheet may use for the state ("Đã nghiệm thu" for accepted).
  public var aliases: [String] = []

  public init(name: String, label: LocalizedText, isFinal: Bool = false, stage: String? = nil) {
    self.name = name
    self.label = label
    self.isFinal = isFinal
    self.stage = stage
  }
}
