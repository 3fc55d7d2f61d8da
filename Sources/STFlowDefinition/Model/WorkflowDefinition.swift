import Foundation
import STFlowRules

/// A validated workflow definition: the declarative state machine a task follows.
///
/// Build one with ``DefinitionLoader``, which decodes and validates a JSON file and reports every
/// problem with its JSON path. Lookups by name are indexed so the engine never scans. A class because
/// a definition is immutable and shared by every task pinned to it: passing it around costs one retain.
public final class WorkflowDefinition: Sendable {
  public let id: String
  public let version: Int
  public let title: LocalizedText
  /// The business calendar the deadlines count in (a file in `Workflows/calendars/`).
  public let calendarName: String?
  public let timeZone: TimeZone
  public let roles: [String]
  public let fields: [FieldDefinition]
  public let initial: String
  public let states: [StateDefinition]
  public let transitions: [TransitionDefinition]
  /// Roles allowed to create tasks.
  public let createBy: [String]
  /// Roles allowed to change fields with `task set`, unless a field says otherwise.
  public let editBy: [String]
  /// The deadlines tasks must meet.
  public let deadlines: [DeadlineDefinition]
  /// The councils tasks go before.
  public let councils: [CouncilDefinition]
  /// How the period report counts the workflow's tasks.
  public let report: ReportDefinition
  /// How a department's spreadsheet maps onto the workflow.
  public let importing: ImportDefinition
  /// The definition exactly as loaded (compact JSON), which is what the store hashes and keeps.
  public let source: JSON

  /// The position of each field, state and transition in its list, by name.
  public let fieldIndex: NameTable
  public let stateIndex: NameTable
  public let transitionIndex: NameTable
  /// What guard expressions may read, with types.
  public let schema: [String: ReferenceInfo]
  /// For each state, the automatic transitions leaving it, in definition order.
  public let automaticFrom: [String: [Int]]
  /// Actor fields that grant a role on the task: (field, role).
  public let roleGrants: [(field: String, role: String)]
  /// The roles some field grants: held per task only, never globally.
  public let grantedRoles: NameTable
  /// The annex's columns: as declared in `report.annex`, else the conventional names (found once, not per task).
  public let annexColumns: AnnexColumns

  public init(
    id: String, version: Int, title: LocalizedText, calendarName: String?, timeZone: TimeZone, roles: [String],
    fields: [FieldDefinition], initial: String, states: [StateDefinition], transitions: [TransitionDefinition],
    createBy: [String], editBy: [String], deadlines: [DeadlineDefinition] = [], councils: [CouncilDefinition] = [],
    report: ReportDefinition? = nil,
    importing: ImportDefinition = ImportDefinition(), source: JSON
  ) {
    self.importing = importing
    self.report = report ?? .defaults(initial: initial, states: states)
    self.id = id
    self.version = version
    self.title = title
    self.calendarName = calendarName
    self.timeZone = timeZone
    self.roles = roles
    self.fields = fields
    self.initial = initial
    self.states = states
    self.transitions = transitions
    self.createBy = createBy
    self.editBy = editBy
    self.deadlines = deadlines
    self.councils = councils
    self.source = source
    self.fieldIndex = NameTable(fields.map(\.name))
    self.stateIndex = NameTable(states.map(\.name))
    self.transitionIndex = NameTable(transitions.map(\.id))
    self.schema = WorkflowDefinition.makeSchema(fields: fields, states: states, transitions: transitions, councils: councils)
    var automatic: [String: [Int]] = [:]
    for (i, t) in transitions.enumerated() where t.isAutomatic {
      for s in t.from { automatic[s, default: []].append(i) }
    }
    self.automaticFrom = automatic
    self.annexColumns = self.report.annex ?? .conventional(fields: fields)
    self.roleGrants = fields.compactMap { f in f.grantsRole.map { (f.name, $0) } }
    var granted: [String] = []
    for (_, role) in roleGrants where !granted.contains(role) { granted.append(role) }
    self.grantedRoles = NameTable(granted)
  }

  public func field(_ name: String) -> FieldDefinition? { fieldIndex[name].map { fields[$0] } }
  public func state(_ name: String) -> StateDefinition? { stateIndex[name].map { states[$0] } }
  public func transition(_ id: String) -> TransitionDefinition? { transitionIndex[id].map { transitions[$0] } }
  public func council(_ name: String) -> CouncilDefinition? { councils.first { $0.name == name } }
  /// Whether `state` is a final state (without copying its definition).
  public func isFinal(_ state: String) -> Bool { stateIndex[state].map { states[$0].isFinal } ?? false }

  /// Names every guard can read besides the fields: `at` (the effective date of the command),
  /// `state`, `createdOn`, `enteredOn` (date the current state was entered), `count.T` (how many
  /// times transition T has fired on this task), `fired.T` (the date it last fired) and `entered.S`
  /// (the date the task last entered state S).
  public static let builtinReferences = ["at", "state", "createdOn", "enteredOn", "count", "fired", "entered"]

  static func makeSchema(
    fields: [FieldDefinition], states: [StateDefinition], transitions: [TransitionDefinition], councils: [CouncilDefinition]
  ) -> [String: ReferenceInfo] {
    var schema: [String: ReferenceInfo] = [
      "at": ReferenceInfo(type: .date),
      "createdOn": ReferenceInfo(type: .date),
      "enteredOn": ReferenceInfo(type: .date),
      "state": ReferenceInfo(type: .string, enumValues: states.map(\.name)),
    ]
    for f in fields {
      schema[f.name] = ReferenceInfo(type: f.type.valueType, enumValues: f.type == .enum ? f.enumValues : nil)
    }
    for t in transitions {
      schema["count.\(t.id)"] = ReferenceInfo(type: .integer)
      schema["fired.\(t.id)"] = ReferenceInfo(type: .date)
    }
    for s in states { schema["entered.\(s.name)"] = ReferenceInfo(type: .date) }
    for c in councils {
      let outcomes = c.outcomes + ["none"]
      schema["council.\(c.name).outcome"] = ReferenceInfo(type: .string, enumValues: c.outcomes.isEmpty ? nil : outcomes)
      schema["council.\(c.name).score"] = ReferenceInfo(type: .integer)
      schema["council.\(c.name).present"] = ReferenceInfo(type: .integer)
      schema["council.\(c.name).sessions"] = ReferenceInfo(type: .integer)
    }
    return schema
  }
}
