import Foundation
import STFlowRules
import Testing

/// `stflow serve` as an administrator starts it: on a free port, with the scheduler inside; it answers, and
/// stops cleanly on SIGTERM.
@Suite(.serialized) struct ServeCommandTests {
  @Test func serveAnswersAndStopsCleanlyOnSIGTERM() throws {
    let h = try ServerHarness()
    h.server.stop()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: ServerHarness.binary)
    p.arguments = ["--db", h.path, "serve", "--listen", "127.0.0.1:0", "--threads", "2"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    defer { if p.isRunning { p.terminate() } }
    // The first line names the address it listens on.
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    #expect(text.contains("scheduler on"), "\(text)")
    let after = try #require(text.range(of: "127.0.0.1:")).upperBound
    let port = try #require(Int(text[after...].prefix { $0.isNumber }))
    let c = Client(base: "http://127.0.0.1:\(port)")
    #expect(try c.signIn("lan.nguyen").status == 201)
    #expect(try c.send("GET", "/api/v1/tasks/DT-2024-02").status == 200)
    kill(p.processIdentifier, SIGTERM)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
  }
}
