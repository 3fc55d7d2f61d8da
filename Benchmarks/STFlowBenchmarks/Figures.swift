import Foundation
import STFlowFoundation
import Synchronization

/// Every figure a run measures, with its target, so the run ends with one table (and `--json PATH` writes
/// the same for tools).
struct Figure: Sendable {
  enum Goal: String, Sendable {
    /// The value must be at least the target (a rate, a ratio to a baseline).
    case atLeast = "≥"
    /// The value must be at most the target (a time, a size).
    case atMost = "≤"
    /// A figure the issue asks to see, without a target (notices drained by 1 and by 3 nodes).
    case none = "—"
  }

  let name: String
  let value: Double
  let unit: String
  let goal: Goal
  let target: Double
  /// What the figure is measured against, when a bare baseline ran in the same process ("bare SQLite INSERT: 57,600/s").
  let baseline: String?

  /// Value over target for a "more is better" figure, target over value otherwise: ≥ 1 means met.
  var ratio: Double {
    switch goal {
    case .atLeast: return target == 0 ? 0 : value / target
    case .atMost: return value == 0 ? .infinity : target / value
    case .none: return 1
    }
  }
  var met: Bool {
    switch goal {
    case .atLeast: value >= target
    case .atMost: value <= target
    case .none: true
    }
  }
}

let figures = Mutex<[Figure]>([])

/// Records one figure and prints it on its own line.
func record(_ name: String, _ value: Double, _ unit: String, _ goal: Figure.Goal, _ target: Double, baseline: String? = nil) {
  let f = Figure(name: name, value: value, unit: unit, goal: goal, target: target, baseline: baseline)
  figures.withLock { $0.append(f) }
  print(
    goal == .none
      ? "  → \(name): \(format(value)) \(unit)"
      : "  → \(name): \(format(value)) \(unit) (target \(goal.rawValue) \(format(target)) \(unit); \(f.met ? "met" : "NOT met"))")
}

/// The closing table, and the JSON file when asked for.
func reportFigures(json path: String?) throws {
  let all = figures.withLock { $0 }
  print("\nSummary (ratio ≥ 1 means the target is met)")
  let width = all.map(\.name.count).max() ?? 10
  for f in all {
    let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
    print(
      "  \(f.met ? "✓" : "✗") \(name)  \(format(f.value)) \(f.unit)  target \(f.goal.rawValue) \(format(f.target))  ratio \(String(format: "%.2f", f.ratio))"
        + (f.baseline.map { "  [\($0)]" } ?? ""))
  }
  guard let path else { return }
  let items: [JSON] = all.map { f in
    var o: [(String, JSON)] = [
      ("name", .string(f.name)), ("value", .number(f.value)), ("unit", .string(f.unit)),
      ("goal", .string(f.goal == .atLeast ? "atLeast" : f.goal == .atMost ? "atMost" : "none")),
      ("target", .number(f.target)), ("ratio", .number(f.ratio.isFinite ? f.ratio : 0)), ("met", .bool(f.met)),
    ]
    if let b = f.baseline { o.append(("baseline", .string(b))) }
    return .object(o)
  }
  let doc = JSON.object([
    ("machine", .object([("cores", .integer(Int64(ProcessInfo.processInfo.processorCount)))])),
    ("quick", .bool(quick)), ("figures", .array(items)),
  ])
  try Data((doc.prettyText + "\n").utf8).write(to: URL(fileURLWithPath: path))
  print("figures written to \(path)")
}
