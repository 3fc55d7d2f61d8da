import Foundation
import Testing

@testable import STFlowDefinition

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ShippedWorkflowTests {
  @Test func everyShippedWorkflowIsValid() throws {
    let dir = packageRoot.appendingPathComponent("Workflows")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json")
    }
    #expect(!files.isEmpty)
    for file in files {
      let d = try DefinitionLoader.load(file: dir.appendingPathComponent(file).path)
      #expect(!d.states.isEmpty)
    }
  }

  @Test func theProvincialWorkflowCoversTheLifecycle() throws {
    let d = try DefinitionLoader.load(file: packageRoot.appendingPathComponent("Workflows/provincial-task.json").path)
    for state in [
      "proposed", "identification_review", "call_open", "no_candidate", "selection_review", "appraisal", "revision",
      "awaiting_approval", "approved", "implementation", "internal_acceptance", "provincial_acceptance", "accepted",
      "recognised", "registered", "liquidated", "rejected", "terminated", "dropped",
    ] {
      #expect(d.state(state) != nil, "missing state \(state)")
    }
    for t in ["report_progress", "inspect", "adjust", "extend", "terminate", "no_application", "request_revision", "liquidate"] {
      #expect(d.transition(t) != nil, "missing transition \(t)")
    }
    #expect(d.transition("report_progress")?.to == nil)
    #expect(d.transition("extend")?.basis?.contains("04/2015") == true)
    for s in d.states { #expect(s.label.vi != nil && s.label.en != nil, "state \(s.name) needs both labels") }
  }

  @Test func diagramsDrawEveryTransition() throws {
    let d = try DefinitionLoader.load(file: packageRoot.appendingPathComponent("Tests/Fixtures/grant.json").path)
    let mermaid = DiagramRenderer(definition: d, language: "en").mermaid(current: "active")
    #expect(mermaid.hasPrefix("stateDiagram-v2"))
    #expect(mermaid.contains("draft --> review : submit"))
    #expect(mermaid.contains("active --> active : report"))
    #expect(mermaid.contains("active --> done : finish (auto)"))
    #expect(mermaid.contains("class active current"))
    // "from": "*" expands to every non-final state.
    #expect(mermaid.contains("review --> cancelled : cancel"))
    #expect(!mermaid.contains("done --> cancelled"))
    let dot = DiagramRenderer(definition: d).dot()
    #expect(dot.contains("\"draft\" -> \"review\" [label=\"submit\"];"))
    #expect(dot.contains("\"done\" [label=\"Hoàn thành\", peripheries=2];"))
  }
}
