import STFlowDefinition

extension TaskImporter {
  /// What a column fills, for one workflow.
  enum Column: Equatable {
    case key, state, entered, workflow
    case field(String)
    /// A person field's login id.
    case account(String)
    case period
    case count(String)
    case fired(String)
  }

  /// The names one workflow knows its columns by, normalised once for the whole sheet: the cells of the first
  /// rows are all tried as headers, and each is compared with every field's name, labels and aliases.
  struct ColumnMatcher {
    struct Field {
      let name: String
      let isActor: Bool
      /// The name, the Vietnamese and English labels and the aliases, normalised.
      let written: Set<String>
    }
    struct Transition {
      let id: String
      /// `count.id` and `fired.id`, lower case.
      let count: String
      let fired: String
      /// "số lần <label>" and "ngày <label> gần nhất", for a transition with a label.
      let labelledCount: String?
      let labelledFired: String?
    }
    let period: Set<String>
    let fields: [Field]
    let transitions: [Transition]

    init(_ d: WorkflowDefinition) {
      period = Set(d.importing.period?.headers.map(normalized) ?? [])
      fields = d.fields.map { f in
        var written: Set<String> = [normalized(f.name)]
        if let label = f.label {
          written.insert(normalized(label.text("vi")))
          written.insert(normalized(label.text("en")))
        }
        for alias in f.aliases { written.insert(normalized(alias)) }
        return Field(name: f.name, isActor: f.type == .actor, written: written)
      }
      transitions = d.transitions.map { t in
        let label = t.label.map { normalized($0.text("vi")) }
        return Transition(
          id: t.id, count: "count.\(t.id.lowercased())", fired: "fired.\(t.id.lowercased())", labelledCount: label.map { "số lần \($0)" },
          labelledFired: label.map { "ngày \($0) gần nhất" })
      }
    }

    /// What the column headed `header` fills, or `nil` when the workflow does not know it.
    func column(_ header: String) -> Column? {
      let n = normalized(header)
      if keyHeaders.contains(n) { return .key }
      if stateHeaders.contains(n) { return .state }
      if enteredHeaders.contains(n) { return .entered }
      if workflowHeaders.contains(n) { return .workflow }
      if period.contains(n) { return .period }
      if n.hasSuffix(accountSuffix) {
        let person = String(n.dropLast(accountSuffix.count))
        if let f = fields.first(where: { $0.isActor && $0.written.contains(person) }) { return .account(f.name) }
      }
      if let f = fields.first(where: { $0.written.contains(n) }) { return .field(f.name) }
      for t in transitions {
        if n == t.count || n == t.labelledCount { return .count(t.id) }
        if n == t.fired || n == t.labelledFired { return .fired(t.id) }
      }
      return nil
    }
  }
}
