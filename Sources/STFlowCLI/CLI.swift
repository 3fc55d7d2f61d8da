import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

/// The `stflow` command line: `stflow [--db PATH] [--as ACTOR] [--at DATETIME] [--json] [--lang vi|en] COMMAND …`.
///
/// ``run(_:clock:)`` returns the exit code instead of exiting, so it can be driven in-process.
public struct CLI {
  /// Options every command accepts.
  static let globalOptions: Set<String> = ["--db", "--as", "--at", "--lang"]
  static let globalFlags: Set<String> = ["--json", "--help", "-h"]

  var dbPath: String
  /// Whether the database path was given (`--db` or `STFLOW_DB`) rather than defaulted.
  var dbGiven = false
  var actor: String?
  var atText: String?
  var json = false
  var language = "vi"
  let clock: any WallClock
  /// The serving thread's store, when the command runs for a served request.
  var servedStore: EventStore?
  /// The signed-in person a served command runs for: lists show only the tasks they may see.
  var viewer: Actor?
  /// Commands added by other modules.
  var extensions: [String: ExtensionCommand] = [:]

  /// The time zone `--at` is read in when it has no offset.
  static let defaultTimeZone = TimeZone.vietnam

  /// How values are written for the reader of this command (`--lang`).
  var formats: Formats { Formats(language: language, timeZone: CLI.defaultTimeZone) }

