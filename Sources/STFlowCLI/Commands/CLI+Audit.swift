import STFlowRules
import STFlowStore

extension CLI {
  func auditVerify(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "audit verify")
    try p.expectPositionals(0...0, command: "audit verify")
    let report = try openStore().verify()
    if json {
      emit(
        .object([
          ("intact", .bool(report.isIntact)), ("events", .integer(Int64(report.eventsChecked))),
          ("tasks", .integer(Int64(report.tasksChecked))), ("problems", .array(report.problems.map { .string($0) })),
        ]))
    } else if report.isIntact {
      Console.out(
        "intact: \(report.eventsChecked) events in an unbroken hash chain; \(report.tasksChecked) task projections match their events")
    } else {
      Console.out("NOT INTACT: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(report.eventsChecked) events")
      for problem in report.problems { Console.out("  - " + problem) }
    }
    return report.isIntact ? .success : .refused
  }

  func auditRebuild(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "audit rebuild")
    try p.expectPositionals(0...0, command: "audit rebuild")
    let store = try openStore()
    try store.requireAdmin(actor, doing: "rebuild projections")
    let n = try store.rebuildProjections()
    if json { emit(.object([("tasks", .integer(Int64(n)))])) } else { Console.out("rebuilt \(n) task projections from the events") }
    return .success
  }
}
