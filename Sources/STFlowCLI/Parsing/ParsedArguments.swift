/// A command's arguments split into positionals, options with values and flags.
///
/// `--name value` and `--name=value` both work for options; `--` ends options. Options not declared
/// by the command are a usage error naming the option and the command.
struct ParsedArguments {
  var positionals: [String] = []
  var options: [String: [String]] = [:]
  var flags: Set<String> = []

  init(_ args: [String], command: String, options valueOptions: Set<String> = [], flags knownFlags: Set<String> = []) throws(UsageError) {
    var i = 0
    var onlyPositionals = false
    while i < args.count {
      let a = args[i]
      i += 1
      if onlyPositionals || !a.hasPrefix("--") || a == "-" {
        positionals.append(a)
        continue
      }
      if a == "--" {
        onlyPositionals = true
        continue
      }
      var name = a
      var inlineValue: String?
      if let eq = a.firstIndex(of: "=") {
        name = String(a[..<eq])
        inlineValue = String(a[a.index(after: eq)...])
      }
      if valueOptions.contains(name) {
        if let inlineValue {
          options[name, default: []].append(inlineValue)
        } else {
          guard i < args.count else { throw UsageError("\(name) needs a value", vi: "\(name) cần một giá trị", command: command) }
          options[name, default: []].append(args[i])
          i += 1
        }
      } else if knownFlags.contains(name), inlineValue == nil {
        flags.insert(name)
      } else {
        let known = (valueOptions.map { "\($0) VALUE" } + knownFlags).sorted().joined(separator: ", ")
        throw UsageError(
          "unknown option '\(name)' for '\(command)'" + (known.isEmpty ? "" : " (options: \(known))"),
          vi: "lệnh '\(command)' không có tùy chọn '\(name)'" + (known.isEmpty ? "" : " (các tùy chọn: \(known))"), command: command)
      }
    }
  }

  func value(_ name: String) -> String? { options[name]?.last }
  func values(_ name: String) -> [String] { options[name] ?? [] }
  func has(_ flag: String) -> Bool { flags.contains(flag) }

  func positional(_ index: Int, _ what: String, command: String) throws(UsageError) -> String {
    guard index < positionals.count else {
      throw UsageError("missing \(what)", vi: "thiếu " + (Self.words[what] ?? what), command: command)
    }
    return positionals[index]
  }

  func expectPositionals(_ range: ClosedRange<Int>, command: String) throws(UsageError) {
    if positionals.count > range.upperBound {
      throw UsageError(
        "unexpected argument '\(positionals[range.upperBound])'", vi: "thừa tham số '\(positionals[range.upperBound])'", command: command)
    }
    if positionals.count < range.lowerBound {
      let usage = Help.usageLine(command).map { ": \($0)" } ?? ""
      throw UsageError("missing arguments" + usage, vi: "thiếu tham số" + usage, command: command)
    }
  }

  /// What a positional argument is, in Vietnamese.
  static let words = [
    "the task key": "mã nhiệm vụ", "the task key (or --all)": "mã nhiệm vụ (hoặc --all)", "the council": "tên hội đồng",
    "the workflow id": "mã quy trình", "the transition to fire": "bước cần thực hiện", "the actor's name": "tên đăng nhập",
    "the person's name": "tên đăng nhập", "the setting": "tên thiết lập", "its value": "giá trị", "the calendar id": "mã lịch",
    "the delivery id": "mã lần gửi", "the document field": "trường tài liệu", "the token id": "mã token", "the token's name": "tên token",
    "the spreadsheet (.csv, .xlsx, .ods)": "tệp bảng tính (.csv, .xlsx, .ods)",
  ]
}
