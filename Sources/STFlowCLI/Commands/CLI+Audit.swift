import Foundation
import STFlowRules
import STFlowStore

extension CLI {
  func auditVerify(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "audit verify", options: ["--anchor", "--key"])
    try p.expectPositionals(0...0, command: "audit verify")
    let store = try openStore()
    var report = try store.verify()
    if let anchorText = p.value("--anchor") {
      guard let keyPath = p.value("--key") else {
        throw UsageError(
          "--anchor needs --key FILE, the key that signed it", vi: "--anchor cần --key TỆP, khóa đã ký neo", command: "audit verify")
      }
      let text =
        FileManager.default.fileExists(atPath: anchorText)
        ? (try? String(contentsOfFile: anchorText, encoding: .utf8)) ?? "" : anchorText
      guard let anchor = text.split(separator: "\n").lazy.compactMap({ ChainAnchor(text: String($0)) }).first else {
        throw UsageError(
          "--anchor takes the line 'stflow-anchor v1 …' that 'audit anchor' printed, or a file holding it", command: "audit verify")
      }
      report.problems += try store.check(anchor: anchor, key: try AnchorKey.read(keyPath, db: dbPath))
    }
    if json {
      emit(
        .object([
          ("intact", .bool(report.isIntact)), ("events", .integer(Int64(report.eventsChecked))),
          ("tasks", .integer(Int64(report.tasksChecked))), ("problems", .array(report.problems.map { .string($0) })),
        ]))
    } else if report.isIntact {
      Console.out(
        formats.t(
          "toàn vẹn: \(report.eventsChecked) sự kiện trong chuỗi băm liên tục; \(report.tasksChecked) nhiệm vụ khớp với sự kiện của mình",
          "intact: \(report.eventsChecked) events in an unbroken hash chain; \(report.tasksChecked) task projections match their events"))
    } else {
      Console.out(
        formats.t(
          "KHÔNG TOÀN VẸN: \(report.problems.count) lỗi trong \(report.eventsChecked) sự kiện",
          "NOT INTACT: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(report.eventsChecked) events"))
      for problem in report.problems { Console.out("  - " + problem) }
    }
    return report.isIntact ? .success : .refused
  }

  func auditRebuild(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "audit rebuild")
    try p.expectPositionals(0...0, command: "audit rebuild")
    let store = try openStore()
    try store.requireAdmin(actor, doing: "rebuild projections", vi: "dựng lại dữ liệu nhiệm vụ")
    let n = try store.rebuildProjections()
    if json { emit(.object([("tasks", .integer(Int64(n)))])) } else { Console.out("rebuilt \(n) task projections from the events") }
    return .success
  }

  /// `stflow audit anchor --key FILE [--new-key]`: the head of the chain signed with a key kept outside the
  /// database, one line to file with the period report.
  func auditAnchor(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "audit anchor", options: ["--key"], flags: ["--new-key"])
    try p.expectPositionals(0...0, command: "audit anchor")
    guard let keyPath = p.value("--key") else {
      throw UsageError(
        "give --key FILE: the signing key, kept outside the database (--new-key makes one)",
        vi: "cho --key TỆP: khóa ký, giữ ngoài cơ sở dữ liệu (--new-key tạo khóa mới)", command: "audit anchor")
    }
    let store = try openStore()
    if p.has("--new-key") { try AnchorKey.create(keyPath, db: dbPath) }
    let anchor = try store.anchor(key: try AnchorKey.read(keyPath, db: dbPath))
    if json {
      emit(.object([("anchor", .string(anchor.description)), ("seq", .integer(anchor.seq)), ("hash", .string(anchor.hash))]))
    } else {
      Console.out(anchor.description)
    }
    return .success
  }
}
