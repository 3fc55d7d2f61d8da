import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `--out` writes a regular file through a temporary one and a rename, and never replaces a device, a FIFO
/// or a symbolic link — for every command that takes it.
@Suite struct OutputFileTests {
  static let commands: [[String]] = [
    ["report", "--from", "01/01/2026", "--to", "30/06/2026"], ["export", "tasks"], ["dashboard"],
  ]

  @Test func outNeverReplacesALinkAFifoOrADevice() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let demo = s.directory.appendingPathComponent("stflow-demo.db").path
    let target = s.directory.appendingPathComponent("target.txt")
    try "keep".write(to: target, atomically: true, encoding: .utf8)
    let link = s.directory.appendingPathComponent("link.out").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
    let fifo = s.directory.appendingPathComponent("pipe.out").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for command in Self.commands {
      for path in [link, fifo, "/dev/null"] {
        let r = try s.run(["--db", demo] + command + ["--out", path])
        #expect(r.code == 2, "\(command) --out \(path)")
        #expect(r.stderr.contains("không phải tệp thường"))
      }
      // A regular file is replaced whole.
      let good = s.directory.appendingPathComponent("good-\(command[0]).out")
      try "old".write(to: good, atomically: true, encoding: .utf8)
      #expect(try s.run(["--db", demo] + command + ["--out", good.path]).code == 0)
      #expect(try String(contentsOf: good, encoding: .utf8) != "old")
    }
    #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.directory.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty)
  }
}
