import Foundation
import STFlowRules
import STFlowStore

extension CLI {
  func periodReport(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "report", options: ["--from", "--to", "--format", "--workflow", "--out"])
    try p.expectPositionals(0...0, command: "report")
    guard let f = p.value("--from").flatMap(Timestamp.parseDate), let t = p.value("--to").flatMap(Timestamp.parseDate) else {
      throw UsageError("give --from and --to as dates (01/01/2026 or 2026-01-01)", command: "report")
    }
    guard f <= t else { throw UsageError("--from \(f) is after --to \(t)", command: "report") }
    let report = try openStore().periodReport(from: f, to: t, workflow: p.value("--workflow"))
    let renderer = ReportRenderer(report: report, language: language)
    switch p.value("--format") ?? (json ? "json" : "md") {
    case "md": Console.out(renderer.markdown)
    case "json": emit(renderer.json)
    case "html":
      return try dashboard(
        ["--out", p.value("--out") ?? "stflow-dashboard.html"] + (p.value("--workflow").map { ["--workflow", $0] } ?? []))
    case let other: throw UsageError("--format takes md, json or html, not '\(other)'", command: "report")
    }
    return .success
  }
}
