import Foundation
import STFlowDefinition
import STFlowDocuments
import STFlowEngine
import STFlowPresentation
import STFlowRules

/// The minutes (biên bản) of a council's latest session on a task, from its recorded events: the decision
/// that set it up, time and place, members and roles, who was present or absent, recusals and why, the
/// quorum rule and that it held, each ballot (a paper ballot as entered by the secretary), the tally and
/// the rule that produced the outcome, the conclusion; signed by the secretary and the chair.
public struct CouncilMinutes: Sendable {
  public let task: TaskState
  public let definition: WorkflowDefinition
  public let council: CouncilDefinition
  public let session: CouncilSession
  /// People by login id (names, titles and organisations on the minutes).
  public let people: [String: Actor]
  public let letterhead: Letterhead

  public init(
    task: TaskState, definition: WorkflowDefinition, council: CouncilDefinition, session: CouncilSession, people: [String: Actor],
    letterhead: Letterhead
  ) {
    self.task = task
    self.definition = definition
    self.council = council
    self.session = session
    self.people = people
    self.letterhead = letterhead
  }

  typealias P = WordDocument.Paragraph
  typealias R = WordDocument.Run

  var formats: Formats { Formats(language: "vi", timeZone: definition.timeZone) }

  func name(_ login: String) -> String { people[login]?.shownName ?? login }

  func paragraph(_ runs: [R]) -> WordDocument.Block { AdministrativeDocument.body(runs) }
  func heading(_ text: String) -> WordDocument.Block { AdministrativeDocument.heading(text) }
  func cell(_ text: String, bold: Bool = false, alignment: WordDocument.Alignment = .left) -> [P] {
    AdministrativeDocument.cell(text, header: bold, alignment: alignment)
  }

  /// "09 giờ 00, ngày 15/07/2024".
  func when(_ d: Date) -> String { "\(formats.time(d, separator: " giờ ")), ngày \(formats.date(formats.day(d)))" }

  /// The ballot and the quorum rule in the department's words (shared with the council page and the command line).
  var words: CouncilText { CouncilText(definition: definition, formats: formats) }
  func ballotText(_ b: CouncilBallot) -> String { words.ballot(b) }
  var quorumRule: String { words.quorumRule(council) }

  /// Whether the quorum held for those present.
  var quorumHeld: Bool {
    let (n, d, strict) = council.quorum.share
    let present = session.present.count
    let members = session.members.count
    let share = strict ? present * d > n * members : present * d >= n * members
    let roles = council.quorum.requirements.allSatisfy { r in
      session.members.filter { session.present.contains($0.name) && r.roles.contains($0.role) }.count >= r.count
    }
    return share && roles
  }

