import CMicroHTTPD
import Foundation
import Synchronization

/// An HTTP server on GNU libmicrohttpd: its own polling thread and a pool of worker threads, each request
/// body read across callbacks up to a limit (413 beyond it), responses copied out of Swift memory.
public final class HTTPServer: Sendable {
  public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  let handler: Handler
  let bodyLimit: Int
  /// The running daemon's address (set once in `init`, cleared by `stop`; 0 when stopped).
  private let daemon: Mutex<UInt>
  private let boundPort = Atomic<UInt16>(0)
  /// The port listened on (the one chosen when 0 was asked for).
  public var port: UInt16 { boundPort.load(ordering: .relaxed) }

  /// Starts listening on `address:port` (IPv4). `tls` is PEM text of a certificate and its key.
  public init(
    address: String, port: UInt16, threads: Int, bodyLimit: Int, timeout: Int = 30, tls: (cert: String, key: String)? = nil,
    handler: @escaping Handler
  ) throws {
    self.handler = handler
    self.bodyLimit = bodyLimit
    daemon = Mutex(0)
    let cls = Unmanaged.passUnretained(self).toOpaque()
    let started = stflow_mhd_start(
      address, port, UInt32(max(1, threads)), 1000, UInt32(timeout), 64 * 1024,
      { cls, connection, url, method, _, data, size, state in
        HTTPServer.access(cls, connection, url, method, data, size, state)
      },
      { _, _, state, _ in
        // The request is over (answered, or the client went away): its state is released.
        if let raw = state?.pointee { Unmanaged<RequestState>.fromOpaque(raw).release() }
        state?.pointee = nil
      }, cls, tls?.cert, tls?.key)
    guard let started else {
      throw ServerError.cannotListen(
        "cannot listen on \(address):\(port) (in use, not an address of this machine, or a bad TLS certificate)")
    }
    daemon.withLock { $0 = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(started))) }
    boundPort.store(stflow_mhd_port(started), ordering: .relaxed)
  }

  /// Stops listening and waits for the worker threads.
  public func stop() {
    let d = daemon.withLock { d -> UInt in
      defer { d = 0 }
      return d
    }
    if let pointer = OpaquePointer(bitPattern: d) { MHD_stop_daemon(pointer) }
  }

  deinit { stop() }

  /// The body read so far for one request.
  final class RequestState {
    var body: [UInt8] = []
    var tooLarge = false
  }

  static func access(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?,
    _ data: UnsafePointer<CChar>?, _ size: UnsafeMutablePointer<Int>?, _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
  ) -> MHD_Result {
    guard let cls, let connection, let state else { return .NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    guard let raw = state.pointee else {
      // The first call: only the headers are known.
      let request = RequestState()
      state.pointee = Unmanaged.passRetained(request).toOpaque()
      if let length = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length"),
        let n = Int(String(cString: length)), n > server.bodyLimit
      {
        return queue(connection, tooLarge(server.bodyLimit))
      }
      return .YES
    }
    let request = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
    if let size, size.pointee > 0 {
      if let data, !request.tooLarge {
        if request.body.count + size.pointee > server.bodyLimit {
          request.tooLarge = true
          request.body = []
        } else {
          data.withMemoryRebound(to: UInt8.self, capacity: size.pointee) {
            request.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size.pointee))
          }
        }
      }
      size.pointee = 0
      return .YES
    }
    if request.tooLarge { return queue(connection, tooLarge(server.bodyLimit)) }
    var address = [CChar](repeating: 0, count: 64)
    stflow_mhd_client_address(connection, &address, address.count)
    let r = HTTPRequest(
      method: method.map { String(cString: $0) } ?? "GET", path: url.map { String(cString: $0) } ?? "/", body: request.body,
      address: String(decoding: address.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), connection: connection)
    return queue(connection, server.handler(r))
  }

  static func tooLarge(_ limit: Int) -> HTTPResponse {
    .error(413, rule: "body-too-large", "Nội dung gửi lên quá lớn (the request body is larger than \(limit) bytes)")
  }

  static func queue(_ connection: OpaquePointer, _ r: HTTPResponse) -> MHD_Result {
    let response = r.body.withUnsafeBytes { bytes in
      MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let response else { return .NO }
    defer { MHD_destroy_response(response) }
    for (name, value) in r.headers { _ = MHD_add_response_header(response, name, value) }
    return MHD_queue_response(connection, UInt32(r.status), response)
  }
}

/// The server could not start.
public enum ServerError: Error, Sendable, CustomStringConvertible {
  case cannotListen(String)

  public var description: String {
    switch self {
    case .cannotListen(let m): return m
    }
  }
}
