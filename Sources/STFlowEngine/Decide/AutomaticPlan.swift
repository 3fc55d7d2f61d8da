import STFlowDefinition
import STFlowRules

/// The automatic transitions leaving each state, with what their guards read, worked out once when the
/// engine is made so that a command does not look through guard expressions to see whether one may have
/// become true.
final class AutomaticPlan: Sendable {
  struct Candidate: Sendable {
    let transition: TransitionDefinition
    let guardExpression: GuardExpression
    /// The fields the guard reads.
    let fields: Set<String>
    /// The transitions whose count or last firing (`count.ID`, `fired.ID`) the guard reads.
    let counts: Set<String>
    /// The guard reads something any event may change (`at`, `state`, `enteredOn`, `createdOn`).
    let readsAlways: Bool
  }

  /// Candidates by state, in definition order.
  let byState: [String: [Candidate]]

  init(_ definition: WorkflowDefinition) {
    var byState: [String: [Candidate]] = [:]
    for (state, indices) in definition.automaticFrom {
      byState[state] = indices.compactMap { i in
        let t = definition.transitions[i]
        guard let g = t.guardExpression else { return nil }
        var fields = Set<String>()
        var counts = Set<String>()
        var always = false
        for name in g.references {
          switch name {
          case "at", "state", "enteredOn", "createdOn": always = true
          default:
            if name.hasPrefix("count.") || name.hasPrefix("fired.") {
              counts.insert(String(name.dropFirst(6)))
            } else {
              fields.insert(name)
            }
          }
        }
        return Candidate(transition: t, guardExpression: g, fields: fields, counts: counts, readsAlways: always)
      }
    }
    self.byState = byState
  }
}

extension AutomaticPlan.Candidate {
  /// Whether the guard may read a different value after `change` (the state stayed the same).
  func mayHaveChanged(by change: Engine.Change) -> Bool {
    if readsAlways { return true }
    if let t = change.transition, counts.contains(t) { return true }
    for name in change.fields.keys where fields.contains(name) { return true }
    return false
  }
}
