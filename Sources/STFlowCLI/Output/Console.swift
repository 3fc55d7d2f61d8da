import Foundation

/// Where the CLI writes: results to standard output, diagnostics to standard error. A reader that
/// went away (`stflow … | head`) is not an error.
enum Console {
  static func out(_ text: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  /// Text to standard output as is (a whole document).
  static func write(_ text: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
  }

  /// Text to standard error as is (a progress bar redrawn with carriage returns).
  static func raw(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }

  static func err(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(("stflow: " + text + (text.hasSuffix("\n") ? "" : "\n")).utf8))
  }
}