  /// The minutes as the administrative document (Nghị định 30/2020, Phụ lục I: biên bản).
  public var document: AdministrativeDocument {
    let councilName = council.label.text("vi", fallback: council.name)
    let title = task.fields["title"]?.plainText ?? task.key
    let chair = session.members.first { $0.role == "chair" } ?? session.members.first { $0.role == "vice_chair" }
    let secretary = session.members.first { $0.role == "secretary" }
    var doc = AdministrativeDocument(
      parentBody: letterhead.parentBody, body: letterhead.name, number: letterhead.number(kind: "BB"),
      place: letterhead.place, date: formats.day(session.closedAt ?? session.openedAt), kind: "Biên bản",
      subject: "Họp \(councilName.prefix(1).lowercased() + councilName.dropFirst())\nNhiệm vụ: \(title)",
      signatures: [
        .init(title: "Thư ký hội đồng", name: secretary.map { name($0.name) } ?? ""),
        .init(title: chair?.role == "vice_chair" ? "Phó Chủ tịch hội đồng" : "Chủ tịch hội đồng", name: chair.map { name($0.name) } ?? ""),
      ])
    var content: [WordDocument.Block] = []
    content.append(heading("I. Căn cứ, thời gian và địa điểm"))
    content.append(
      paragraph([
        R(
          "- Căn cứ "
            + (session.decision.map { "Quyết định số \($0) về việc thành lập \(councilName.lowercased())" }
              ?? "quyết định thành lập \(councilName.lowercased()) (chưa ghi số quyết định)") + ";")
      ]))
    if let basis = council.basis { content.append(paragraph([R("- Căn cứ \(basis);")])) }
    content.append(paragraph([R("- Thời gian: \(when(session.openedAt)) (phiên họp lần \(session.session)).")]))
    content.append(paragraph([R("- Địa điểm: \(session.place ?? "……………………").")]))
    var taskLine = "- Nhiệm vụ: \(task.key) — \(title)"
    let columns = definition.annexColumns
    if let host = columns.host.flatMap({ task.fields[$0]?.plainText }) { taskLine += "; tổ chức chủ trì: \(host)" }
    if let investigator = columns.investigator.flatMap({ task.fields[$0]?.plainText }) {
      taskLine += "; chủ nhiệm: \(name(investigator))"
    }
    content.append(paragraph([R(taskLine + ".")]))

    content.append(heading("II. Thành phần hội đồng"))
    var members = [["TT", "Họ và tên", "Chức danh trong hội đồng", "Cơ quan công tác", "Tham dự"].map { cell($0, bold: true) }]
    for (i, m) in session.members.enumerated() {
      members.append([
        cell("\(i + 1)", alignment: .center), cell(name(m.name)), cell(Wording.memberRole(m.role, "vi")),
        cell(m.organisation ?? people[m.name]?.organisation ?? ""),
        cell(session.present.contains(m.name) ? "Có mặt" : "Vắng", alignment: .center),
      ])
    }
    content.append(.table(WordDocument.Table(widths: [10, 50, 38, 47, 20], rows: members, borders: true, header: true)))
    let absent = session.members.filter { !session.present.contains($0.name) }.map { name($0.name) }
    content.append(
      paragraph([
        R(
          "- Có mặt \(session.present.count)/\(session.members.count) thành viên"
            + (absent.isEmpty ? "." : "; vắng mặt: \(absent.joined(separator: ", ")).")
        )
      ]))
    for r in session.recused {
      content.append(paragraph([R("- \(name(r.name)) không tham gia hội đồng do xung đột lợi ích: \(words.recusal(r.reason)).")]))
    }
    content.append(
      paragraph([
        R("- Theo quy định, phiên họp hợp lệ khi có \(quorumRule). "),
        R(quorumHeld ? "Phiên họp đủ điều kiện tiến hành." : "Phiên họp không đủ điều kiện tiến hành.", bold: true),
      ]))

    content.append(heading("III. Kết quả \(council.ballot == .vote ? "bỏ phiếu" : "chấm điểm, đánh giá")"))
    var ballots = [["TT", "Thành viên", council.ballot == .vote ? "Ý kiến" : "Điểm", "Ghi chú"].map { cell($0, bold: true) }]
    for (i, b) in session.ballots.enumerated() {
      let note = b.enteredBy.map { by in
        "Phiếu giấy, do \(name(by)) nhập thay" + (b.scan.map { "; bản chụp lưu trong hệ thống (\($0.sha256.prefix(12)))" } ?? "")
      }
      ballots.append([
        cell("\(i + 1)", alignment: .center), cell(name(b.member)), cell(ballotText(b), alignment: .center), cell(note ?? "Phiếu điện tử"),
      ])
    }
    if session.ballots.isEmpty { ballots.append([cell(""), cell("Chưa có phiếu"), cell(""), cell("")]) }
    content.append(.table(WordDocument.Table(widths: [10, 55, 40, 60], rows: ballots, borders: true, header: true)))
    for line in session.reasoning { content.append(paragraph([R("- " + words.line(line) + ".")])) }

    content.append(heading("IV. Kết luận của hội đồng"))
    if let outcome = session.outcome {
      var conclusion = "Hội đồng kết luận: "
      let figure = words.tally(session.reasoning) ?? session.score.map { "điểm trung bình \($0)" }
      conclusion += words.outcome(outcome) + (figure.map { " (\($0))" } ?? "") + "."
      content.append(paragraph([R(conclusion, bold: true)]))
    } else {
      content.append(paragraph([R("Phiên họp chưa kết thúc: hội đồng chưa kết luận (bản dự thảo).", italic: true)]))
    }
    if let closed = session.closedAt {
      content.append(
        paragraph([
          R(
            "Phiên họp kết thúc vào \(when(closed)). Biên bản được lập từ hồ sơ điện tử của hội đồng, đã được các thành viên có mặt thống nhất."
          )
        ]))
    }
    doc.content = content
    return doc
  }

  /// The .docx.
  public func docx() throws -> [UInt8] { try document.word.docx() }
}
