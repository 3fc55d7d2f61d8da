/// The command line itself is wrong (exit code 2): names the problem and the command whose help applies.
public struct UsageError: Error, CustomStringConvertible {
  let message: String
  let command: String?

  public init(_ message: String, command: String? = nil) {
    self.message = message
    self.command = command
  }

  public var description: String {
    message + "\n" + (command.map { "Run 'stflow \($0) --help' for usage." } ?? "Run 'stflow --help' for usage.")
  }
}
