import Foundation
import Testing

/// The daemon notices that its database file was deleted or replaced, and stops with exit code 3 instead of
/// working on a file nobody else sees any more.
@Suite struct DaemonDatabaseTests {
  func runDaemon(_ s: StflowProcess, then change: (String) throws -> Void) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: StflowProcess.binary)
    p.arguments = ["--db", s.db, "run", "--poll", "0.2"]
    p.currentDirectoryURL = s.directory
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    Thread.sleep(forTimeInterval: 0.5)
    try change(s.db)
    let deadline = Date().addingTimeInterval(10)
    while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if p.isRunning { p.terminate() }
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
  }

  @Test func aDeletedDatabaseStopsTheDaemon() throws {
    let s = try StflowProcess.prepared()
    let (code, stderr) = try runDaemon(s) { db in
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
    #expect(code == 3)
    #expect(stderr.contains("was deleted"))
  }

  @Test func aReplacedDatabaseStopsTheDaemon() throws {
    let s = try StflowProcess.prepared()
    let (code, stderr) = try runDaemon(s) { db in
      let copy = db + ".copy"
      try FileManager.default.copyItem(atPath: db, toPath: copy)
      _ = rename(copy, db)
    }
    #expect(code == 3)
    #expect(stderr.contains("was replaced"))
  }
}
