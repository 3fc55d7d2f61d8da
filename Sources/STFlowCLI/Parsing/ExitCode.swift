/// The exit codes `stflow` uses.
public enum ExitCode: Int32, Sendable {
  case success = 0
  /// Refused by a rule or a permission; the message names the rule. Nothing was written.
  case refused = 1
  /// Bad usage or bad input (unknown task, malformed value or definition). Nothing was written.
  case badInput = 2
  /// The database failed (locked for too long, damaged, disk full). Nothing was written.
  case failure = 3
}
