import Foundation
import STFlowCLI
import STFlowEngine
import STFlowRules
import STFlowScheduler
import STFlowStore

/// `stflow serve [--listen ADDR:PORT] [--tls-cert F --tls-key F] [--threads N] [--max-body BYTES] [--no-scheduler]`:
/// the JSON API and sign-in on libmicrohttpd, with the scheduler inside unless `stflow run` runs elsewhere.
public enum Serve {
  public static let command: ExtensionCommand = { context, args in try run(context, args) }

  struct Options {
    var address = "127.0.0.1"
    var port: UInt16 = 8080
    var cert: String?
    var key: String?
    var threads = 8
    var maxBody = 1 << 20
    var scheduler = true
  }

  static func parse(_ args: [String]) throws -> Options {
    var o = Options()
    var i = 0
    func value(_ name: String) throws -> String {
      guard i < args.count else { throw UsageError("\(name) needs a value", vi: "\(name) cần một giá trị", command: "serve") }
      defer { i += 1 }
      return args[i]
    }
    while i < args.count {
      let a = args[i]
      i += 1
      switch a {
      case "--listen":
        let v = try value(a)
        guard let colon = v.lastIndex(of: ":"), let port = UInt16(v[v.index(after: colon)...]) else {
          throw UsageError(
            "--listen takes ADDRESS:PORT (127.0.0.1:8080), not '\(v)'",
            vi: "--listen nhận ĐỊA_CHỈ:CỔNG (127.0.0.1:8080), không nhận '\(v)'", command: "serve")
        }
        o.address = String(v[..<colon])
        o.port = port
      case "--tls-cert": o.cert = try value(a)
      case "--tls-key": o.key = try value(a)
      case "--threads":
        guard let n = Int(try value(a)), (1...256).contains(n) else {
          throw UsageError("--threads takes 1 to 256", vi: "--threads nhận từ 1 đến 256", command: "serve")
        }
        o.threads = n
      case "--max-body":
        guard let n = Int(try value(a)), (1024...(64 << 20)).contains(n) else {
          throw UsageError("--max-body takes 1024 to 67108864 bytes", vi: "--max-body nhận từ 1024 đến 67108864 byte", command: "serve")
        }
        o.maxBody = n
      case "--no-scheduler": o.scheduler = false
      default: throw UsageError("unknown option '\(a)' for 'serve'", vi: "lệnh 'serve' không có tùy chọn '\(a)'", command: "serve")
      }
    }
    if (o.cert == nil) != (o.key == nil) {
      throw UsageError("--tls-cert and --tls-key go together", vi: "--tls-cert và --tls-key phải đi cùng nhau", command: "serve")
    }
    return o
  }

  /// A line to standard output at once (a test or a supervisor waits for it).
  static func say(_ line: String) { try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8)) }

  /// A database file served must exist and be the owner's alone (it holds people's sign-ins).
  static func checkFile(_ path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw StoreError.input(
        "no database at \(path): run 'stflow --db \(path) init' first",
        vi: "chưa có cơ sở dữ liệu \(path): chạy 'stflow --db \(path) init' trước")
    }
    // Served, the database holds people's sign-ins: other OS users may neither read nor write it.
    var info = stat()
    guard stat(path, &info) == 0 else { throw StoreError.input("cannot read \(path)", vi: "không đọc được \(path)") }
    if info.st_mode & 0o077 != 0 {
      throw StoreError.input(
        "\(path) can be read or written by other users of this machine (mode \(String(info.st_mode & 0o777, radix: 8))): run 'chmod 600 \(path)' first",
        vi:
          "người dùng khác trên máy này đọc hoặc ghi được \(path) (quyền \(String(info.st_mode & 0o777, radix: 8))): chạy 'chmod 600 \(path)' trước"
      )
    }
  }

  static func run(_ context: ExtensionContext, _ args: [String]) throws -> ExitCode {
    let o = try parse(args)
    let path = context.dbPath
    // A database file must be the owner's alone; a PostgreSQL database is guarded by its server.
    if EventStore.isServer(path) { try EventStore.requireInitialised(server: path) } else { try checkFile(path) }
    let tls = try o.cert.map { cert in
      (try String(contentsOfFile: cert, encoding: .utf8), try String(contentsOfFile: o.key ?? "", encoding: .utf8))
    }
    let handler = APIHandler(databasePath: path, clock: context.clock, secure: tls != nil)
    let server = try HTTPServer(address: o.address, port: o.port, threads: o.threads, bodyLimit: o.maxBody, tls: tls) {
      handler.handle($0)
    }
    var scheduler: Scheduler?
    if o.scheduler {
      let s = Scheduler(store: try EventStore(location: path, clock: context.clock), clock: context.clock, role: "serve") { line in
        say("[\(Timestamp.formatLocal(Date(), in: .vietnam))] \(line)")
      }
      s.start()
      scheduler = s
    }
    say(
      "stflow serve: \(tls == nil ? "http" : "https")://\(o.address):\(server.port)/ on \(path) (\(o.threads) threads"
        + (o.scheduler ? ", scheduler on" : ", scheduler off") + ")")
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let signals = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
    for source in signals {
      source.setEventHandler {
        say("stopping: requests in progress finish, nothing is lost")
        server.stop()
        if let scheduler { scheduler.stop { exit(0) } } else { exit(0) }
      }
      source.activate()
    }
    withExtendedLifetime((signals, server, scheduler)) { dispatchMain() }
  }
}
