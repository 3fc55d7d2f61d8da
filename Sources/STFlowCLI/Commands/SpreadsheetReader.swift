import Foundation
import STFlowStore

/// Reads the spreadsheet a department keeps as CSV text: a .csv as it is (UTF-8, with or without a BOM);
/// an .xlsx, .ods or .xls converted by LibreOffice, run headless without a shell, into UTF-8 CSV with
/// each cell as shown (dates as dd/MM/yyyy, money as formatted). LibreOffice reads every format a
/// department's office suite writes, exactly as that suite does; no C library in Debian reads .xlsx and
/// .ods both (libxlsxwriter only writes), and the setup script installs LibreOffice anyway for documents.
enum SpreadsheetReader {
  static func csvText(of file: String) throws -> String {
    let ext = (file as NSString).pathExtension.lowercased()
    var path = file
    var cleanup: URL?
    defer { if let cleanup { try? FileManager.default.removeItem(at: cleanup) } }
    if ["xlsx", "ods", "xls"].contains(ext) {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-import-\(UUID().uuidString)")
      cleanup = folder
      path = try convert(file, into: folder)
    } else if !["csv", "txt", ""].contains(ext) {
      throw StoreError.badInput("\(file): expected a .csv, .xlsx, .ods or .xls spreadsheet")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw StoreError.badInput("cannot read file '\(file)'") }
    guard let text = String(data: data, encoding: .utf8) else {
      throw StoreError.badInput("\(file) is not UTF-8 text: save it as 'CSV UTF-8' (or give the .xlsx itself)")
    }
    return text
  }

  static func soffice() -> String? {
    let candidates =
      (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/soffice" }
      + ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Converts the first sheet to UTF-8 CSV (comma, double quotes, cells as shown) in `folder`.
  static func convert(_ file: String, into folder: URL) throws -> String {
    guard FileManager.default.fileExists(atPath: file) else { throw StoreError.badInput("cannot read file '\(file)'") }
    guard let soffice = soffice() else {
      throw StoreError.badInput("reading \(file) needs LibreOffice (run Examples/setup.sh), or save the sheet as CSV UTF-8")
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: soffice)
    process.arguments = [
      "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--norestore", "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", folder.path, file,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { throw StoreError.badInput("cannot run LibreOffice (\(soffice)): \(error.localizedDescription)") }
    process.waitUntilExit()
    let out = folder.appendingPathComponent(((file as NSString).lastPathComponent as NSString).deletingPathExtension + ".csv").path
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: out) else {
      throw StoreError.badInput("LibreOffice could not read \(file) as a spreadsheet")
    }
    return out
  }
}
