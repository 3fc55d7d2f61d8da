import STFlowRules
import STFlowStore

extension CLI {
  /// `stflow settings list`: every department setting, its value and what it means.
  func settingsList(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "settings list")
    try p.expectPositionals(0...0, command: "settings list")
    let store = try openStore()
    var rows: [(String, String, String)] = []
    for s in Settings.known { rows.append((s.key, try store.setting(s.key) ?? "", formats.t(s.meaningVi, s.meaning))) }
    if json {
      emit(.object(rows.map { ($0.0, $0.1.isEmpty ? .null : .string($0.1)) }))
    } else {
      for r in rows { Console.out("\(r.0) = \(r.1.isEmpty ? formats.t("(chưa đặt)", "(not set)") : r.1)\n    \(r.2)") }
    }
    return .success
  }

  /// `stflow --as ADMIN settings set KEY VALUE`.
  func settingsSet(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "settings set")
    try p.expectPositionals(2...2, command: "settings set")
    let key = try p.positional(0, "the setting", command: "settings set")
    let value = try p.positional(1, "its value", command: "settings set").precomposedStringWithCanonicalMapping
    try openStore().setSetting(key, value, by: actor)
    Console.out("\(key) = \(value)")
    return .success
  }
}
