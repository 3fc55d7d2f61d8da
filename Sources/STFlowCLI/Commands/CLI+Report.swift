import Foundation
import STFlowReports
import STFlowRules
import STFlowStore

extension CLI {
  /// `stflow report --from D --to D [--format md|json|html] [--out FILE] [--followed apart|managed]`.
  func periodReport(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(
      args, command: "report", options: ["--from", "--to", "--format", "--workflow", "--out", "--followed", "--anchor-key"])
    try p.expectPositionals(0...0, command: "report")
    guard let f = p.value("--from").flatMap(Timestamp.parseDate), let t = p.value("--to").flatMap(Timestamp.parseDate) else {
      throw UsageError("give --from and --to as dates (01/01/2026 or 2026-01-01)", command: "report")
    }
    guard f <= t else { throw UsageError("--from \(f) is after --to \(t)", command: "report") }
    let format = p.value("--format") ?? (json ? "json" : "md")
    guard ["md", "json", "html"].contains(format) else {
      throw UsageError("--format takes md, json or html, not '\(format)'", command: "report")
    }
    let store = try openStore()
    let followedAsManaged: Bool
    let setting = try store.setting(Settings.followedTasks)
    switch p.value("--followed") ?? setting ?? "apart" {
    case "apart": followedAsManaged = false
    case "managed": followedAsManaged = true
    case let other: throw UsageError("--followed takes apart or managed, not '\(other)'", command: "report")
    }
    let report = try ReportBuilder.build(
      store: store, from: f, to: t, workflow: p.value("--workflow"), followedAsManaged: followedAsManaged)
    let anchor = try p.value("--anchor-key").map { try store.anchor(key: try AnchorKey.read($0, db: dbPath)).description }
    let renderer = ReportRenderer(report: report, language: language, anchor: anchor)
    let text: String
    switch format {
    case "json": text = renderer.json.prettyText + "\n"
    case "html": text = renderer.html
    default: text = renderer.markdown
    }
    if let out = p.value("--out") {
      try OutputFile.write(text, to: out)
      Console.out(language == "en" ? "wrote \(out)" : "đã ghi \(out)")
    } else {
      Console.write(text)
    }
    return .success
  }
}
