import Foundation

/// LibreOffice run headless, without a shell, to convert a document (an .xlsx into CSV to read it; a
/// .docx into PDF to check it). Each conversion has its own profile folder, so conversions may run side
/// by side.
public enum LibreOffice {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// The `soffice` program, from `PATH` or Debian's places.
  public static func program() -> String? {
    let candidates =
      (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/soffice" }
      + ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Converts `file` with the filter `to` (e.g. `pdf`, or `csv:Text - txt - csv (StarCalc):44,34,76,1`) into
  /// `folder` and returns the path of the result, whose extension is `resultExtension`.
  public static func convert(_ file: String, to filter: String, resultExtension: String, into folder: URL) throws -> String {
    guard FileManager.default.fileExists(atPath: file) else { throw Failure(description: "cannot read file '\(file)'") }
    guard let soffice = program() else {
      throw Failure(description: "converting \(file) needs LibreOffice (run Examples/setup.sh)")
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: soffice)
    process.arguments = [
      "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--norestore", "--convert-to", filter, "--outdir",
      folder.path, file,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { throw Failure(description: "cannot run LibreOffice (\(soffice)): \(error.localizedDescription)") }
    process.waitUntilExit()
    let out = folder.appendingPathComponent(
      ((file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + resultExtension
    )
    .path
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: out) else {
      throw Failure(description: "LibreOffice could not convert \(file) to \(resultExtension)")
    }
    return out
  }
}
