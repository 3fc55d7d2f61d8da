import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How one run of a hook ended.
public struct HookResult: Sendable {
  /// The exit code, when the hook exited.
  public let exitCode: Int32?
  /// The signal that ended it, when it was killed.
  public let signal: Int32?
  public let timedOut: Bool
  /// The first 64 KiB of standard output and standard error (the rest is read and discarded).
  public let stdout: String
  public let stderr: String
  public let seconds: Double
  /// Why it could not even start (no such file, not executable).
  public let launchError: String?

  public var succeeded: Bool { exitCode == 0 && !timedOut }

  /// One line for the outbox: why a run failed.
  public var failureDescription: String {
    if let launchError { return launchError }
    if timedOut { return "timed out after \(String(format: "%.1f", seconds)) s and was killed" }
    if let signal { return "killed by signal \(signal)" + tail }
    return "exit code \(exitCode ?? -1)" + tail
  }

  private var tail: String {
    let err = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    return err.isEmpty ? "" : ": " + String(err.suffix(500))
  }
}

/// Runs a hook executable — never through a shell — with a payload on standard input.
///
/// The child gets its own process group so a timeout can end it and anything it started: SIGTERM to
/// the group, a grace period, then SIGKILL. Standard output and error are drained concurrently, so a
/// hook that writes megabytes cannot block on a full pipe. The environment is the parent's plus the
/// given variables.
public struct HookRunner: Sendable {
  public let executable: String
  public let arguments: [String]
  public let timeout: TimeInterval
  public let grace: TimeInterval
  static let captureLimit = 64 * 1024

  public init(executable: String, arguments: [String] = [], timeout: TimeInterval, grace: TimeInterval = 2) {
    self.executable = executable
    self.arguments = arguments
    self.timeout = timeout
    self.grace = grace
  }

  /// Drains a pipe into a capped buffer on its own thread.
  final class Drain: @unchecked Sendable {
    /// Written by the draining thread only; read after `done` is waited on.
    private(set) var data = Data()
    let done = DispatchSemaphore(value: 0)

    func start(fd: Int32) {
      Thread.detachNewThread { [self] in
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
          let n = read(fd, &buffer, buffer.count)
          if n > 0 {
            if data.count < HookRunner.captureLimit { data.append(contentsOf: buffer[0..<min(n, HookRunner.captureLimit - data.count)]) }
          } else if n == 0 || errno != EINTR {
            break
          }
        }
        close(fd)
        done.signal()
      }
    }
  }

  public func run(input: Data, environment: [String: String] = [:]) -> HookResult {
    let started = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
    func launchFailure(_ message: String) -> HookResult {
      HookResult(exitCode: nil, signal: nil, timedOut: false, stdout: "", stderr: "", seconds: elapsed(), launchError: message)
    }
    signal(SIGPIPE, SIG_IGN)
    var stdinPipe: [Int32] = [0, 0]
    var stdoutPipe: [Int32] = [0, 0]
    var stderrPipe: [Int32] = [0, 0]
    guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
      return launchFailure("cannot create pipes: \(String(cString: strerror(errno)))")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
    for fd in stdinPipe + stdoutPipe + stderrPipe { posix_spawn_file_actions_addclose(&actions, fd) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own process group, default signal dispositions (an ignored SIGTERM or SIGPIPE in this
    // process must not be inherited) and an empty signal mask.
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    posix_spawnattr_setpgroup(&attributes, 0)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    var rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    // A hook just written may still be open for writing in a child another thread is starting
    // (ETXTBSY until that child execs): try again briefly.
    var attempt = 0
    while rc == ETXTBSY && attempt < 20 {
      attempt += 1
      usleep(useconds_t(5_000 * attempt))
      rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    }
    close(stdinPipe[0])
    close(stdoutPipe[1])
    close(stderrPipe[1])
    guard rc == 0 else {
      close(stdinPipe[1])
      close(stdoutPipe[0])
      close(stderrPipe[0])
      return launchFailure("cannot run hook \(executable): \(String(cString: strerror(rc)))")
    }
    let out = Drain()
    let err = Drain()
    out.start(fd: stdoutPipe[0])
    err.start(fd: stderrPipe[0])
    let writerFD = stdinPipe[1]
    let inputBytes = [UInt8](input)
    Thread.detachNewThread {
      var offset = 0
      while offset < inputBytes.count {
        let n = inputBytes[offset...].withUnsafeBytes { write(writerFD, $0.baseAddress, $0.count) }
        if n > 0 { offset += n } else if errno != EINTR { break }
      }
      close(writerFD)
    }
    // Wait for the child on a thread; the caller waits on a semaphore with a monotonic timeout.
    let exited = DispatchSemaphore(value: 0)
    final class Status: @unchecked Sendable { var value: Int32 = 0 }
    let status = Status()
    let childPID = pid
    Thread.detachNewThread {
      var s: Int32 = 0
      while waitpid(childPID, &s, 0) == -1 && errno == EINTR {}
      status.value = s
      exited.signal()
    }
    var timedOut = false
    if exited.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(-childPID, SIGTERM)
      if exited.wait(timeout: .now() + grace) == .timedOut {
        kill(-childPID, SIGKILL)
        exited.wait()
      }
    }
    // Something the hook left running in its group may still hold the pipes open: end it.
    var outDone = out.done.wait(timeout: .now() + (timedOut ? 0 : grace)) == .success
    var errDone = err.done.wait(timeout: .now() + (timedOut ? 0 : grace)) == .success
    if !outDone || !errDone {
      kill(-childPID, SIGKILL)
      if !outDone { outDone = out.done.wait(timeout: .now() + grace) == .success }
      if !errDone { errDone = err.done.wait(timeout: .now() + grace) == .success }
    }
    let s = status.value
    let termSignal = s & 0x7f
    return HookResult(
      exitCode: termSignal == 0 ? (s >> 8) & 0xff : nil, signal: termSignal != 0 ? termSignal : nil, timedOut: timedOut,
      stdout: outDone ? String(decoding: out.data, as: UTF8.self) : "", stderr: errDone ? String(decoding: err.data, as: UTF8.self) : "",
      seconds: elapsed(),
      launchError: nil)
  }
}
