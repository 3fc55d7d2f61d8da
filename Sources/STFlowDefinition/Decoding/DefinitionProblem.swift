/// One problem in a definition file: where it is (file and JSON path) and what was expected.
public struct DefinitionProblem: Sendable, Equatable, CustomStringConvertible {
  public var file: String?
  /// A JSON path such as `$.transitions[3].when`.
  public var path: String
  public var message: String

  public init(file: String? = nil, path: String, message: String) {
    self.file = file
    self.path = path
    self.message = message
  }

  public var description: String { "\(file.map { "\($0): " } ?? "")\(path): \(message)" }
}

/// A definition that could not be loaded, with every problem found (not just the first).
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
  public var problems: [DefinitionProblem]

  public init(problems: [DefinitionProblem]) { self.problems = problems }

  public var description: String {
    "definition is invalid (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
      + problems.map { "  - \($0)" }.joined(separator: "\n")
  }
}
