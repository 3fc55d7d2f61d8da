import Foundation
import STFlowReports
import STFlowRules
import STFlowStore

extension CLI {
  /// `stflow report --from D --to D [--format md|json|html|docx|xlsx] [--out FILE] [--followed apart|managed]`.
  /// docx is the report a department files (Nghị định 30/2020), xlsx its annex of managed tasks; both need --out.
  /// Without --format, --out's extension (.md, .json, .html, .docx, .xlsx) chooses it.
  func periodReport(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(
      args, command: "report", options: ["--from", "--to", "--format", "--workflow", "--out", "--followed", "--anchor-key"])
    try p.expectPositionals(0...0, command: "report")
    guard let f = p.value("--from").flatMap(Timestamp.parseDate), let t = p.value("--to").flatMap(Timestamp.parseDate) else {
      throw UsageError(
        "give --from and --to as dates (01/01/2026 or 2026-01-01)", vi: "cho --from và --to là ngày (01/01/2026 hoặc 2026-01-01)",
        command: "report")
    }
    guard f <= t else { throw UsageError("--from \(f) is after --to \(t)", vi: "--from \(f) sau --to \(t)", command: "report") }
    // Without --format, the file's extension says it (bao-cao.docx is the Word document, not Markdown in a .docx).
    let formats = ["md", "json", "html", "docx", "xlsx"]
    let byExtension = p.value("--out").map { URL(fileURLWithPath: $0).pathExtension.lowercased() }.flatMap {
      formats.contains($0) ? $0 : nil
    }
    let format = p.value("--format") ?? byExtension ?? (json ? "json" : "md")
    guard formats.contains(format) else {
      throw UsageError(
        "--format takes md, json, html, docx or xlsx, not '\(format)'",
        vi: "--format nhận md, json, html, docx hoặc xlsx, không nhận '\(format)'", command: "report")
    }
    if ["docx", "xlsx"].contains(format), p.value("--out") == nil {
      throw UsageError(
        "--format \(format) writes a file: give --out FILE.\(format)", vi: "--format \(format) ghi ra tệp: cho --out TỆP.\(format)",
        command: "report")
    }
    let store = try openStore()
    let followedAsManaged: Bool
    let setting = try store.setting(Settings.followedTasks)
    switch p.value("--followed") ?? setting ?? "apart" {
    case "apart": followedAsManaged = false
    case "managed": followedAsManaged = true
    case let other:
      throw UsageError(
        "--followed takes apart or managed, not '\(other)'", vi: "--followed nhận apart hoặc managed, không nhận '\(other)'",
        command: "report")
    }
    let report = try ReportBuilder.build(
      store: store, from: f, to: t, workflow: p.value("--workflow"), followedAsManaged: followedAsManaged)
    let anchor = try p.value("--anchor-key").map { try store.anchor(key: try AnchorKey.read($0, db: dbPath)).description }
    let renderer = ReportRenderer(report: report, language: language, anchor: anchor)
    if ["docx", "xlsx"].contains(format), let out = p.value("--out") {
      let letterhead = try Letterhead.load(from: store)
      let bytes =
        format == "docx"
        ? try renderer.docx(letterhead: letterhead, date: LocalDate(try readTime(), in: .vietnam))
        : try renderer.xlsx(letterhead: letterhead)
      try OutputFile.write(Data(bytes), to: out)
      Console.out(language == "en" ? "wrote \(out)" : "đã ghi \(out)")
      return .success
    }
    var bytes: [UInt8]
    switch format {
    case "json":
      // A year over a ministry's portfolio is tens of megabytes: written as the bytes it was made in.
      bytes = renderer.json.prettyBytes
      bytes.append(UInt8(ascii: "\n"))
    case "html": bytes = Array(renderer.html.utf8)
    default: bytes = Array(renderer.markdown.utf8)
    }
    if let out = p.value("--out") {
      try OutputFile.write(Data(bytes), to: out)
      Console.out(language == "en" ? "wrote \(out)" : "đã ghi \(out)")
    } else {
      Console.write(bytes: bytes)
    }
    return .success
  }
}
