import Foundation
import Synchronization

/// Where the CLI writes: results to standard output, diagnostics to standard error. A reader that
/// went away (`stflow … | head`) is not an error. A served command's results go to its capture instead.
enum Console {
  /// The output of the command running on this thread for a served request.
  @TaskLocal static var capture: OutputCapture?

  static func out(_ text: String) { write(text.hasSuffix("\n") ? text : text + "\n") }

  /// Text to standard output as is (a whole document).
  static func write(_ text: String) {
    if let capture {
      capture.text.withLock { $0 += text }
      return
    }
    try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
  }

  /// UTF-8 bytes to standard output as they are (a large document, not copied into text first).
  static func write(bytes: [UInt8]) {
    if let capture {
      capture.text.withLock { $0 += String(decoding: bytes, as: UTF8.self) }
      return
    }
    try? FileHandle.standardOutput.write(contentsOf: bytes)
  }

  /// Text to standard error as is (a progress bar redrawn with carriage returns).
  static func raw(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }

  static func err(_ text: String) {
    if let capture {  // a served command's diagnostics are returned, not printed
      capture.errors.withLock { $0 += text + (text.hasSuffix("\n") ? "" : "\n") }
      return
    }
    try? FileHandle.standardError.write(contentsOf: Data(("stflow: " + text + (text.hasSuffix("\n") ? "" : "\n")).utf8))
  }
}

/// What a served command wrote.
final class OutputCapture: Sendable {
  let text = Mutex("")
  let errors = Mutex("")
}
