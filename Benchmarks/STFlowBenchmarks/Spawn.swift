import Foundation

/// Runs `executable` with `arguments`, output to /dev/null, and waits for it; its exit status.
///
/// posix_spawn and waitpid, not Foundation's `Process`: on Linux `waitUntilExit` looks every 50 ms, which a
/// timing of process start to exit would count.
func spawnAndWait(_ executable: String, _ arguments: [String]) throws -> Int32 {
  let argv = ([executable] + arguments).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  var pid: pid_t = 0
  let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
  guard rc == 0 else { throw NSError(domain: "posix_spawn", code: Int(rc)) }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
  return (status >> 8) & 0xff
}
