import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

extension CLI {
  func actorAdd(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "actor add", options: ["--role", "--email", "--org", "--display-name", "--display"])
    try p.expectPositionals(1...1, command: "actor add")
    let name = try p.positional(0, "the actor's name", command: "actor add").precomposedStringWithCanonicalMapping
    // Each --role names one role, exactly; a person with no role (an investigator, a council member) is fine.
    let roles = p.values("--role")
    // The name people read, with the academic or job title (TS. Hoàng Văn Nam): --display, or --display-name.
    if p.value("--display") != nil && p.value("--display-name") != nil {
      throw UsageError(
        "give the display name once: --display or --display-name", vi: "chỉ cho họ tên hiển thị một lần: --display hoặc --display-name",
        command: "actor add")
    }
    let display = (p.value("--display") ?? p.value("--display-name"))?.precomposedStringWithCanonicalMapping
    guard name != Actor.system.name else {
      throw UsageError("'system' is reserved for the engine itself", vi: "tên 'system' dành riêng cho hệ thống", command: "actor add")
    }
    if let email = p.value("--email"), !email.contains("@") {
      throw UsageError(
        "--email '\(email)' is not an e-mail address", vi: "--email '\(email)' không phải địa chỉ e-mail", command: "actor add")
    }
    let store = try openStore(create: true)
    try store.addActor(
      Actor(
        name: name, roles: Set(roles), email: p.value("--email"), organisation: p.value("--org")?.precomposedStringWithCanonicalMapping,
        displayName: display),
      by: actor)
    if json {
      emit(.object([("name", .string(name)), ("roles", .array(roles.sorted().map { .string($0) }))]))
    } else {
      let titles = roles.sorted().map { RoleLabels.text($0, language) }.joined(separator: ", ")
      Console.out(
        formats.t(
          "Đã thêm \(display ?? name) (\(name))" + (roles.isEmpty ? "" : ", vai trò: \(titles)"),
          "Added \(display ?? name) (\(name))" + (roles.isEmpty ? "" : ", roles: \(titles)")))
    }
    return .success
  }

  func actorList(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "actor list")
    try p.expectPositionals(0...0, command: "actor list")
    let actors = try openStore().actors()
    if json {
      emit(
        .array(
          actors.map {
            .object([
              ("name", .string($0.name)), ("roles", .array($0.roles.sorted().map { .string($0) })),
              ("email", $0.email.map { .string($0) } ?? .null), ("displayName", $0.displayName.map { .string($0) } ?? .null),
            ])
          }))
      return .success
    }
    let f = formats
    var t = TextTable(
      f.vi ? ["TÊN ĐĂNG NHẬP", "HỌ TÊN", "VAI TRÒ", "E-MAIL", "CƠ QUAN"] : ["ACTOR", "NAME", "ROLES", "E-MAIL", "ORGANISATION"])
    for a in actors {
      let roles = a.roles.sorted().map { f.vi ? RoleLabels.text($0, language) : $0 }.joined(separator: ", ")
      t.add([a.name, a.displayName ?? "", roles, a.email ?? "", a.organisation ?? ""])
    }
    Console.out(
      actors.isEmpty
        ? f.t(
          "Chưa có người dùng nào. Thêm bằng 'stflow actor add TÊN --role VAI_TRÒ'.",
          "No actors yet. Add one with 'stflow actor add NAME --role ROLE'.")
        : t.render())
    return .success
  }
}
