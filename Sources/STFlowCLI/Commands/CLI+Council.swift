import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowReports
import STFlowRules
import STFlowStore

extension CLI {
  func councilOpen(_ args: [String]) throws -> ExitCode {
    let command = "council open"
    let p = try ParsedArguments(
      args, command: command, options: CLI.writeOptions.union(["--member", "--related", "--decision", "--place"]))
    try p.expectPositionals(2...2, command: command)
    let key = try p.positional(0, "the task key", command: command)
    let council = try p.positional(1, "the council", command: command)
    let members = try p.values("--member").map { (text: String) throws(UsageError) -> CouncilMember in
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw UsageError(
          "--member takes NAME:ROLE (roles: \(CouncilDefinition.memberRoles.joined(separator: ", "))), not '\(text)'", command: command)
      }
      return CouncilMember(name: parts[0].precomposedStringWithCanonicalMapping, role: parts[1])
    }
    guard !members.isEmpty else {
      throw UsageError(
        "give the members with --member NAME:ROLE", vi: "cho biết các thành viên bằng --member TÊN:VAI_TRÒ", command: command)
    }
    var related: [String: String] = [:]
    for text in p.values("--related") {
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      related[parts[0].precomposedStringWithCanonicalMapping] = parts.count == 2 ? parts[1] : "declared related to the applicant"
    }
    return try change(p, key: key, command: command) { _ in
      .openCouncil(
        council: council, members: members, related: related, decision: p.value("--decision")?.precomposedStringWithCanonicalMapping,
        place: p.value("--place")?.precomposedStringWithCanonicalMapping)
    }
  }

  func councilAttend(_ args: [String]) throws -> ExitCode {
    let command = "council attend"
    let p = try ParsedArguments(args, command: command, options: CLI.writeOptions)
    let key = try p.positional(0, "the task key", command: command)
    let council = try p.positional(1, "the council", command: command)
    let names = p.positionals.dropFirst(2).map { $0.precomposedStringWithCanonicalMapping }
    guard !names.isEmpty else { throw UsageError("name the members present", vi: "cho biết các thành viên có mặt", command: command) }
    return try change(p, key: key, command: command) { _ in .attend(council: council, members: Array(names)) }
  }

  func councilBallot(_ args: [String]) throws -> ExitCode {
    let command = "council ballot"
    let p = try ParsedArguments(
      args, command: command, options: CLI.writeOptions.union(["--vote", "--score", "--application", "--for", "--scan"]))
    try p.expectPositionals(2...2, command: command)
    let key = try p.positional(0, "the task key", command: command)
    let council = try p.positional(1, "the council", command: command)
    var ballot = CouncilBallot(
      member: p.value("--for")?.precomposedStringWithCanonicalMapping ?? actor ?? "",
      application: p.value("--application")?.precomposedStringWithCanonicalMapping)
    // A paper ballot entered by the secretary (--for MEMBER) keeps its scan in the database.
    var kept: [[UInt8]] = []
    if let scan = p.value("--scan") {
      let content = try CLI.readDocument(scan)
      kept = [content]
      let digest = SHA256.hex(content)
      ballot.scan = DocumentRef(
        name: URL(fileURLWithPath: scan).lastPathComponent.precomposedStringWithCanonicalMapping, uri: EventStore.documentURI(digest),
        sha256: digest)
    }
    switch (p.value("--vote"), p.value("--score")) {
    case (let v?, nil): ballot.vote = v
    case (nil, let s?):
      guard let n = Int(s) else {
        throw UsageError("--score takes a whole number from 0 to 100", vi: "--score nhận một số nguyên từ 0 đến 100", command: command)
      }
      ballot.score = n
    default:
      throw UsageError(
        "give exactly one of --vote yes|no|abstain or --score 0-100",
        vi: "cho đúng một trong hai: --vote yes|no|abstain hoặc --score 0-100", command: command)
    }
    return try change(p, key: key, command: command, documents: kept) { _ in .ballot(council: council, ballot: ballot) }
  }

  func councilClose(_ args: [String]) throws -> ExitCode {
    let command = "council close"
    let p = try ParsedArguments(args, command: command, options: CLI.writeOptions)
    try p.expectPositionals(2...2, command: command)
    let key = try p.positional(0, "the task key", command: command)
    let council = try p.positional(1, "the council", command: command)
    return try change(p, key: key, command: command) { _ in .closeCouncil(council: council) }
  }

  func councilShow(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "council show")
    try p.expectPositionals(2...2, command: "council show")
    let key = try p.positional(0, "the task key", command: "council show")
    let name = try p.positional(1, "the council", command: "council show")
    let store = try openStore()
    let task = try store.requireTask(key: key)
    let engine = try store.engine(hash: task.definitionHash)
    guard let c = engine.definition.council(name) else {
      throw StoreError.input(
        "workflow '\(engine.definition.id)' has no council '\(name)' (councils: \(engine.definition.councils.map(\.name).joined(separator: ", ")))",
        vi:
          "quy trình '\(engine.definition.id)' không có hội đồng '\(name)' (các hội đồng: \(engine.definition.councils.map(\.name).joined(separator: ", ")))"
      )
    }
    let f = formats
    let words = CouncilText(definition: engine.definition, formats: f)
    let text = HistoryText(definition: engine.definition, formats: f, people: try store.peopleByLogin())
    let title = c.label.text(language, fallback: name)
    guard let s = task.councils[name] else {
      Console.out(
        f.t(
          "\(title) chưa họp về nhiệm vụ \(key). Hội đồng họp khi nhiệm vụ ở bước \(c.openIn.map(text.state).joined(separator: ", ")).",
          "\(title) has not sat on \(key). It sits while the task is in \(c.openIn.map(text.state).joined(separator: ", "))."))
      return .success
    }
    if json {
      emit(CouncilCoding.json(s))
      return .success
    }
    var lines = [
      "\(title) [\(name)] — " + f.t("nhiệm vụ \(key), phiên \(s.session): ", "task \(key), session \(s.session): ")
        + (s.isOpen ? f.t("đang họp", "in session") : f.t("đã kết luận", "concluded"))
    ]
    var t = TextTable([f.t("THÀNH VIÊN", "MEMBER"), f.t("VAI TRÒ", "ROLE"), f.t("CÓ MẶT", "PRESENT"), f.t("PHIẾU", "BALLOT")])
    for m in s.members {
      let ballots = s.ballots.filter { $0.member == m.name }.map { b in
        words.ballot(b)
          + (b.enteredBy.map { f.t(" (phiếu giấy, do \(text.name($0)) nhập)", " (paper ballot entered by \(text.name($0)))") } ?? "")
      }.joined(separator: "; ")
      t.add([
        text.name(m.name), Wording.memberRole(m.role, language), s.present.contains(m.name) ? f.t("có", "yes") : f.t("vắng", "no"), ballots,
      ])
    }
    lines.append(t.render(maxWidth: 60))
    for r in s.recused { lines.append(f.t("Không tham gia: ", "Recused: ") + "\(text.name(r.name)) — \(words.recusal(r.reason))") }
    lines.append(
      f.t("Điều kiện họp: ", "Quorum: ") + words.quorumRule(c)
        + f.t("; có mặt \(s.present.count)/\(s.members.count)", "; \(s.present.count) of \(s.members.count) present"))
    if let o = s.outcome {
      lines.append(
        f.t("Kết luận: ", "Outcome: ") + words.outcome(o)
          + (c.ballot == .score ? s.score.map { f.t(", \($0) điểm", ", score \($0)") } ?? "" : "")
          + (words.tally(s.reasoning).map { " (\($0))" } ?? ""))
      for r in s.reasoning { lines.append("  " + words.line(r)) }
    }
    if let b = c.basis { lines.append(f.t("Căn cứ: ", "Basis: ") + b) }
    Console.out(lines.joined(separator: "\n"))
    return .success
  }
}

