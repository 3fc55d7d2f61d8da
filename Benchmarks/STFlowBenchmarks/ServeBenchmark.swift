import Foundation
import STFlowEngine
import STFlowServer
import STFlowStore
import Synchronization

/// 8. The served API on loopback: GET of a task and POST of a transition (bearer token), beside a bare
/// libmicrohttpd handler on the same pool, with the same client (`clients` threads, each on a keep-alive
/// connection of its own, light enough that the server, not the client, is what is measured).
func serveBenchmark() throws {
  print("\n8. Served API on loopback (targets: task GET ≥ 0.25 × bare handler; durable fire ≥ 0.75 × the store's durable rate)")
  // The store's own durable rate, measured here beside the served one (median of three).
  let durableStoreRate = try (0..<3).map { round in
    try storeRate(location: workDir.appendingPathComponent("store-serve-\(round).db").path, count: quick ? 300 : 2000)
  }.sorted()[1]
  let path = workDir.appendingPathComponent("serve.db").path
  let store = try EventStore(path: path)
  try store.loadDefinition(definition, by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager"]), by: nil)
  try store.execute(.create(key: "D-1", fields: ["title": .string("served")]), taskKey: "D-1", workflow: "grant", actorName: "lan")
  let token = try store.createToken(name: "bench", for: "lan", by: "lan").token
  // The pool `stflow serve` runs by default (its threads wait on the disk as much as they compute).
  let threads = 8
  let handler = APIHandler(databasePath: path, clock: SystemClock())
  let api = try HTTPServer(address: "127.0.0.1", port: 0, threads: threads, bodyLimit: 1 << 20) { handler.handle($0) }
  let bareBody = Array("{\"key\": \"D-1\", \"state\": \"draft\"}\n".utf8)
  let bare = try HTTPServer(address: "127.0.0.1", port: 0, threads: threads, bodyLimit: 1 << 20) { _ in
    HTTPResponse(status: 200, body: bareBody, contentType: "application/json")
  }
  defer {
    api.stop()
    bare.stop()
  }
  let clients = 8
  let duration: Double = quick ? 2 : 8

  /// Requests per second and p50/p99 latency (ms) of `clients` threads, each on its own keep-alive connection to
  /// `port`, sending `make(n)` for `duration` seconds.
  func load(_ port: UInt16, _ make: @escaping @Sendable (Int) -> [UInt8]) -> (rate: Double, p50: Double, p99: Double, failed: Int) {
    let latencies = Mutex<[Double]>([])
    let failed = Atomic<Int>(0)
    let deadline = Date().addingTimeInterval(duration)
    let group = DispatchGroup()
    for c in 0..<clients {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        guard let connection = try? LoadConnection(port: port) else {
          failed.add(1, ordering: .relaxed)
          return
        }
        var n = 0
        var mine: [Double] = []
        while Date() < deadline {
          n += 1
          let start = DispatchTime.now().uptimeNanoseconds
          let status = connection.exchange(make(c * 1_000_000 + n))
          mine.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
          if status == nil || status! >= 300 { failed.add(1, ordering: .relaxed) }
        }
        latencies.withLock { $0 += mine }
      }
    }
    group.wait()
    let sorted = latencies.withLock { $0 }.sorted()
    let pct = { (p: Double) in sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    return (Double(sorted.count) / duration, pct(0.5), pct(0.99), failed.load(ordering: .relaxed))
  }
  @Sendable func request(_ path: String, method: String = "GET", body: String? = nil, id: Int? = nil) -> [UInt8] {
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
    if let id { head += "Idempotency-Key: bench-\(id)\r\n" }
    let payload = Array((body ?? "").utf8)
    if method != "GET" { head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n" }
    return Array((head + "\r\n").utf8) + payload
  }
  let bareRun = load(bare.port) { _ in request("/api/v1/tasks/D-1") }
  let getRun = load(api.port) { _ in request("/api/v1/tasks/D-1") }
  let fireRun = load(api.port) { id in request("/api/v1/tasks/D-1/fire", method: "POST", body: "{\"transition\": \"note\"}", id: id) }
  func line(_ label: String, _ r: (rate: Double, p50: Double, p99: Double, failed: Int)) -> String {
    "  \(label) \(format(r.rate)) req/s, p50 \(format(r.p50)) ms, p99 \(format(r.p99)) ms\(r.failed > 0 ? ", \(r.failed) failed" : "")"
  }
  print("  \(clients) client threads, \(threads) server threads, \(Int(duration)) s each")
  print(line("bare libmicrohttpd handler:   ", bareRun))
  print(line("GET /api/v1/tasks/D-1:        ", getRun))
  print(line("POST …/fire (durable, FULL):  ", fireRun))
  print(
    "  ratios: task GET \(String(format: "%.2f", getRun.rate / bareRun.rate)) × bare; durable fire \(String(format: "%.2f", fireRun.rate / durableStoreRate)) × the store's durable rate (\(format(durableStoreRate)) tx/s)"
  )
  record(
    "serve: task GET × bare libmicrohttpd handler", getRun.rate / bareRun.rate, "×", .atLeast, 0.25,
    baseline: "GET \(format(getRun.rate)) req/s, bare \(format(bareRun.rate)) req/s")
  record(
    "serve: durable fire × the store's durable rate", fireRun.rate / durableStoreRate, "×", .atLeast, 0.75,
    baseline: "POST fire \(format(fireRun.rate)) req/s, store \(format(durableStoreRate)) tx/s")
  print("  largest group of transitions committed together: \(handler.largestGroup)")
  let events = try store.history(key: "D-1").count
  print(
    "  events of D-1 after the run: \(events) (1 create + \(events - 1) fired; accepted POSTs: \(Int(fireRun.rate * duration) - fireRun.failed))"
  )
}

/// One keep-alive HTTP/1.1 connection of the load generator: writes a prepared request and reads the answer's
/// status line, headers and `Content-Length` bytes of body. A measuring tool only — the product never reads HTTP
/// itself (libmicrohttpd does).
final class LoadConnection {
  let fd: Int32
  private var pending: [UInt8] = []
  private var chunk = [UInt8](repeating: 0, count: 65536)

  struct Failure: Error {}

  init(port: UInt16) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = port.bigEndian
    let connected = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard fd >= 0, connected else { throw Failure() }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit { close(fd) }

  /// Sends `request` and returns the answer's status, or `nil` when the connection failed.
  func exchange(_ request: [UInt8]) -> Int? {
    var sent = 0
    while sent < request.count {
      let n = request.withUnsafeBytes { write(fd, $0.baseAddress! + sent, request.count - sent) }
      if n <= 0 { return nil }
      sent += n
    }
    let separator: [UInt8] = [13, 10, 13, 10]
    var headerEnd: Int?
    while headerEnd == nil {
      if let i = pending.indices.dropLast(3).first(where: { pending[$0..<$0 + 4].elementsEqual(separator) }) {
        headerEnd = i + 4
      } else if !fill() {
        return nil
      }
    }
    guard let end = headerEnd else { return nil }
    let head = String(decoding: pending[0..<end], as: UTF8.self)
    let lines = head.split(separator: "\r\n")
    guard let first = lines.first, let status = Int(first.split(separator: " ").dropFirst().first ?? "") else { return nil }
    let length =
      lines.first { $0.lowercased().hasPrefix("content-length:") }.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
      ?? 0
    while pending.count < end + length { if !fill() { return nil } }
    pending.removeFirst(end + length)
    return status
  }

  private func fill() -> Bool {
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    if n <= 0 { return false }
    pending.append(contentsOf: chunk[0..<n])
    return true
  }
}
