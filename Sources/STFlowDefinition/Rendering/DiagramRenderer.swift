/// Draws a definition as a Mermaid `stateDiagram-v2` or a Graphviz DOT graph.
///
/// In-state actions (transitions with no target) are drawn as self-loops; `"from": "*"` is expanded
/// to every non-final state. `highlight` marks states (e.g. a task's path) and `current` one state.
public struct DiagramRenderer: Sendable {
  public let definition: WorkflowDefinition
  public var language: String

  public init(definition: WorkflowDefinition, language: String = "vi") {
    self.definition = definition
    self.language = language
  }

  /// Every arrow of the diagram: each transition from each of its states (`*` being every non-final state) to
  /// its target, or back to the same state for an in-state action.
  public func arrows() -> [(from: String, to: String, transition: TransitionDefinition)] {
    var out: [(String, String, TransitionDefinition)] = []
    for t in definition.transitions {
      let sources = t.from.contains("*") ? definition.states.filter { !$0.isFinal }.map(\.name) : t.from
      for s in sources { out.append((s, t.to ?? s, t)) }
    }
    return out
  }

  private func edges() -> [(from: String, to: String, label: String)] {
    arrows().map { ($0.from, $0.to, $0.transition.id + ($0.transition.isAutomatic ? " (auto)" : "")) }
  }

  private func safe(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "_") }

  public func mermaid(current: String? = nil, visited: Set<String> = []) -> String {
    var lines = ["stateDiagram-v2"]
    for s in definition.states {
      lines.append("  \(safe(s.name)) : \(s.label.text(language, fallback: s.name).replacingOccurrences(of: ":", with: " "))")
    }
    lines.append("  [*] --> \(safe(definition.initial))")
    for e in edges() { lines.append("  \(safe(e.from)) --> \(safe(e.to)) : \(e.label)") }
    for s in definition.states where s.isFinal { lines.append("  \(safe(s.name)) --> [*]") }
    if !visited.isEmpty {
      lines.append("  classDef visited fill:#dbeafe,stroke:#1d4ed8")
      for s in definition.states where visited.contains(s.name) && s.name != current {
        lines.append("  class \(safe(s.name)) visited")
      }
    }
    if let current {
      lines.append("  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px")
      lines.append("  class \(safe(current)) current")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public func dot(current: String? = nil) -> String {
    func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    var lines = ["digraph \(quote(definition.id)) {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    lines.append("  __start [shape=point];")
    for s in definition.states {
      var attrs = ["label=\(quote(s.label.text(language, fallback: s.name)))"]
      if s.isFinal { attrs.append("peripheries=2") }
      if s.name == current { attrs.append("style=\"rounded,filled\", fillcolor=\"#fde68a\"") }
      lines.append("  \(quote(s.name)) [\(attrs.joined(separator: ", "))];")
    }
    lines.append("  __start -> \(quote(definition.initial));")
    for e in edges() { lines.append("  \(quote(e.from)) -> \(quote(e.to)) [label=\(quote(e.label))];") }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}