  /// Runs one command line (without the program name) and returns its exit code. `extensions` are
  /// commands another module adds (`serve`), by their words.
  public static func run(
    _ arguments: [String], clock: any WallClock = SystemClock(), extensions: [String: ExtensionCommand] = [:]
  ) -> Int32 {
    let env = ProcessInfo.processInfo.environment
    var cli = CLI(dbPath: env["STFLOW_DB"] ?? "stflow.db", actor: env["STFLOW_ACTOR"], clock: clock)
    cli.extensions = extensions
    cli.dbGiven = env["STFLOW_DB"] != nil
    var rest: [String] = []
    var wantsHelp = false
    var i = 0
    do {
      while i < arguments.count {
        let a = arguments[i]
        i += 1
        if a == "--" {
          rest += arguments[(i - 1)...]
          break
        }
        var (name, inline): (String, String?) = (a, nil)
        if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
          name = String(a[..<eq])
          inline = String(a[a.index(after: eq)...])
        }
        if globalOptions.contains(name) {
          guard let value = inline ?? (i < arguments.count ? arguments[i] : nil) else {
            throw UsageError("\(name) needs a value", vi: "\(name) cần một giá trị")
          }
          if inline == nil { i += 1 }
          switch name {
          case "--db":
            cli.dbPath = value
            cli.dbGiven = true
          case "--as": cli.actor = value.precomposedStringWithCanonicalMapping
          case "--at": cli.atText = value
          default:
            guard value == "vi" || value == "en" else {
              throw UsageError("--lang takes vi or en, not '\(value)'", vi: "--lang nhận vi hoặc en, không nhận '\(value)'")
            }
            cli.language = value
          }
        } else if a == "--json" {
          cli.json = true
        } else if a == "--help" || a == "-h" {
          wantsHelp = true
        } else {
          rest.append(a)
        }
      }
      let (path, args) = Help.command(in: rest)
      if path.isEmpty && !wantsHelp {
        Console.out(Help.global)
        return ExitCode.badInput.rawValue
      }
      if wantsHelp || path == ["help"] {
        let topic = path == ["help"] ? Help.command(in: Array(rest.dropFirst())).0 : path
        Console.out(Help.text(for: topic))
        return ExitCode.success.rawValue
      }
      // An --at that is not a time is refused by every command, even one that would not read it.
      _ = try cli.effectiveTime()
      return try cli.dispatch(path, args).rawValue
    } catch {
      return cli.report(error).rawValue
    }
  }

  /// Runs the command named by `path` (e.g. `["task", "fire"]`).
  func dispatch(_ path: [String], _ args: [String]) throws -> ExitCode {
    switch path.joined(separator: " ") {
    case "init": return try initialize(args)
    case "demo": return try demo(args)
    case "workflow validate": return try workflowValidate(args)
    case "workflow load": return try workflowLoad(args)
    case "workflow list": return try workflowList(args)
    case "workflow show": return try workflowShow(args)
    case "actor add": return try actorAdd(args)
    case "actor list": return try actorList(args)
    case "task create": return try taskCreate(args)
    case "task fire": return try taskFire(args)
    case "task set": return try taskSet(args)
    case "task attach": return try taskAttach(args)
    case "task show": return try taskShow(args)
    case "task history": return try taskHistory(args)
    case "task list": return try taskList(args)
    case "task explain": return try taskExplain(args)
    case "task migrate": return try taskMigrate(args)
    case "tick": return try tick(args)
    case "report": return try periodReport(args)
    case "settings list": return try settingsList(args)
    case "settings set": return try settingsSet(args)
    case "dashboard": return try dashboard(args)
    case "import tasks": return try importTasks(args)
    case "export tasks": return try exportTasks(args)
    case "run": return try runDaemon(args)
    case "simulate": return try simulate(args)
    case "hooks list": return try hooksList(args)
    case "hooks retry": return try hooksRetry(args)
    case "hooks config": return try hooksConfig(args)
    case "due": return try due(args)
    case "calendar load": return try calendarLoad(args)
    case "calendar show": return try calendarShow(args)
    case "council open": return try councilOpen(args)
    case "council attend": return try councilAttend(args)
    case "council ballot": return try councilBallot(args)
    case "council close": return try councilClose(args)
    case "council show": return try councilShow(args)
    case "council minutes": return try councilMinutes(args)
    case "audit verify": return try auditVerify(args)
    case "audit rebuild": return try auditRebuild(args)
    case "audit anchor": return try auditAnchor(args)
    case "user passwd": return try userPasswd(args)
    case "user signout": return try userSignout(args)
    case "token create": return try tokenCreate(args)
    case "token list": return try tokenList(args)
    case "token revoke": return try tokenRevoke(args)
    case "store status": return try storeStatus(args)
    case "store copy": return try storeCopy(args)
    default:
      if let command = extensions[path.joined(separator: " ")] {
        return try command(ExtensionContext(dbPath: dbPath, dbGiven: dbGiven, actor: actor, json: json, clock: clock), args)
      }
      if path.count == 1, Help.groups.contains(path[0]) {
        throw UsageError(
          "'\(path[0])' needs a subcommand\n" + Help.text(for: path), vi: "lệnh '\(path[0])' cần một lệnh con\n" + Help.text(for: path),
          command: path[0])
      }
      throw UsageError("unknown command '\(path.joined(separator: " "))'", vi: "không có lệnh '\(path.joined(separator: " "))'")
    }
  }

  /// Prints an error the way its kind deserves and returns the exit code.
  func report(_ error: any Error) -> ExitCode {
    let (code, rule, message, values) = CLI.classify(error, language: language)
    Console.err(message)
    if json {
      var obj: [(String, JSON)] = [("rule", .string(rule)), ("message", .string(message)), ("exitCode", .integer(Int64(code.rawValue)))]
      if !values.isEmpty { obj.append(("values", .object(values.map { ($0.0, .string($0.1)) }))) }
      Console.out(JSON.object([("error", .object(obj))]).prettyText)
    }
    return code
  }

  /// What an error means: the exit code, the rule that refused (or the kind of failure), the message and
  /// the values that failed. The command line prints it; the server answers with it.
  public static func classify(_ error: any Error, language: String = "vi") -> (
    code: ExitCode, rule: String, message: String, values: [(String, String)]
  ) {
    let (code, rule, message, values): (ExitCode, String, String, [(String, String)])
    switch error {
    case let e as UsageError: (code, rule, message, values) = (.badInput, "usage", e.description(language), [])
    case let r as Rejection:
      (code, rule, message, values) = (r.isBadInput ? .badInput : .refused, r.rule.rawValue, RefusalText.line(r, language), r.values)
    case let e as StoreError:
      switch e {
      case .badInput, .input: (code, rule, message, values) = (.badInput, "input", e.message(language), [])
      case .forbidden: (code, rule, message, values) = (.refused, "role-required", e.message(language), [])
      case .database(let d) where d.isBusy:
        (code, rule, message, values) = (.failure, "busy", "the database is locked by another process for too long: \(d)", [])
      default: (code, rule, message, values) = (.failure, "storage", e.message(language), [])
      }
    case let e as DefinitionError: (code, rule, message, values) = (.badInput, "definition", e.description, [])
    case let e as FieldValueParser.Failure: (code, rule, message, values) = (.badInput, "invalid-value", e.description(language), [])
    default: (code, rule, message, values) = (.failure, "internal", "\(error)", [])
    }
    return (code, rule, message, values)
  }

  // MARK: Shared helpers

  /// Opens the database, which must exist unless `create` is set.
  func openStore(create: Bool = false) throws -> EventStore {
    if let servedStore { return servedStore }
    // A PostgreSQL database lives on its server: opening it creates STFlow's tables when it has none.
    if EventStore.isServer(dbPath) {
      if !create { try EventStore.requireInitialised(server: dbPath) }
      return try EventStore(server: dbPath, clock: clock)
    }
    if !create && !FileManager.default.fileExists(atPath: dbPath) {
      throw StoreError.input(
        "no database at \(dbPath): run 'stflow --db \(dbPath) init' first (or set STFLOW_DB)",
        vi: "chưa có cơ sở dữ liệu \(dbPath): chạy 'stflow --db \(dbPath) init' trước (hoặc đặt STFLOW_DB)")
    }
    // An empty file is no database: reading it must not turn it into one.
    if !create, let size = (try? FileManager.default.attributesOfItem(atPath: dbPath))?[.size] as? Int, size == 0 {
      throw StoreError.input(
        "\(dbPath) is an empty file, not an STFlow database (was it truncated? restore it from a backup)",
        vi: "\(dbPath) là tệp rỗng, không phải cơ sở dữ liệu STFlow (tệp bị cắt? hãy khôi phục từ bản sao lưu)")
    }
    return try EventStore(path: dbPath, clock: clock)
  }

  /// The acting actor (`--as` or `STFLOW_ACTOR`), required for every change.
  func requireActor(_ command: String) throws(UsageError) -> String {
    guard let actor, !actor.isEmpty else {
      throw UsageError(
        "'\(command)' needs to know who is acting: add --as NAME (or set STFLOW_ACTOR)",
        vi: "lệnh '\(command)' cần biết ai thực hiện: thêm --as TÊN_ĐĂNG_NHẬP (hoặc đặt STFLOW_ACTOR)",
        command: command)
    }
    return actor
  }

  /// The business time given with `--at`, if any.
  func effectiveTime(timeZone: TimeZone = CLI.defaultTimeZone) throws(UsageError) -> Date? {
    guard let atText else { return nil }
    guard let d = Timestamp.parse(atText, in: timeZone) else {
      throw UsageError(
        "--at '\(atText)' is not a date or time (use 2026-03-01, 2026-03-01T09:30, 01/03/2026 or ISO 8601 with an offset)",
        vi: "--at '\(atText)' không phải ngày hoặc giờ (dùng 01/03/2026, 2026-03-01, 2026-03-01T09:30 hoặc ISO 8601 có múi giờ)")
    }
    return d
  }

  func emit(_ value: JSON) { Console.out(value.prettyText) }

  /// Whether the person a served command runs for may see the task (always, on the command line).
  func visible(_ key: String, in store: EventStore) throws -> Bool {
    guard let viewer else { return true }
    guard let task = try store.task(key: key) else { return false }
    return try store.canSee(task, actor: viewer)
  }
}
