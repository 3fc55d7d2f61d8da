import CMicroHTTPD
import Foundation

/// A submitted form (`application/x-www-form-urlencoded` or `multipart/form-data`), decoded by
/// libmicrohttpd's post processor: text values by name and uploaded files.
public struct FormData: Sendable {
  public struct File: Sendable {
    public var filename: String
    public var content: [UInt8]
  }

  public private(set) var values: [(String, String)] = []
  public private(set) var files: [String: File] = [:]

  public init(values: [(String, String)] = [], files: [String: File] = [:]) {
    self.values = values
    self.files = files
  }

  /// The first value of `name`, trimmed; `nil` when absent or empty.
  public subscript(name: String) -> String? {
    guard let v = values.first(where: { $0.0 == name })?.1.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
    return v
  }

  /// The first value of `name` exactly as sent (a password, a comment kept in its form); empty when absent.
  public func raw(_ name: String) -> String { values.first { $0.0 == name }?.1 ?? "" }

  /// Every value of `name` (checkboxes of one name).
  public func all(_ name: String) -> [String] { values.filter { $0.0 == name }.map(\.1) }

  /// Decodes the body of `request`. A body libmicrohttpd cannot read (no form content type, malformed) gives an
  /// empty form.
  static func decode(_ request: HTTPRequest) -> FormData {
    guard let connection = request.connection, !request.body.isEmpty else { return FormData() }
    let collector = Collector()
    let context = Unmanaged.passRetained(collector)
    defer { context.release() }
    guard let processor = MHD_create_post_processor(connection, 64 * 1024, formIterator, context.toOpaque()) else { return FormData() }
    _ = request.body.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map {
        $0.withMemoryRebound(to: CChar.self, capacity: buffer.count) { MHD_post_process(processor, $0, buffer.count) }
      }
    }
    MHD_destroy_post_processor(processor)
    return collector.form()
  }

  /// Collects the pieces the iterator hands over; used on the request's thread only.
  final class Collector: @unchecked Sendable {
    var parts: [(key: String, filename: String?, data: [UInt8])] = []

    func add(key: String, filename: String?, data: UnsafeRawBufferPointer, offset: UInt64) {
      if offset == 0 || parts.last?.key != key {
        parts.append((key, filename, Array(data)))
      } else {
        parts[parts.count - 1].data += data
      }
    }

    func form() -> FormData {
      var f = FormData()
      for p in parts {
        if let name = p.filename {
          if !name.isEmpty || !p.data.isEmpty { f.files[p.key] = File(filename: name, content: p.data) }
        } else {
          f.values.append((p.key, String(decoding: p.data, as: UTF8.self)))
        }
      }
      return f
    }
  }
}

/// libmicrohttpd's post-data iterator: a global function, so it is safe to call from the server's threads.
private func formIterator(
  cls: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, filename: UnsafePointer<CChar>?,
  contentType: UnsafePointer<CChar>?, transferEncoding: UnsafePointer<CChar>?, data: UnsafePointer<CChar>?, offset: UInt64, size: Int
) -> MHD_Result {
  guard let cls, let key else { return .NO }
  let collector = Unmanaged<FormData.Collector>.fromOpaque(cls).takeUnretainedValue()
  let bytes = UnsafeRawBufferPointer(start: data.map(UnsafeRawPointer.init), count: data == nil ? 0 : size)
  collector.add(key: String(cString: key), filename: filename.map { String(cString: $0) }, data: bytes, offset: offset)
  return .YES
}
