import STFlowDefinition
import STFlowRules

/// The automatic transitions leaving each state, with what their guards read, worked out once when the
/// engine is made so that a command does not look through guard expressions to see whether one may have
/// become true.
final class AutomaticPlan: Sendable {
  /// A reference, so that looking through a state's candidates copies none of them.
  final class Candidate: Sendable {
    init(transition: TransitionDefinition, guardExpression: GuardExpression, fields: NameTable, counts: NameTable, readsAlways: Bool) {
      self.transition = transition
      self.guardExpression = guardExpression
      self.fields = fields
      self.counts = counts
      self.readsAlways = readsAlways
    }

    let transition: TransitionDefinition
    let guardExpression: GuardExpression
    /// The fields the guard reads.
    let fields: NameTable
    /// The transitions whose count or last firing (`count.ID`, `fired.ID`) the guard reads.
    let counts: NameTable
    /// The guard reads something any event may change (`at`, `state`, `enteredOn`, `createdOn`).
    let readsAlways: Bool
  }

  /// Candidates by the state's position in the definition, in definition order.
  let byState: [[Candidate]]
  let stateIndex: NameTable

  init(_ definition: WorkflowDefinition) {
    var byState = [[Candidate]](repeating: [], count: definition.states.count)
    for (state, indices) in definition.automaticFrom {
      guard let s = definition.stateIndex[state] else { continue }
      byState[s] = indices.compactMap { i in
        let t = definition.transitions[i]
        guard let g = t.guardExpression else { return nil }
        var fields: [String] = []
        var counts: [String] = []
        var always = false
        for name in g.references {
          switch name {
          case "at", "state", "enteredOn", "createdOn": always = true
          default:
            if name.hasPrefix("count.") || name.hasPrefix("fired.") {
              counts.append(String(name.dropFirst(6)))
            } else {
              fields.append(name)
            }
          }
        }
        return Candidate(
          transition: t, guardExpression: g, fields: NameTable(fields), counts: NameTable(counts), readsAlways: always)
      }
    }
    self.byState = byState
    self.stateIndex = definition.stateIndex
  }

  /// The candidates leaving `state` (none for a state the definition does not have).
  func candidates(from state: String) -> [Candidate]? {
    guard let s = stateIndex[state], !byState[s].isEmpty else { return nil }
    return byState[s]
  }
}

extension AutomaticPlan.Candidate {
  /// Whether the guard may read a different value after `change` (the state stayed the same).
  func mayHaveChanged(by change: Engine.Change) -> Bool {
    if readsAlways { return true }
    if let t = change.transition, counts.contains(t) { return true }
    if fields.isEmpty { return false }
    for name in change.fields.keys where fields.contains(name) { return true }
    return false
  }
}
