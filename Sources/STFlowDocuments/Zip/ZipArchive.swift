import CZip
import Foundation

/// A zip archive (the container of .docx and .xlsx files), written and read in memory by libzip.
public enum ZipArchive {
  /// What libzip said when an archive could not be made or read.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// An archive holding `entries` (path inside the archive, content) in that order, deflated.
  public static func make(_ entries: [(path: String, content: [UInt8])]) throws -> [UInt8] {
    var error = zip_error_t()
    zip_error_init(&error)
    defer { zip_error_fini(&error) }
    guard let source = zip_source_buffer_create(nil, 0, 0, &error) else { throw failure("create a buffer", &error) }
    // The archive takes the source over; keeping it lets the finished bytes be read after the close.
    zip_source_keep(source)
    defer { zip_source_free(source) }
    guard let archive = zip_open_from_source(source, ZIP_TRUNCATE, &error) else { throw failure("open an archive", &error) }
    for entry in entries {
      // libzip reads the data only at close: give it a copy it frees itself.
      let copy = malloc(max(1, entry.content.count))
      entry.content.withUnsafeBytes { if let base = $0.baseAddress { copy?.copyMemory(from: base, byteCount: $0.count) } }
      guard let data = zip_source_buffer(archive, copy, zip_uint64_t(entry.content.count), 1) else {
        free(copy)
        zip_discard(archive)
        throw Failure(description: "zip: cannot add \(entry.path)")
      }
      if zip_file_add(archive, entry.path, data, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0 {
        zip_source_free(data)
        let message = String(cString: zip_strerror(archive))
        zip_discard(archive)
        throw Failure(description: "zip: cannot add \(entry.path): \(message)")
      }
    }
    guard zip_close(archive) == 0 else {
      let message = String(cString: zip_strerror(archive))
      zip_discard(archive)
      throw Failure(description: "zip: cannot write the archive: \(message)")
    }
    var stat = zip_stat_t()
    zip_stat_init(&stat)
    guard zip_source_stat(source, &stat) == 0, zip_source_open(source) == 0 else {
      throw Failure(description: "zip: cannot read the written archive back")
    }
    defer { zip_source_close(source) }
    var bytes = [UInt8](repeating: 0, count: Int(stat.size))
    let read = bytes.withUnsafeMutableBytes { zip_source_read(source, $0.baseAddress!, stat.size) }
    guard read == Int64(stat.size) else { throw Failure(description: "zip: the written archive is short") }
    return bytes
  }

  /// Every file in an archive by its path (for reading a document back).
  public static func read(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
    var error = zip_error_t()
    zip_error_init(&error)
    defer { zip_error_fini(&error) }
    let copy = malloc(max(1, bytes.count))
    bytes.withUnsafeBytes { if let base = $0.baseAddress { copy?.copyMemory(from: base, byteCount: $0.count) } }
    guard let source = zip_source_buffer_create(copy, zip_uint64_t(bytes.count), 1, &error) else {
      free(copy)
      throw failure("read a buffer", &error)
    }
    guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
      zip_source_free(source)
      throw failure("open the archive", &error)
    }
    defer { zip_discard(archive) }
    var files: [String: [UInt8]] = [:]
    for index in 0..<max(0, zip_get_num_entries(archive, 0)) {
      var stat = zip_stat_t()
      zip_stat_init(&stat)
      guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, let name = stat.name,
        let file = zip_fopen_index(archive, zip_uint64_t(index), 0)
      else { throw Failure(description: "zip: entry \(index) cannot be read") }
      defer { zip_fclose(file) }
      var content = [UInt8](repeating: 0, count: Int(stat.size))
      if stat.size > 0 {
        let n = content.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress!, stat.size) }
        guard n == Int64(stat.size) else { throw Failure(description: "zip: entry \(String(cString: name)) is short") }
      }
      files[String(cString: name)] = content
    }
    return files
  }

  static func failure(_ doing: String, _ error: inout zip_error_t) -> Failure {
    Failure(description: "zip: cannot \(doing): \(String(cString: zip_error_strerror(&error)))")
  }
}
