import Foundation
import STFlowEngine
import STFlowServer
import STFlowStore
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// 8. The served API on loopback: GET of a task and POST of a transition (bearer token), beside a bare
/// libmicrohttpd handler on the same pool, with the same client (URLSession, `clients` threads).
func serveBenchmark(durableStoreRate: Double) throws {
  print("\n8. Served API on loopback (targets: task GET ≥ 0.25 × bare handler; durable fire ≥ 0.75 × the store's durable rate)")
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
  let config = URLSessionConfiguration.ephemeral
  config.httpMaximumConnectionsPerHost = 64
  config.httpCookieStorage = nil
  let session = URLSession(configuration: config)
  let clients = 8
  let duration: Double = quick ? 2 : 8

  /// Requests per second and p50/p99 latency (ms) of `clients` threads sending `make()` for `duration` seconds.
  func load(_ make: @escaping @Sendable (Int) -> URLRequest) -> (rate: Double, p50: Double, p99: Double, failed: Int) {
    let latencies = Mutex<[Double]>([])
    let failed = Atomic<Int>(0)
    let deadline = Date().addingTimeInterval(duration)
    let group = DispatchGroup()
    for c in 0..<clients {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        var n = 0
        var mine: [Double] = []
        while Date() < deadline {
          n += 1
          let done = DispatchSemaphore(value: 0)
          let start = DispatchTime.now().uptimeNanoseconds
          nonisolated(unsafe) var ok = false
          session.dataTask(with: make(c * 1_000_000 + n)) { _, response, _ in
            ok = ((response as? HTTPURLResponse)?.statusCode ?? 0) < 300
            done.signal()
          }.resume()
          done.wait()
          mine.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
          if !ok { failed.add(1, ordering: .relaxed) }
        }
        latencies.withLock { $0 += mine }
      }
    }
    group.wait()
    let sorted = latencies.withLock { $0 }.sorted()
    let pct = { (p: Double) in sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    return (Double(sorted.count) / duration, pct(0.5), pct(0.99), failed.load(ordering: .relaxed))
  }
  @Sendable func request(_ port: UInt16, _ path: String, method: String = "GET", body: String? = nil, id: Int? = nil) -> URLRequest {
    var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    r.httpMethod = method
    r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    if let body { r.httpBody = Data(body.utf8) }
    if let id { r.setValue("bench-\(id)", forHTTPHeaderField: "Idempotency-Key") }
    return r
  }
  let bareRun = load { _ in request(bare.port, "/api/v1/tasks/D-1") }
  let getRun = load { _ in request(api.port, "/api/v1/tasks/D-1") }
  let fireRun = load { id in request(api.port, "/api/v1/tasks/D-1/fire", method: "POST", body: "{\"transition\": \"note\"}", id: id) }
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
