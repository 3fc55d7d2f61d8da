import Foundation
import STFlowEngine
import STFlowStore

extension CLI {
  func taskMigrate(_ args: [String]) throws -> ExitCode {
    let command = "task migrate"
    let p = try ParsedArguments(args, command: command, options: ["--to", "--map", "--workflow"], flags: ["--all", "--dry-run"])
    let store = try openStore()
    var keys: [String]
    var workflow: String
    if p.has("--all") {
      try p.expectPositionals(0...0, command: command)
      let running = try store.tasks(workflow: p.value("--workflow")).filter { t in
        (try? store.engine(hash: t.definitionHash).definition.state(t.state)?.isFinal) != true
      }
      let workflows = Set(running.map(\.workflowId))
      guard let w = p.value("--workflow") ?? (workflows.count == 1 ? workflows.first : nil) else {
        throw UsageError(
          "tasks of several workflows are running (\(workflows.sorted().joined(separator: ", "))): add --workflow W", command: command)
      }
      workflow = w
      keys = running.filter { $0.workflowId == w }.map(\.key)
    } else {
      try p.expectPositionals(1...1, command: command)
      let key = try p.positional(0, "the task key (or --all)", command: command)
      let task = try store.requireTask(key: key)
      workflow = task.workflowId
      keys = [task.key]
    }
    let revisions = try store.definitions().filter { $0.workflow == workflow }
    let target: StoredDefinition?
    switch p.value("--to") {
    case nil, "latest": target = revisions.last
    case let text?:
      guard let n = Int(text) else {
        throw UsageError(
          "--to takes a revision number (see 'stflow workflow list') or latest",
          vi: "--to nhận số bản sửa (xem 'stflow workflow list') hoặc latest", command: command)
      }
      target = revisions.first { $0.revision == n }
    }
    guard let target else {
      throw StoreError.input(
        "workflow '\(workflow)' has no revision \(p.value("--to") ?? "") (revisions: \(revisions.map { String($0.revision) }.joined(separator: ", ")))",
        vi:
          "quy trình '\(workflow)' không có bản sửa \(p.value("--to") ?? "") (các bản sửa: \(revisions.map { String($0.revision) }.joined(separator: ", ")))"
      )
    }
    var map: [String: String] = [:]
    for m in p.values("--map") {
      let parts = m.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw UsageError(
          "--map takes OLD=NEW state names, not '\(m)'", vi: "--map nhận CŨ=MỚI là tên trạng thái, không nhận '\(m)'", command: command)
      }
      map[parts[0]] = parts[1]
    }
    let actorName = p.has("--dry-run") ? (actor ?? "") : try requireActor(command)
    let plans: [MigrationPlan]
    if p.has("--dry-run") {
      plans = try keys.map { try store.planMigration(key: $0, to: target, stateMap: map, now: try readTime()) }
    } else {
      plans = try store.migrate(keys: keys, to: target, stateMap: map, actorName: actorName)
    }
    if json {
      emit(
        .array(
          plans.map { plan in
            .object([
              ("task", .string(plan.taskKey)), ("fromRevision", .integer(Int64(plan.fromRevision))),
              ("toRevision", .integer(Int64(plan.toRevision))),
              ("fromState", .string(plan.fromState)), ("toState", .string(plan.toState)),
              ("droppedFields", .array(plan.droppedFields.map { .string($0) })),
              ("deadlines", .array(plan.deadlineChanges.map { .string($0) })),
              ("problems", .array(plan.problems.map { .string($0) })),
            ])
          }))
    } else {
      Console.out(
        "\(p.has("--dry-run") ? "Dry run: nothing written. " : "")\(plans.count) task\(plans.count == 1 ? "" : "s") → \(workflow) revision \(target.revision)"
      )
      for plan in plans {
        Console.out(
          "\(plan.taskKey): revision \(plan.fromRevision) → \(plan.toRevision), state \(plan.fromState)\(plan.toState == plan.fromState ? "" : " → \(plan.toState)")"
        )
        for f in plan.droppedFields { Console.out("  field \(f) is not in the new version and is dropped") }
        for c in plan.deadlineChanges { Console.out("  deadline \(c)") }
        for problem in plan.problems { Console.out("  CANNOT MOVE: \(problem)") }
      }
    }
    return plans.allSatisfy(\.isPossible) ? .success : .refused
  }
}
