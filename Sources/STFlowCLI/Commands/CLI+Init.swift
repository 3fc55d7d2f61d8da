import Foundation
import STFlowDefinition
import STFlowStore

extension CLI {
  func initialize(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "init", options: ["--workflows"])
    try p.expectPositionals(0...0, command: "init")
    let existed = EventStore.isServer(dbPath) ? nil : FileManager.default.fileExists(atPath: dbPath)
    let store = try openStore(create: true)
    var loaded: [String] = []
    if let dir = WorkflowLocator.directory(explicit: p.value("--workflows")) {
      for c in try loadShippedCalendars(store, workflows: dir) { loaded.append("calendar \(c)") }
      for file in try WorkflowLocator.definitionFiles(in: dir) {
        let d = try DefinitionLoader.load(file: file)
        let (stored, isNew) = try store.loadDefinition(d, by: actor ?? "init")
        loaded.append("workflow \(stored.workflow) revision \(stored.revision)\(isNew ? "" : " (unchanged)")")
      }
    } else if p.value("--workflows") == nil {
      Console.err("no Workflows/ folder found; load definitions with 'stflow workflow load FILE'")
    }
    if json {
      emit(
        .object([
          ("database", .string(store.path)), ("created", existed.map { .bool(!$0) } ?? .null),
          ("workflows", .array(loaded.map { .string($0) })),
        ]))
    } else {
      Console.out("\(existed.map { $0 ? "opened" : "created" } ?? "opened") \(store.path) (schema version \(EventStore.schemaVersion))")
      for l in loaded { Console.out("  \(l)") }
    }
    return .success
  }
}
