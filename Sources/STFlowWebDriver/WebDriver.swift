import Foundation
import STFlowFoundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A headless chromium driven through chromium-driver's W3C WebDriver HTTP API, started on a free loopback
/// port for one test (or one benchmark) and stopped after it. Fails (never skips) when chromedriver or
/// chromium cannot start. Shared by the browser tests and `stflow-bench`.
public final class WebDriver: @unchecked Sendable {
  let process: Process
  public let base: String
  public private(set) var session = ""
  public static let elementKey = "element-6066-11e4-a52e-4f735466cecf"
  /// Where screenshots are written, to be looked at (generated, under .build of the working folder — the
  /// package root under `swift test` — not in git).
  public let screenshots: URL

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
  }

  /// A desktop window of `width`×`height`, or with `phone` a phone's screen of that size (mobile emulation:
  /// headless chromium's windows are never narrower than 500 px).
  public init(
    width: Int = 1280, height: Int = 900, phone: Bool = false,
    screenshots: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/browser-screenshots")
  ) throws {
    self.screenshots = screenshots
    let port = try Self.freePort()
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
    process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { throw Failure("chromedriver could not start (run Examples/setup.sh): \(error)") }
    base = "http://127.0.0.1:\(port)"
    let deadline = Date().addingTimeInterval(20)
    // Wait for the port with a plain socket first, then for chromedriver to say it is ready.
    while !Self.accepts(port) {
      guard Date() < deadline else { throw Failure("chromedriver did not listen on port \(port)") }
      Thread.sleep(forTimeInterval: 0.05)
    }
    while (try? call("GET", "/status"))?["ready"] != .bool(true) {
      guard Date() < deadline else { throw Failure("chromedriver did not become ready on port \(port)") }
      Thread.sleep(forTimeInterval: 0.05)
    }
    var options: JSON = .object([
      ("binary", .string("/usr/bin/chromium")),
      (
        "args",
        .array(
          [
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=\(width),\(height)",
            "--lang=vi-VN", "--no-first-run",
          ].map { .string($0) })
      ),
    ])
    if phone, case .object(var o) = options {
      o.append(
        (
          "mobileEmulation",
          .object([
            (
              "deviceMetrics",
              .object([
                ("width", .integer(Int64(width))), ("height", .integer(Int64(height))), ("pixelRatio", .integer(1)), ("touch", .bool(true)),
              ])
            )
          ])
        ))
      options = .object(o)
    }
    let caps: JSON = .object([
      ("capabilities", .object([("alwaysMatch", .object([("browserName", .string("chrome")), ("goog:chromeOptions", options)]))]))
    ])
    guard let id = try call("POST", "/session", caps)["sessionId"]?.stringValue else { throw Failure("no WebDriver session") }
    session = id
  }

  deinit { quit() }

  public func quit() {
    if !session.isEmpty { _ = try? call("DELETE", "/session/\(session)") }
    session = ""
    // chromedriver does not always end on SIGTERM; the session (and its browser) is closed above.
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Whether something accepts TCP connections on the loopback port.
  public static func accepts(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }

  public static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard ok else { throw Failure("no free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
  }

  /// One WebDriver command; its `value`.
  @discardableResult
  public func call(_ method: String, _ path: String, _ body: JSON? = nil) throws -> JSON {
    // Each command through curl (run directly, never through a shell). A hang first blamed on URLSession here was
    // chromedriver ignoring SIGTERM (see quit()); URLSession was not tried again.
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    curl.arguments =
      ["-s", "-m", "60", "-X", method, "-H", "Content-Type: application/json"]
      + (body != nil || method == "POST" ? ["--data-binary", "@-"] : []) + [base + path]
    let input = Pipe()
    let output = Pipe()
    curl.standardInput = input
    curl.standardOutput = output
    curl.standardError = FileHandle.nullDevice
    do { try curl.run() } catch { throw Failure("curl could not start (run Examples/setup.sh): \(error)") }
    input.fileHandleForWriting.write(Data((body?.compactText ?? "{}").utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    curl.waitUntilExit()
    guard curl.terminationStatus == 0, !data.isEmpty else {
      throw Failure("WebDriver \(method) \(path): curl exit \(curl.terminationStatus)")
    }
    let json = try JSONParser.parse(bytes: [UInt8](data))
    if let error = json["value"]?["error"]?.stringValue {
      throw Failure("WebDriver \(method) \(path): \(error): \(json["value"]?["message"]?.stringValue?.prefix(300) ?? "")")
    }
    return json["value"] ?? .null
  }

  public var s: String { "/session/\(session)" }

  public func open(_ url: String) throws { try call("POST", "\(s)/url", .object([("url", .string(url))])) }
  public var url: String { (try? call("GET", "\(s)/url"))?.stringValue ?? "" }
  public var title: String { (try? call("GET", "\(s)/title"))?.stringValue ?? "" }
  public var source: String { (try? call("GET", "\(s)/source"))?.stringValue ?? "" }

  public func find(_ css: String) throws -> String {
    guard
      let id = try call("POST", "\(s)/element", .object([("using", .string("css selector")), ("value", .string(css))]))[Self.elementKey]?
        .stringValue
    else { throw Failure("no element \(css)") }
    return id
  }

  public func findAll(_ css: String) throws -> [String] {
    (try call("POST", "\(s)/elements", .object([("using", .string("css selector")), ("value", .string(css))])).arrayValue ?? [])
      .compactMap { $0[Self.elementKey]?.stringValue }
  }

  public func click(_ css: String) throws { try call("POST", "\(s)/element/\(try find(css))/click") }

  public func type(_ css: String, _ text: String) throws {
    let id = try find(css)
    try call("POST", "\(s)/element/\(id)/clear")
    try call("POST", "\(s)/element/\(id)/value", .object([("text", .string(text))]))
  }

  /// Sends keys to a file input: the path of the file to upload.
  public func attach(_ css: String, file: String) throws {
    try call("POST", "\(s)/element/\(try find(css))/value", .object([("text", .string(file))]))
  }

  public func text(_ css: String) throws -> String { try call("GET", "\(s)/element/\(try find(css))/text").stringValue ?? "" }

  /// Runs `script` in the page; its result.
  @discardableResult
  public func run(_ script: String, _ args: [JSON] = []) throws -> JSON {
    try call("POST", "\(s)/execute/sync", .object([("script", .string(script)), ("args", .array(args))]))
  }

  /// Runs an asynchronous script (its last argument is the callback).
  public func runAsync(_ script: String) throws -> JSON {
    try call("POST", "\(s)/execute/async", .object([("script", .string(script)), ("args", .array([]))]))
  }

  /// Accepts a confirm dialog if one is open.
  public func acceptDialog() { _ = try? call("POST", "\(s)/alert/accept") }

  /// Presses Tab on the focused element.
  public func tab() throws {
    let active = try call("GET", "\(s)/element/active")[Self.elementKey]?.stringValue ?? ""
    try call("POST", "\(s)/element/\(active)/value", .object([("text", .string("\u{E004}"))]))
  }

  public func resize(width: Int, height: Int) throws {
    try call("POST", "\(s)/window/rect", .object([("width", .integer(Int64(width))), ("height", .integer(Int64(height)))]))
  }

  /// Saves a screenshot of the page as `.build/browser-screenshots/NAME.png`.
  public func screenshot(_ name: String) throws {
    guard let base64 = try call("GET", "\(s)/screenshot").stringValue, let data = Data(base64Encoded: base64) else { return }
    try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
    try data.write(to: screenshots.appendingPathComponent(name + ".png"))
  }

  public func deleteCookies() throws { try call("DELETE", "\(s)/cookie") }
}
