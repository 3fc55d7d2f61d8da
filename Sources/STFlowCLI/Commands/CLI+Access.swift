import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore

/// Logins and API tokens: `user passwd`, `user signout`, `token create|list|revoke`.
extension CLI {
  func userPasswd(_ args: [String]) throws -> ExitCode {
    let command = "user passwd"
    let p = try ParsedArguments(args, command: command, flags: ["--password-stdin"])
    try p.expectPositionals(1...1, command: command)
    guard servedStore == nil else { throw UsageError("passwords are set at the server's command line", command: command) }
    let name = try p.positional(0, "the person's name", command: command).precomposedStringWithCanonicalMapping
    let store = try openStore()
    let password: String
    if p.has("--password-stdin") {
      password = (readLine(strippingNewline: true) ?? "")
    } else {
      guard isatty(STDIN_FILENO) == 1 else {
        throw UsageError("standard input is not a terminal: give --password-stdin to read the password from it", command: command)
      }
      let first = Self.readHidden("Mật khẩu mới (new password) for \(name): ")
      let second = Self.readHidden("Nhập lại (again): ")
      guard first == second else { throw UsageError("the two passwords differ; nothing was changed", command: command) }
      password = first
    }
    try store.setPassword(password, for: name, by: actor ?? name)
    if json { emit(.object([("name", .string(name)), ("login", .bool(true))])) } else { Console.out("password set for \(name)") }
    return .success
  }

  /// Reads a line from the terminal without echoing it.
  static func readHidden(_ prompt: String) -> String {
    Console.raw(prompt)
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var hidden = saved
    hidden.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &hidden)
    defer {
      tcsetattr(STDIN_FILENO, TCSANOW, &saved)
      Console.raw("\n")
    }
    return readLine(strippingNewline: true) ?? ""
  }

  func userSignout(_ args: [String]) throws -> ExitCode {
    let command = "user signout"
    let p = try ParsedArguments(args, command: command)
    try p.expectPositionals(0...1, command: command)
    let caller = try requireActor(command)
    let name = p.positionals.first?.precomposedStringWithCanonicalMapping ?? caller
    try openStore().signOutEverywhere(name, by: caller)
    if json {
      emit(.object([("name", .string(name)), ("signedOut", .bool(true))]))
    } else {
      Console.out("\(name) is signed out everywhere")
    }
    return .success
  }

  func tokenCreate(_ args: [String]) throws -> ExitCode {
    let command = "token create"
    let p = try ParsedArguments(args, command: command, options: ["--for"])
    try p.expectPositionals(1...1, command: command)
    let caller = try requireActor(command)
    let owner = p.value("--for")?.precomposedStringWithCanonicalMapping ?? caller
    let (id, token) = try openStore().createToken(name: try p.positional(0, "the token's name", command: command), for: owner, by: caller)
    if json {
      emit(.object([("id", .integer(id)), ("actor", .string(owner)), ("token", .string(token))]))
    } else {
      Console.out("token #\(id) for \(owner) (shown once; keep it secret):\n\(token)")
    }
    return .success
  }

  func tokenList(_ args: [String]) throws -> ExitCode {
    let command = "token list"
    let p = try ParsedArguments(args, command: command, options: ["--for"], flags: ["--all"])
    try p.expectPositionals(0...0, command: command)
    let store = try openStore()
    let caller = try requireActor(command)
    let owner: String? = p.has("--all") ? nil : p.value("--for") ?? caller
    if owner != caller { try store.requireAdmin(caller, doing: "list other people's tokens") }
    let tokens = try store.tokens(of: owner)
    if json {
      emit(
        .array(
          tokens.map {
            .object([
              ("id", .integer($0.id)), ("name", .string($0.name)), ("actor", .string($0.actor)), ("createdAt", .string($0.createdAt)),
              ("revokedAt", $0.revokedAt.map { .string($0) } ?? .null),
            ])
          }))
      return .success
    }
    var t = TextTable(["ID", "NAME", "ACTOR", "CREATED", "REVOKED"])
    for k in tokens { t.add([String(k.id), k.name, k.actor, k.createdAt, k.revokedAt ?? ""]) }
    Console.out(tokens.isEmpty ? "No tokens." : t.render())
    return .success
  }

  func tokenRevoke(_ args: [String]) throws -> ExitCode {
    let command = "token revoke"
    let p = try ParsedArguments(args, command: command)
    try p.expectPositionals(1...1, command: command)
    guard let id = Int64(try p.positional(0, "the token id", command: command)) else {
      throw UsageError("a token id is a number (see 'stflow token list')", command: command)
    }
    try openStore().revokeToken(id: id, by: try requireActor(command))
    if json { emit(.object([("id", .integer(id)), ("revoked", .bool(true))])) } else { Console.out("token #\(id) revoked") }
    return .success
  }
}
