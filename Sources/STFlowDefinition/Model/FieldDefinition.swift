import STFlowRules

/// The type of a task field.
public enum FieldType: String, Sendable, CaseIterable {
  case string, integer, money, date, boolean
  /// One of a declared list of values.
  case `enum`
  /// The name of a registered actor; may grant that actor a role on this task.
  case actor
  /// A document reference (name, URI, SHA-256), attached with `task attach`.
  case document

  /// The type guard expressions see.
  public var valueType: ValueType {
    switch self {
    case .string, .enum, .actor: return .string
    case .integer: return .integer
    case .money: return .money
    case .date: return .date
    case .boolean: return .bool
    case .document: return .document
    }
  }
}

/// A typed field of a task, such as `contractEnd` (date) or `budget` (money).
public struct FieldDefinition: Sendable, Equatable {
  public var name: String
  public var type: FieldType
  /// Must have a value when the task is created.
  public var required: Bool
  public var enumValues: [String]
  /// For `actor` fields: the role the named actor holds on this task (e.g. `investigator`).
  public var grantsRole: String?
  /// Roles allowed to change the field with `task set`; `nil` means the definition's `editBy`.
  public var editBy: [String]?
  public var label: LocalizedText?
  /// For enum fields: how each value reads (provincial → Cấp tỉnh / Provincial).
  public var valueLabels: [String: LocalizedText] = [:]
  /// Other column headers a spreadsheet may use for the field (e.g. "Cơ quan chủ trì" for host).
  public var aliases: [String] = []

  /// The label of an enum value in `language`, or the value itself.
  public func valueLabel(_ value: String, _ language: String) -> String {
    valueLabels[value]?.text(language, fallback: value) ?? value
  }

  public init(
    name: String, type: FieldType, required: Bool = false, enumValues: [String] = [], grantsRole: String? = nil,
    editBy: [String]? = nil, label: LocalizedText? = nil
  ) {
    self.name = name
    self.type = type
    self.required = required
    self.enumValues = enumValues
    self.grantsRole = grantsRole
    self.editBy = editBy
    self.label = label
  }
}