extension CLI {
  /// `stflow council minutes KEY COUNCIL --out FILE.docx`: the minutes of the council's latest session.
  func councilMinutes(_ args: [String]) throws -> ExitCode {
    let command = "council minutes"
    let p = try ParsedArguments(args, command: command, options: ["--out"])
    try p.expectPositionals(2...2, command: command)
    let key = try p.positional(0, "the task key", command: command)
    let name = try p.positional(1, "the council", command: command)
    guard let out = p.value("--out") else {
      throw UsageError("give --out FILE.docx for the minutes", vi: "cho biết tệp biên bản: --out TỆP.docx", command: command)
    }
    let store = try openStore()
    guard try visible(key, in: store) else { throw StoreError.input("no task '\(key)'", vi: "không có nhiệm vụ '\(key)'") }
    let task = try store.requireTask(key: key)
    let definition = try store.engine(hash: task.definitionHash).definition
    guard let council = definition.council(name) else {
      throw StoreError.input(
        "workflow '\(definition.id)' has no council '\(name)' (councils: \(definition.councils.map(\.name).joined(separator: ", ")))",
        vi:
          "quy trình '\(definition.id)' không có hội đồng '\(name)' (các hội đồng: \(definition.councils.map(\.name).joined(separator: ", ")))"
      )
    }
    guard let session = task.councils[name] else {
      throw StoreError.input(
        "council \(name) has not sat on \(key): there are no minutes to write",
        vi: "\(council.label.text("vi", fallback: name)) chưa họp về nhiệm vụ \(key): chưa có biên bản")
    }
    let people = try store.peopleByLogin()
    let minutes = CouncilMinutes(
      task: task, definition: definition, council: council, session: session, people: people, letterhead: try Letterhead.load(from: store))
    try OutputFile.write(Data(try minutes.docx()), to: out)
    Console.out(language == "en" ? "wrote \(out)" : "đã ghi \(out)")
    return .success
  }
}
