import STFlowDefinition

/// The lifecycle of a workflow as SVG, drawn by the server from the definition: states in rows by their
/// distance from the initial state, transitions as arrows; the current state filled, the states and
/// transitions the task has passed through drawn strong. In-state actions are not drawn (the page lists them).
public struct LifecycleDiagram: Sendable {
  public let definition: WorkflowDefinition
  public let language: String

  public init(definition: WorkflowDefinition, language: String = "vi") {
    self.definition = definition
    self.language = language
  }

  static let boxWidth = 168
  static let boxHeight = 40
  static let columnGap = 28
  static let rowGap = 44

  /// The state names by row: breadth-first from the initial state; states not reachable go last.
  func rows() -> [[String]] {
    var next: [String: [String]] = [:]
    for a in DiagramRenderer(definition: definition).arrows() where a.from != a.to { next[a.from, default: []].append(a.to) }
    var depth: [String: Int] = [definition.initial: 0]
    var queue = [definition.initial]
    var i = 0
    while i < queue.count {
      let s = queue[i]
      i += 1
      for to in next[s] ?? [] where depth[to] == nil {
        depth[to] = (depth[s] ?? 0) + 1
        queue.append(to)
      }
    }
    let last = (depth.values.max() ?? 0) + 1
    var rows: [[String]] = Array(repeating: [], count: last + 1)
    for s in definition.states { rows[depth[s.name] ?? last].append(s.name) }
    return rows.filter { !$0.isEmpty }
  }

  /// The diagram. `taken` holds the transitions the task has fired as `from>to`.
  public func svg(current: String?, visited: Set<String>, taken: Set<String>, title: String) -> HTML {
    let rows = rows()
    let columns = rows.map(\.count).max() ?? 1
    let width = columns * (Self.boxWidth + Self.columnGap) + Self.columnGap
    let height = rows.count * (Self.boxHeight + Self.rowGap) + Self.rowGap
    var centre: [String: (x: Int, y: Int)] = [:]
    for (r, row) in rows.enumerated() {
      let rowWidth = row.count * (Self.boxWidth + Self.columnGap) - Self.columnGap
      let left = (width - rowWidth) / 2
      for (c, s) in row.enumerated() {
        centre[s] = (
          left + c * (Self.boxWidth + Self.columnGap) + Self.boxWidth / 2,
          Self.rowGap + r * (Self.boxHeight + Self.rowGap) + Self.boxHeight / 2
        )
      }
    }
    var edges: [HTML] = []
    var drawn = Set<String>()
    for (from, to, t) in DiagramRenderer(definition: definition, language: language).arrows() where from != to {
      guard drawn.insert(from + ">" + to).inserted, let a = centre[from], let b = centre[to] else { continue }
      edges.append(edge(from: a, to: b, strong: taken.contains(from + ">" + to), label: t.label?.text(language, fallback: t.id) ?? t.id))
    }
    var boxes: [HTML] = []
    for s in definition.states {
      guard let c = centre[s.name] else { continue }
      let cls = s.name == current ? "current" : visited.contains(s.name) ? "visited" : s.isFinal ? "final" : "state"
      let label = s.label.text(language, fallback: s.name)
      let x = c.x - Self.boxWidth / 2
      let y = c.y - Self.boxHeight / 2
      boxes.append(
        """
        <g class="\(cls)"><title>\(label)</title><rect x="\(x)" y="\(y)" width="\(Self.boxWidth)" height="\(Self.boxHeight)" rx="8"\
        \(s.isFinal ? HTML(" stroke-width=\"3\"") : .empty)/>\(lines(label, x: c.x, y: c.y))</g>
        """)
    }
    return """
      <svg class="lifecycle" role="img" aria-label="\(title)" viewBox="0 0 \(width) \(height)" xmlns="http://www.w3.org/2000/svg">\
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">\
      <path d="M0,0 L10,5 L0,10 z"/></marker></defs>\(edges)\(boxes)</svg>
      """
  }

  /// A label in one or two lines of at most ~22 characters.
  func lines(_ label: String, x: Int, y: Int) -> HTML {
    let words = label.split(separator: " ").map(String.init)
    var first = ""
    var rest = ""
    for w in words {
      if rest.isEmpty, (first + " " + w).count <= 22 || first.isEmpty {
        first += (first.isEmpty ? "" : " ") + w
      } else {
        rest += (rest.isEmpty ? "" : " ") + w
      }
    }
    if rest.count > 24 { rest = String(rest.prefix(23)) + "…" }
    if rest.isEmpty { return "<text x=\"\(x)\" y=\"\(y + 5)\" text-anchor=\"middle\">\(first)</text>" }
    return
      "<text x=\"\(x)\" y=\"\(y - 3)\" text-anchor=\"middle\">\(first)</text><text x=\"\(x)\" y=\"\(y + 12)\" text-anchor=\"middle\">\(rest)</text>"
  }

  /// An arrow from the border of one box to the border of another; a curve when it goes back up or sideways.
  func edge(from a: (x: Int, y: Int), to b: (x: Int, y: Int), strong: Bool, label: String) -> HTML {
    let h = Self.boxHeight / 2
    let cls: HTML = strong ? "edge taken" : "edge"
    if b.y > a.y {
      return "<path class=\"\(cls)\" d=\"M\(a.x),\(a.y + h) L\(b.x),\(b.y - h)\" marker-end=\"url(#arrow)\"><title>\(label)</title></path>"
    }
    // Back or sideways: leave from the right side and bend outwards.
    let bend = max(abs(b.y - a.y) / 2, 30)
    let sx = a.x + Self.boxWidth / 2
    let ex = b.x + Self.boxWidth / 2
    return
      "<path class=\"\(cls)\" d=\"M\(sx),\(a.y) C\(sx + bend),\(a.y) \(ex + bend),\(b.y) \(ex),\(b.y)\" fill=\"none\" marker-end=\"url(#arrow)\"><title>\(label)</title></path>"
  }
}
