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
    guard servedStore == nil else {
      throw UsageError(
        "passwords are set at the server's command line", vi: "mật khẩu được đặt tại dòng lệnh của máy chủ", command: command)
    }
    let name = try p.positional(0, "the person's name", command: command).precomposedStringWithCanonicalMapping
    let store = try openStore()
    let password: String
    if p.has("--password-stdin") {
      password = (readLine(strippingNewline: true) ?? "")
    } else {
      guard isatty(STDIN_FILENO) == 1 else {
        throw UsageError(
          "standard input is not a terminal: give --password-stdin to read the password from it",
          vi: "đầu vào chuẩn không phải thiết bị đầu cuối: cho --password-stdin để đọc mật khẩu từ đó", command: command)
      }
      let first = Self.readHidden("Mật khẩu mới (new password) for \(name): ")
      let second = Self.readHidden("Nhập lại (again): ")
      guard first == second else {
        throw UsageError(
          "the two passwords differ; nothing was changed", vi: "hai mật khẩu không khớp; không thay đổi gì", command: command)
      }
      password = first
    }
    try store.setPassword(password, for: name, by: actor ?? name)
    if json {
      emit(.object([("name", .string(name)), ("login", .bool(true))]))
    } else {
      Console.out(formats.t("Đã đặt mật khẩu cho \(name)", "password set for \(name)"))
    }
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
      Console.out(formats.t("\(name) đã được đăng xuất khỏi mọi nơi", "\(name) is signed out everywhere"))
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
      Console.out(
        formats.t(
          "token số \(id) cho \(owner) (chỉ hiện một lần; hãy giữ bí mật):\n\(token)",
          "token #\(id) for \(owner) (shown once; keep it secret):\n\(token)"))
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
    if owner != caller { try store.requireAdmin(caller, doing: "list other people's tokens", vi: "xem token của người khác") }
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
    let f = formats
    let people = try store.peopleByLogin()
    func when(_ text: String?) -> String { text.flatMap(Timestamp.parseStored).map(f.dateTime) ?? "" }
    var t = TextTable(
      f.vi ? ["SỐ", "TÊN TOKEN", "NGƯỜI DÙNG", "TẠO LÚC", "THU HỒI LÚC"] : ["ID", "NAME", "ACTOR", "CREATED", "REVOKED"])
    for k in tokens { t.add([String(k.id), k.name, people[k.actor]?.shownName ?? k.actor, when(k.createdAt), when(k.revokedAt)]) }
    Console.out(tokens.isEmpty ? f.t("Chưa có token nào.", "No tokens.") : t.render())
    return .success
  }

  func tokenRevoke(_ args: [String]) throws -> ExitCode {
    let command = "token revoke"
    let p = try ParsedArguments(args, command: command)
    try p.expectPositionals(1...1, command: command)
    guard let id = Int64(try p.positional(0, "the token id", command: command)) else {
      throw UsageError(
        "a token id is a number (see 'stflow token list')", vi: "số hiệu token là một số (xem 'stflow token list')", command: command)
    }
    try openStore().revokeToken(id: id, by: try requireActor(command))
    if json {
      emit(.object([("id", .integer(id)), ("revoked", .bool(true))]))
    } else {
      Console.out(formats.t("Đã thu hồi token số \(id)", "token #\(id) revoked"))
    }
    return .success
  }
}
