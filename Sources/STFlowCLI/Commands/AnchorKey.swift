import Foundation
import STFlowStore

#if canImport(Glibc)
  import Glibc
#endif

/// The key that signs anchors: 32 random bytes as 64 hexadecimal digits in a file readable by its owner
/// only, kept away from the database (on another disk, with the director, in the safe).
enum AnchorKey {
  static func create(_ path: String, db: String) throws {
    try checkApart(path, db: db)
    guard !FileManager.default.fileExists(atPath: path) else {
      throw StoreError.input(
        "--new-key: \(path) exists already; a key is never overwritten", vi: "--new-key: \(path) đã có; khóa không bao giờ bị ghi đè")
    }
    var rng = SystemRandomNumberGenerator()
    let key = (0..<EventStore.anchorKeyLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let text = SHA256.hexString(key) + "\n"
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else {
      throw StoreError.input(
        "cannot create the key file \(path): \(String(cString: strerror(errno)))",
        vi: "không tạo được tệp khóa \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, text.utf8.count) }
    guard written == text.utf8.count else {
      throw StoreError.input("cannot write the key file \(path)", vi: "không ghi được tệp khóa \(path)")
    }
  }

  static func read(_ path: String, db: String) throws -> [UInt8] {
    try checkApart(path, db: db)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw StoreError.input(
        "cannot read the key file \(path) (make one with 'audit anchor --key \(path) --new-key')",
        vi: "không đọc được tệp khóa \(path) (tạo bằng 'audit anchor --key \(path) --new-key')")
    }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let key = ChainAnchor.bytes(hex: text), key.count >= EventStore.anchorKeyLength else {
      throw StoreError.input(
        "\(path) is not an anchor key (64 or more hexadecimal digits)", vi: "\(path) không phải khóa neo (64 chữ số thập lục phân trở lên)")
    }
    return key
  }

  static func checkApart(_ path: String, db: String) throws {
    let k = URL(fileURLWithPath: path).standardizedFileURL.path
    let d = URL(fileURLWithPath: db).standardizedFileURL.path
    if k == d || k.hasPrefix(d + "-") {
      throw StoreError.input(
        "the anchor key must be kept outside the database, not in \(path)",
        vi: "khóa neo phải giữ ngoài cơ sở dữ liệu, không để trong \(path)")
    }
  }
}
