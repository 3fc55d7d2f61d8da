/// Which fields fill the task annex's columns (the `.xlsx` beside the period report) and name the host
/// and the investigator on council minutes: declared as `report.annex` in a definition, so a workflow
/// whose fields are named otherwise still fills every column.
public struct AnnexColumns: Sendable, Equatable {
  /// Enum or text fields: the level and the programme (shown by their labels).
  public var level: String?
  public var programme: String?
  /// The host organisation (text) and the principal investigator (an actor or text).
  public var host: String?
  public var investigator: String?
  /// Date fields: the contract's start, end, and the end after an extension.
  public var start: String?
  public var end: String?
  public var extendedEnd: String?

  public init(
    level: String? = nil, programme: String? = nil, host: String? = nil, investigator: String? = nil, start: String? = nil,
    end: String? = nil, extendedEnd: String? = nil
  ) {
    self.level = level
    self.programme = programme
    self.host = host
    self.investigator = investigator
    self.start = start
    self.end = end
    self.extendedEnd = extendedEnd
  }

  /// The keys of `report.annex` and the field types each accepts.
  public static var keys: [(key: String, path: WritableKeyPath<AnnexColumns, String?>, types: [FieldType])] {
    [
      ("level", \.level, [.enum, .string]), ("programme", \.programme, [.enum, .string]), ("host", \.host, [.string, .enum]),
      ("investigator", \.investigator, [.actor, .string]), ("start", \.start, [.date]), ("end", \.end, [.date]),
      ("extendedEnd", \.extendedEnd, [.date]),
    ]
  }

  /// When a definition declares no annex: the names the shipped workflows use, for the fields it has.
  public static func conventional(fields: [FieldDefinition]) -> AnnexColumns {
    let names = Set(fields.map(\.name))
    func named(_ n: String) -> String? { names.contains(n) ? n : nil }
    return AnnexColumns(
      level: named("level"), programme: named("programme"), host: named("host"), investigator: named("investigator"),
      start: named("contractStart"), end: named("contractEnd"), extendedEnd: named("newContractEnd"))
  }
}
