import Foundation

/// Where the CLI writes: results to standard output, diagnostics to standard error.
enum Console {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  static func err(_ text: String) {
    FileHandle.standardError.write(Data(("stflow: " + text + (text.hasSuffix("\n") ? "" : "\n")).utf8))
  }
}
