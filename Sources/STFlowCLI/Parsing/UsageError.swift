/// The command line itself is wrong (exit code 2): names the problem and the command whose help applies.
public struct UsageError: Error, CustomStringConvertible {
  let message: String
  /// The message in Vietnamese, where the command line has it.
  let vi: String?
  let command: String?

  public init(_ message: String, vi: String? = nil, command: String? = nil) {
    self.message = message
    self.vi = vi
    self.command = command
  }

  public var description: String { description("en") }

  /// The message and where to read the usage (the help itself is English).
  public func description(_ language: String) -> String {
    let help = "stflow \(command.map { "\($0) " } ?? "")--help"
    return language == "en"
      ? message + "\nRun '\(help)' for usage."
      : (vi ?? message) + "\nXem cách dùng: '\(help)'."
  }
}
