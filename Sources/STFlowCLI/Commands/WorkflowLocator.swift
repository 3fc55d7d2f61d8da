import Foundation

/// Finds the shipped `Workflows/` folder: `--workflows DIR`, `$STFLOW_WORKFLOWS`, `./Workflows`, or the
/// source checkout this binary was built from (so `swift run stflow demo` works from anywhere in it).
enum WorkflowLocator {
  static func directory(explicit: String?) -> String? {
    if let explicit { return explicit }
    let fm = FileManager.default
    if let env = ProcessInfo.processInfo.environment["STFLOW_WORKFLOWS"], fm.fileExists(atPath: env) { return env }
    if fm.fileExists(atPath: "Workflows") { return "Workflows" }
    // Sources/STFlowCLI/Commands/WorkflowLocator.swift → the package root.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let candidate = root.appendingPathComponent("Workflows").path
    return fm.fileExists(atPath: candidate) ? candidate : nil
  }

  /// The definition files (`*.json`, not JSON Schemas) in a folder, sorted.
  static func definitionFiles(in directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }
      .sorted()
      .map { (directory as NSString).appendingPathComponent($0) }
  }
}
