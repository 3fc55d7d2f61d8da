import Foundation

extension CLI {
  func demo(_ args: [String]) throws -> ExitCode {
    throw UsageError("demo is not built yet")
  }
}
