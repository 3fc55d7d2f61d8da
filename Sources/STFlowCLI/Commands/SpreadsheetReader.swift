import Foundation
import STFlowDocuments
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
      throw StoreError.input(
        "\(file): expected a .csv, .xlsx, .ods or .xls spreadsheet", vi: "\(file): cần một bảng tính .csv, .xlsx, .ods hoặc .xls")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw StoreError.input("cannot read file '\(file)'", vi: "không đọc được tệp '\(file)'")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw StoreError.input(
        "\(file) is not UTF-8 text: save it as 'CSV UTF-8' (or give the .xlsx itself)",
        vi: "\(file) không phải văn bản UTF-8: hãy lưu dạng 'CSV UTF-8' (hoặc đưa chính tệp .xlsx)")
    }
    return text
  }

  /// Converts the first sheet to UTF-8 CSV (comma, double quotes, cells as shown) in `folder`.
  static func convert(_ file: String, into folder: URL) throws -> String {
    do {
      return try LibreOffice.convert(
        file, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", resultExtension: "csv", into: folder)
    } catch let failure as LibreOffice.Failure {
      throw StoreError.badInput(failure.description.replacingOccurrences(of: "to csv", with: "as a spreadsheet"))
    }
  }
}
