import Foundation
import Testing

@testable import STFlowScheduler

/// Hooks written as small shell scripts: the runner executes the file itself, never through a shell.
@Suite struct HookRunnerTests {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-hooks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func script(_ body: String) throws -> String {
    let url = folder.appendingPathComponent("hook-\(UUID().uuidString.prefix(8))")
    try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url.path
  }

  @Test func theHookReadsThePayloadAndTheEnvironment() throws {
    let out = folder.appendingPathComponent("out").path
    let hook = try script("cat > \(out); echo \"$STFLOW_TASK_KEY $HOME\" >> \(out)")
    let r = HookRunner(executable: hook, timeout: 10).run(input: Data("{\"kind\":\"x\"}".utf8), environment: ["STFLOW_TASK_KEY": "DT-1"])
    #expect(r.succeeded)
    #expect(r.exitCode == 0)
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written == "{\"kind\":\"x\"}DT-1 \(ProcessInfo.processInfo.environment["HOME"] ?? "")\n")
  }

  @Test func aFailingHookReportsItsExitCodeAndError() throws {
    let r = HookRunner(executable: try script("echo 'smtp refused' >&2; exit 75"), timeout: 10).run(input: Data())
    #expect(!r.succeeded)
    #expect(r.exitCode == 75)
    #expect(r.failureDescription == "exit code 75: smtp refused")
  }

  @Test func aHangingHookIsKilledAtTheTimeout() throws {
    let r = HookRunner(executable: try script("sleep 30"), timeout: 0.5, grace: 0.5).run(input: Data())
    #expect(r.timedOut)
    #expect(!r.succeeded)
    #expect(r.seconds < 5)
  }

  @Test func aHookThatIgnoresTermIsKilled() throws {
    let r = HookRunner(executable: try script("trap '' TERM; sleep 30 & wait"), timeout: 0.5, grace: 0.5).run(input: Data())
    #expect(r.timedOut)
    #expect(r.seconds < 5)
  }

  @Test func megabytesOfOutputDoNotBlockTheHook() throws {
    let r = HookRunner(executable: try script("head -c 5000000 /dev/zero; head -c 3000000 /dev/zero >&2; exit 0"), timeout: 20)
      .run(input: Data(repeating: 65, count: 1_000_000))
    #expect(r.succeeded)
    #expect(r.stdout.utf8.count == 65536)
    #expect(r.stderr.utf8.count == 65536)
  }

  @Test func aMissingExecutableIsALaunchError() {
    let r = HookRunner(executable: "/nonexistent/hook", timeout: 1).run(input: Data())
    #expect(!r.succeeded)
    #expect(r.launchError?.contains("cannot run hook /nonexistent/hook") == true)
  }
}
