import Foundation
import STFlowStore

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a command's `--out` file: into a temporary file in the same folder, then renamed over the
/// target, which must be a regular file if it exists (never a device, a FIFO or a symbolic link).
enum OutputFile {
  static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

  static func write(_ data: Data, to path: String) throws {
    var info = stat()
    if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
      throw StoreError.input(
        "--out \(path) exists and is not a regular file; choose another path",
        vi: "--out \(path) đã có và không phải tệp thường; hãy chọn đường dẫn khác")
    }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try data.write(to: temporary)
      guard rename(temporary.path, path) == 0 else {
        throw StoreError.input(
          "cannot write \(path): \(String(cString: strerror(errno)))", vi: "không ghi được \(path): \(String(cString: strerror(errno)))")
      }
    } catch let e as StoreError {
      try? FileManager.default.removeItem(at: temporary)
      throw e
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw StoreError.input(
        "cannot write \(path): \(error.localizedDescription)", vi: "không ghi được \(path): \(error.localizedDescription)")
    }
  }
}
