import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore

/// One command run for a served request: the same command functions the command line runs, acting as
/// the signed-in actor, with JSON output, on the serving thread's own store.
public struct ServedCommand: Sendable {
  /// The command path, e.g. `["task", "fire"]`.
  public var path: [String]
  /// Options with their values (`--comment`, …); each name must be one the command declares.
  public var options: [(String, String)]
  public var flags: [String]
  /// Positional arguments (keys, FIELD=VALUE); passed after `--`, so a value can never read as an option.
  public var positionals: [String]
  /// Private files written for the command (an upload), each in a folder of its own; ``CLI/runServed(_:actor:store:clock:language:)``
  /// removes them once the command has run.
  public var temporaryFiles: [String] = []

  public init(_ path: [String], positionals: [String] = [], options: [(String, String)] = [], flags: [String] = []) {
    self.path = path
    self.positionals = positionals
    self.options = options
    self.flags = flags
  }

  /// The command's arguments as the command line would have them.
  public var arguments: [String] { options.flatMap { [$0.0, $0.1] } + flags + ["--"] + positionals }
}

extension CLI {
  /// Runs `command` as `actor` on `store`: returns the command's JSON output, its exit code and its diagnostics,
  /// or throws the command's error (a `Rejection`, `StoreError`, `UsageError`…) for the server to turn into an
  /// HTTP status.
  public static func runServed(
    _ command: ServedCommand, actor: Actor, store: EventStore, clock: any WallClock, language: String = "vi"
  ) throws -> (output: String, code: ExitCode, diagnostics: String) {
    defer {
      for file in command.temporaryFiles {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path)
      }
    }
    var cli = CLI(dbPath: store.path, actor: actor.name, clock: clock)
    cli.viewer = actor
    cli.dbGiven = true
    cli.json = true
    cli.language = language
    cli.servedStore = store
    let capture = OutputCapture()
    let code = try Console.$capture.withValue(capture) { try cli.dispatch(command.path, command.arguments) }
    return (capture.text.withLock { $0 }, code, capture.errors.withLock { $0 })
  }
}

/// What a command added by another module receives: the global options as parsed.
public struct ExtensionContext: Sendable {
  public let dbPath: String
  public let dbGiven: Bool
  public let actor: String?
  public let json: Bool
  public let clock: any WallClock
}

/// A command another module adds to `stflow` (the server adds `serve`). Returns the exit code.
public typealias ExtensionCommand = @Sendable (ExtensionContext, [String]) throws -> ExitCode
