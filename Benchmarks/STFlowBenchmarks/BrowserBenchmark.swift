import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore
import STFlowWebDriver

// MARK: 9. Served pages of a large portfolio in a browser

/// 10,000 provincial tasks served by `stflow serve`, the manager signed in, and the pages a manager opens
/// first loaded in headless chromium (through chromium-driver): the first contentful paint of the task list
/// (pages of 50) and of "Việc của tôi", median of five loads each.
func browserBenchmark() throws {
  let count = quick ? 2000 : 10_000
  print("\n9. Served pages of \(count) tasks in headless chromium (target: first contentful paint under 1 s)")
  guard let stflow = builtStflow() else {
    print("  skipped: build stflow in release first")
    return
  }
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
    print("  skipped: chromium-driver is not installed (run Examples/setup.sh)")
    return
  }
  let path = workDir.appendingPathComponent("web.db").path
  do {
    let store = try EventStore(path: path, durability: .normal)
    let calendarJSON = try vietnamCalendar()
    try store.loadCalendar(calendarJSON)
    let provincial = try DefinitionLoader.load(file: packageRoot.appendingPathComponent("Workflows/provincial-task.json").path)
    try store.loadDefinition(provincial, by: "bench")
    try store.addActor(Actor(name: "lan", roles: ["manager"], displayName: "Nguyễn Thị Lan"), by: nil)
    try store.setPassword("bench-2026", for: "lan", by: nil)
    let engine = try store.engine(hash: EventStore.contentHash(provincial))
    let plan = try TaskImporter.plan(
      csv: provincialCSV(rows: count),
      context: TaskImporter.Context(
        engines: [engine.definition.id: engine], defaultWorkflow: engine.definition.id, actor: Actor(name: "lan", roles: ["manager"]),
        now: Date(), exists: { _ in false }, people: []))
    precondition(plan.problems.isEmpty, "\(plan.problems.prefix(3))")
    _ = try store.executeBatch(plan.commands)
  }
  let port = try WebDriver.freePort()
  let server = Process()
  server.executableURL = URL(fileURLWithPath: stflow)
  server.arguments = ["--db", path, "serve", "--listen", "127.0.0.1:\(port)", "--no-scheduler"]
  server.standardOutput = FileHandle.nullDevice
  server.standardError = FileHandle.nullDevice
  try server.run()
  defer {
    server.terminate()
    server.waitUntilExit()
  }
  let deadline = Date().addingTimeInterval(20)
  while !WebDriver.accepts(port) {
    guard Date() < deadline, server.isRunning else {
      print("  `stflow serve` did not start")
      return
    }
    Thread.sleep(forTimeInterval: 0.05)
  }
  let browser = try WebDriver()
  defer { browser.quit() }
  let base = "http://127.0.0.1:\(port)"
  try browser.open(base + "/")
  try browser.type("#user", "lan")
  try browser.type("#password", "bench-2026")
  try browser.click("main form button[type=submit]")
  while browser.url.contains("/dang-nhap"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
  if let shot = ProcessInfo.processInfo.environment["STFLOW_BENCH_SCREENSHOT"] {
    // To look at what was measured: the task list as the browser drew it.
    try browser.open(base + "/nhiem-vu")
    if let png = try browser.call("GET", "\(browser.s)/screenshot").stringValue, let data = Data(base64Encoded: png) {
      try data.write(to: URL(fileURLWithPath: shot))
    }
  }
  for (page, label) in [("/nhiem-vu", "task list"), ("/", "Việc của tôi")] {
    var paints: [Double] = []
    var responses: [Double] = []
    for _ in 0..<5 {
      try browser.open(base + page)
      let timing =
        try browser.run(
          """
          var p = performance.getEntriesByType('paint').filter(function (e) { return e.name === 'first-contentful-paint'; })[0];
          var n = performance.getEntriesByType('navigation')[0];
          return [p ? p.startTime : -1, n ? n.responseEnd : -1, document.querySelectorAll('tbody tr').length];
          """
        ).arrayValue ?? []
      paints.append(timing.first.flatMap(number) ?? -1)
      responses.append(timing.count > 1 ? number(timing[1]) ?? -1 : -1)
      // Signed in and paginated: the list shows one page of 50 of the tasks, not the sign-in form, nor all of them.
      if page == "/nhiem-vu" { precondition(timing.count > 2 && number(timing[2]) == 50, "the task list does not show a page of 50 tasks") }
      precondition(!browser.url.contains("/dang-nhap"), "the manager is not signed in")
    }
    let paint = paints.sorted()[2]
    print(
      "  \(page) (\(label)): first contentful paint \(format(paint)) ms, response complete \(format(responses.sorted()[2])) ms (medians of 5)"
    )
    record("web: \(label) of \(count) tasks, first contentful paint", paint, "ms", .atMost, 1000)
  }
}

/// A JSON number as a Double.
func number(_ j: JSON) -> Double? {
  switch j {
  case .integer(let i): return Double(i)
  case .number(let d): return d
  default: return nil
  }
}
