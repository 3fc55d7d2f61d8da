import Foundation
import Testing

/// Runs the built `stflow` binary as a user or a script would, in a scratch folder.
struct StflowProcess {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The binary next to the test bundle (`.build/debug/stflow`).
  static let binary: String = {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stflow"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("stflow"),
      Bundle.main.bundleURL.appendingPathComponent("stflow"),
      packageRoot.appendingPathComponent(".build/debug/stflow"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates[3].path
  }()

  struct Result {
    let code: Int32
    let stdout: String
    let stderr: String
  }

  let directory: URL
  var db: String { directory.appendingPathComponent("stflow.db").path }
  static let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/grant.json").path

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  /// Runs a system tool (`pdftotext`, `python3`…) from /usr/bin or /usr/local/bin and returns its exit code and
  /// standard output.
  static func tool(_ name: String, _ args: [String]) throws -> (code: Int32, out: String) {
    let path = try #require(["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) })
    return try tool(at: path, args)
  }

  /// Runs the program at `path` and returns its exit code and standard output (standard error is dropped).
  static func tool(at path: String, _ args: [String]) throws -> (code: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }
  /// Runs `stflow ARGS` in the scratch folder and waits for it.
  @discardableResult
  func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: StflowProcess.binary)
    p.arguments = args
    p.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "STFLOW_DB")
    env.removeValue(forKey: "STFLOW_ACTOR")
    env.merge(environment) { _, new in new }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Drain both pipes before waiting so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      outData = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return Result(
      code: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }

  /// `stflow --db DB ARGS`.
  @discardableResult
  func db(_ args: String...) throws -> Result { try run(["--db", db] + args) }

  /// A database with the grant workflow and actors lan (manager), hung (approver), mai (clerk), root (admin).
  static func prepared() throws -> StflowProcess {
    let s = try StflowProcess()
    for args in [
      ["actor", "add", "root", "--role", "admin"],
      ["--as", "root", "workflow", "load", fixture],
      ["--as", "root", "actor", "add", "lan", "--role", "manager", "--email", "lan@example.vn"],
      ["--as", "root", "actor", "add", "hung", "--role", "approver"],
      ["--as", "root", "actor", "add", "mai", "--role", "clerk"],
    ] {
      let r = try s.run(["--db", s.db] + args)
      #expect(r.code == 0, "\(args): \(r.stderr)")
    }
    return s
  }
}
