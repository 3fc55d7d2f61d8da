import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for the tests and the benchmark: `initdb` into a folder under the build
/// folder, the server listening only on a Unix socket in that folder, stopped and removed when the process
/// exits. Run as root, the server runs as the `postgres` user (`runuser`), since PostgreSQL refuses root.
///
/// Each test asks for a database of its own (``createDatabase()``), so tests run in parallel on one cluster.
/// Starting fails with the server's log when it cannot start: a test that needs PostgreSQL fails, never skips.
public final class ScratchCluster: Sendable {
  /// The folder of the cluster: `data/` (the cluster), the socket, `server.log`.
  public let folder: String
  public let port = 5432
  /// Whether commits wait for the disk (the benchmark's durable cluster) or not (the tests').
  public let durable: Bool
  private let bin: String
  private let runAs: [String]
  private let counter = Mutex(0)

  private static let clusters = Mutex<[Bool: ScratchCluster]>([:])

  /// The process's cluster (started on first use); `durable` gives a separate cluster that fsyncs commits.
  public static func shared(durable: Bool = false) throws -> ScratchCluster {
    try clusters.withLock { all in
      if let c = all[durable] { return c }
      let c = try ScratchCluster(durable: durable)
      all[durable] = c
      if all.count == 1 { atexit { ScratchCluster.stopAll() } }
      return c
    }
  }

  /// Stops every cluster this process started (at exit).
  public static func stopAll() {
    let all = clusters.withLock { all in
      defer { all.removeAll() }
      return Array(all.values)
    }
    for c in all { c.stop() }
  }

  /// A URL for `database` on this cluster, as the `postgres` superuser over the socket.
  public func url(_ database: String = "postgres") -> String {
    "postgresql://postgres@/\(database)?host=\(folder)&port=\(port)"
  }

  /// A new, empty database; its URL.
  public func createDatabase() throws -> String {
    let n = counter.withLock { n in
      n += 1
      return n
    }
    let name = "stflow_\(getpid())_\(n)"
    try psql("CREATE DATABASE \(name)")
    return url(name)
  }

  /// Runs one SQL statement on the `postgres` database with `psql`.
  public func psql(_ sql: String) throws {
    try Self.run(bin + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(), "-c", sql], as: [])
  }

  private init(durable: Bool) throws {
    self.durable = durable
    bin = try Self.binaries()
    runAs = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
    let base = Self.baseFolder()
    Self.removeAbandoned(in: base, bin: bin, runAs: runAs)
    folder = base + "/\(getpid())\(durable ? "-durable" : "")"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if getuid() == 0 {
      chmod(base, 0o755)
      _ = try? Self.run("/bin/chown", ["postgres:postgres", folder], as: [])
    }
    let data = folder + "/data"
    try Self.run(
      bin + "/initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
      as: runAs)
    var options = "-k \(folder) -c listen_addresses='' -p \(port) -c max_connections=200 -c shared_buffers=64MB"
    if !durable { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
    // More server settings for a diagnosis (for example `-c log_statement=all`), from the environment.
    if let extra = ProcessInfo.processInfo.environment["STFLOW_SCRATCH_PG_OPTIONS"] { options += " " + extra }
    do {
      try Self.run(bin + "/pg_ctl", ["-D", data, "-w", "-t", "60", "-l", folder + "/server.log", "-o", options, "start"], as: runAs)
    } catch {
      let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
      throw ScratchClusterError(message: "PostgreSQL did not start in \(folder): \(error)\n\(log.suffix(2000))")
    }
  }

  /// Stops the server at once and removes its folder.
  public func stop() {
    _ = try? Self.run(bin + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "stop"], as: runAs)
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// `.build/stflow-pg` under the working directory (the package, under `swift test`), or the temporary folder
  /// when that path is too long for a Unix socket's name.
  static func baseFolder() -> String {
    let build = FileManager.default.currentDirectoryPath + "/.build"
    let base = FileManager.default.fileExists(atPath: build) ? build + "/stflow-pg" : NSTemporaryDirectory() + "stflow-pg"
    let chosen = base.utf8.count < 70 ? base : "/tmp/stflow-pg"
    try? FileManager.default.createDirectory(atPath: chosen, withIntermediateDirectories: true)
    return chosen
  }

  /// Stops and removes the clusters of processes that died without stopping theirs.
  static func removeAbandoned(in base: String, bin: String, runAs: [String]) {
    for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] {
      guard let pid = Int32(name.split(separator: "-").first ?? ""), pid != getpid(), kill(pid, 0) != 0 else { continue }
      _ = try? run(bin + "/pg_ctl", ["-D", base + "/" + name + "/data", "-m", "immediate", "stop"], as: runAs)
      try? FileManager.default.removeItem(atPath: base + "/" + name)
    }
  }

  /// The folder of `initdb`, `pg_ctl` and `psql`: Debian keeps them under `/usr/lib/postgresql/VERSION/bin`.
  static func binaries() throws -> String {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
    for v in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(v)/bin/pg_ctl") { return "\(root)/\(v)/bin" }
    throw ScratchClusterError(
      message: "PostgreSQL's server is not installed (no \(root)/*/bin/pg_ctl): run 'bash Examples/setup.sh', which installs postgresql")
  }

  /// Runs `tool` with `arguments` (prefixed by `runAs`), waiting for it; throws with its output when it fails.
  ///
  /// Spawned directly rather than with `Process`: the server `pg_ctl` starts would inherit `Process`'s
  /// descriptor that tells it the child ended, and the wait would last as long as the server. Here the child
  /// gets only its standard input (`/dev/null`), its output file, and nothing else of this process.
  @discardableResult
  static func run(_ tool: String, _ arguments: [String], as runAs: [String]) throws -> String {
    let command = runAs + [tool] + arguments
    let outputPath = NSTemporaryDirectory() + "stflow-pg-\(getpid())-\(UUID().uuidString).out"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Every other open descriptor is closed in the child.
    for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
      if let fd = Int32(name), fd > 2, fcntl(fd, F_GETFD) != -1 { posix_spawn_file_actions_addclose(&actions, fd) }
    }
    var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
    guard rc == 0 else { throw ScratchClusterError(message: "cannot run \(command[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // Exited normally with status 0 (the low seven bits hold a signal, the next eight the exit status).
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
      throw ScratchClusterError(message: "\(command.joined(separator: " ")) failed (status \(status)): \(text.suffix(2000))")
    }
    return text
  }
}

/// A scratch cluster could not be set up.
public struct ScratchClusterError: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}
