/// The command line itself is wrong (exit code 2): names the problem and the command whose help applies.
struct UsageError: Error, CustomStringConvertible {
  let message: String
  let command: String?

  init(_ message: String, command: String? = nil) {
    self.message = message
    self.command = command
  }

  var description: String {
    message + "\n" + (command.map { "Run 'stflow \($0) --help' for usage." } ?? "Run 'stflow --help' for usage.")
  }
}
