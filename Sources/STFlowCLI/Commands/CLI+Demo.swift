import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowReports
import STFlowRules
import STFlowStore

extension CLI {
  /// Builds a fresh demo database and drives the demo portfolio through it.
  func demo(_ args: [String]) throws -> ExitCode {
    let p = try ParsedArguments(args, command: "demo", options: ["--workflows"])
    try p.expectPositionals(0...0, command: "demo")
    let path = dbGiven ? dbPath : "stflow-demo.db"
    let fm = FileManager.default
    if EventStore.isServer(path) {
      // A database on a server is never emptied by the demo: it needs one with nothing in it.
      guard try EventStore(server: path, clock: clock).eventCount() == 0 else {
        throw StoreError.input(
          "\(PostgresConnection.redacted(path)) already holds events; the demo needs an empty PostgreSQL database (createdb a new one)",
          vi: "\(PostgresConnection.redacted(path)) đã có dữ liệu; demo cần một cơ sở dữ liệu PostgreSQL trống (tạo mới bằng createdb)")
      }
    } else if fm.fileExists(atPath: path) {
      let isDemo = (try? EventStore(path: path, clock: clock).meta("demo")) == "1"
      guard isDemo else {
        throw StoreError.input(
          "\(path) exists and is not a demo database; the demo never overwrites it (use --db OTHER.db)",
          vi: "\(path) đã có và không phải cơ sở dữ liệu demo; demo không bao giờ ghi đè (dùng --db TỆP_KHÁC.db)")
      }
      for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) { try fm.removeItem(atPath: path + suffix) }
    }
    guard let dir = WorkflowLocator.directory(explicit: p.value("--workflows")) else {
      throw StoreError.input(
        "cannot find the shipped Workflows/ folder: run from the project folder or pass --workflows DIR",
        vi: "không tìm thấy thư mục Workflows/ đi kèm: chạy từ thư mục dự án hoặc cho --workflows THƯ_MỤC")
    }
    let store = try EventStore(location: path, clock: clock)
    try store.transaction { try store.setMeta("demo", "1") }
    _ = try loadShippedCalendars(store, workflows: dir)
    for file in try WorkflowLocator.definitionFiles(in: dir) {
      try store.loadDefinition(try DefinitionLoader.load(file: file), by: "admin")
    }
    for a in DemoScript.actors {
      try store.addActor(Actor(name: a.name, roles: Set(a.roles), email: a.email, displayName: a.displayName), by: "admin")
    }
    let now = clock.now()
    func time(_ text: String, _ tz: TimeZone) throws -> Date {
      guard let d = Timestamp.parse(text + "T09:00", in: tz) else { throw StoreError.corrupt("demo date \(text)") }
      return min(d, now)
    }
    guard let stored = try store.latestDefinition(workflow: "provincial-task") else {
      throw StoreError.input("the demo needs the provincial-task workflow in \(dir)", vi: "demo cần quy trình provincial-task trong \(dir)")
    }
    let definition = stored.definition
    for (key, title, level, kind, proposer, created) in DemoScript.tasks {
      let fields = try FieldValueParser.parseAssignments(
        ["title=\(title)", "level=\(level)", "kind=\(kind)", "proposer=\(proposer)", "researchArea=\(DemoScript.areas[key] ?? "")"],
        definition: definition)
      try store.execute(
        .create(key: key, fields: fields), taskKey: key, workflow: definition.id, actorName: "lan.nguyen",
        effectiveAt: try time(created, definition.timeZone))
    }
    for e in DemoScript.experts {
      try store.addActor(Actor(name: e.name, roles: [], organisation: e.organisation, displayName: e.displayName), by: "admin")
    }
    // The letterhead of the department's documents.
    for (key, value) in DemoScript.letterhead { try store.setSetting(key, value, by: "admin") }
    var councilsSetUp = 0
    for step in DemoScript.steps {
      let command: Command
      switch step.action {
      case .fire(let transition, let values, let comment):
        command = .fire(
          transition: transition, fields: try FieldValueParser.parseAssignments(values, definition: definition), comment: comment)
      case .open(let council, let members):
        councilsSetUp += 1
        command = .openCouncil(
          council: council, members: members.map { CouncilMember(name: $0.0, role: $0.1) }, related: [:],
          decision:
            "\(100 + councilsSetUp)/QĐ-SKHCN ngày \(Timestamp.parseDate(step.at)?.dayMonthYear ?? step.at) của Giám đốc Sở Khoa học và Công nghệ",
          place: "Phòng họp Sở Khoa học và Công nghệ tỉnh Bắc Kạn")
      case .attend(let council, let members): command = .attend(council: council, members: members)
      case .ballot(let council, let ballot): command = .ballot(council: council, ballot: ballot)
      case .close(let council): command = .closeCouncil(council: council)
      }
      try store.execute(command, taskKey: step.key, actorName: step.actor, effectiveAt: try time(step.at, definition.timeZone))
    }
    // Everyone can sign in to the served interface with the demo password.
    for person in try store.actors() { try store.setPassword(DemoScript.password, for: person.name, by: "admin") }
    let tasks = try store.tasks()
    let report = try store.verify()
    // The demo's files go beside the database file (into the working folder for a database on a server).
    let folder = EventStore.isServer(path) ? "" : (path as NSString).deletingLastPathComponent
    let file = { (name: String) in folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name) }
    let dashboardPath = file("stflow-demo.html")
    let title = language == "en" ? "STFlow demo — S&T tasks" : "STFlow demo — Nhiệm vụ khoa học và công nghệ"
    try DashboardPage.html(title: title, dataJSON: try dashboardData(store, now: clock.now()).compactText)
      .write(toFile: dashboardPath, atomically: true, encoding: .utf8)
    let year = LocalDate(clock.now(), in: CLI.defaultTimeZone).components.year
    let periodReport = ReportRenderer(
      report: try ReportBuilder.build(
        store: store, from: LocalDate(year: year, month: 1, day: 1) ?? LocalDate(clock.now(), in: CLI.defaultTimeZone),
        to: LocalDate(year: year, month: 6, day: 30) ?? LocalDate(clock.now(), in: CLI.defaultTimeZone)),
      language: language)
    if json {
      emit(
        .object([
          ("database", .string(store.path)), ("tasks", .integer(Int64(tasks.count))), ("events", .integer(Int64(report.eventsChecked))),
          ("intact", .bool(report.isIntact)),
          ("states", .object(tasks.map { ($0.key, .string($0.state)) })),
        ]))
      return .success
    }
    let en = language == "en"
    func t(_ vi: String, _ en: String) -> String { language == "en" ? en : vi }
    var table = TextTable(en ? ["KEY", "STATE", "STAGE", "TITLE"] : ["MÃ", "BƯỚC", "GIAI ĐOẠN", "TÊN NHIỆM VỤ"])
    for task in tasks {
      let s = definition.state(task.state)
      let stage = s?.stage.flatMap { StageText.labels[$0] }.map { en ? $0.en : $0.vi } ?? s?.stage ?? ""
      table.add([task.key, s?.label.text(language, fallback: task.state) ?? task.state, stage, task.fields["title"]?.plainText ?? ""])
    }
    // The documents the department files, made from the demo.
    let letterhead = try Letterhead.load(from: store)
    let (reportFile, annexFile, minutesFile) = (
      file("stflow-demo-bao-cao.docx"), file("stflow-demo-phu-luc.xlsx"), file("stflow-demo-bien-ban.docx")
    )
    try OutputFile.write(Data(try periodReport.docx(letterhead: letterhead, date: LocalDate(now, in: CLI.defaultTimeZone))), to: reportFile)
    try OutputFile.write(Data(try periodReport.xlsx(letterhead: letterhead)), to: annexFile)
    if let task = try store.task(key: "DT-2024-01"), let council = definition.council("acceptance"),
      let session = task.councils["acceptance"]
    {
      let people = try store.peopleByLogin()
      let minutes = CouncilMinutes(
        task: task, definition: definition, council: council, session: session, people: people, letterhead: letterhead)
      try OutputFile.write(Data(try minutes.docx()), to: minutesFile)
    }
    let intact = report.isIntact ? t("toàn vẹn", "intact") : t("BỊ SỬA ĐỔI", "BROKEN")
    // The database as a shell word: a server's URL holds ? and &.
    let db = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? path : "'" + store.path + "'"
    Console.out(
      """
      \(t("STFlow demo: \(tasks.count) nhiệm vụ của quy trình «\(definition.title.text(language))», \(report.eventsChecked) sự kiện, chuỗi băm \(intact)", "STFlow demo: \(tasks.count) tasks of '\(definition.title.text(language))', \(report.eventsChecked) events, hash chain \(intact)"))

      \(table.render(maxWidth: 70))

      \(periodReport.markdown)
      \(t("Bảng điều khiển", "Dashboard")): \(dashboardPath)
      \(t("Văn bản", "Documents")): \(reportFile) · \(annexFile) · \(minutesFile)
      \(t("Cơ sở dữ liệu", "Database")): \(store.path)
      \(t("Dùng thử tiếp (stflow là .build/debug/stflow sau khi swift build, hoặc gõ swift run stflow …)", "Keep exploring (stflow is .build/debug/stflow after swift build, or type swift run stflow …)")):
        stflow --db \(db) task list
        stflow --db \(db) task show DT-2024-02
        stflow --db \(db) task history DT-2024-01
        stflow --db \(db) --as ths.mai task fire DT-2024-02 report_progress lastReportDate=\(Timestamp.formatLocal(now, in: definition.timeZone).prefix(10))
        stflow --db \(db) report --from 01/01/\(year) --to 30/06/\(year) --format docx --out bao-cao.docx
        stflow --db \(db) council minutes DT-2024-01 acceptance --out bien-ban.docx
        stflow --db \(db) simulate --until 31/12/\(year)
        stflow --db \(db) audit verify

      \(t("Chạy máy chủ và đăng nhập từ trình duyệt (mật khẩu của mọi người trong bản demo là \(DemoScript.password)):", "Serve it and sign in from a browser (every demo person's password is \(DemoScript.password)):"))
        stflow --db \(db) serve --listen 127.0.0.1:8080      \(t("rồi mở", "then open")) http://127.0.0.1:8080/
        \(t("lan.nguyen (Nguyễn Thị Lan, chuyên viên quản lý) · minh.pham (thư ký hội đồng) · gs.thanh (chủ tịch hội đồng, chấm điểm trên điện thoại)", "lan.nguyen (Nguyễn Thị Lan, manager) · minh.pham (council secretary) · gs.thanh (council chair, votes from a phone)"))
        \(t("ths.mai (chủ nhiệm DT-2024-02) · hung.le (lãnh đạo UBND tỉnh, phê duyệt) · admin (người dùng, token, quy trình)", "ths.mai (investigator of DT-2024-02) · hung.le (People's Committee approver) · admin (people, tokens, workflows)"))
      """)
    return .success
  }
}
