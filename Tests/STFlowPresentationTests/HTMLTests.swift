import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import Testing

@testable import STFlowPresentation

@Suite struct HTMLTests {
  @Test func interpolatedTextCannotBecomeMarkup() {
    let title = "<script>alert('x')</script> & \"Bí thơm\""
    let h: HTML = "<td title=\"\(title)\">\(title)</td>"
    #expect(
      h.markup
        == "<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Bí thơm&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Bí thơm&quot;</td>"
    )
    let inner: HTML = "<b>\(title)</b>"
    let outer: HTML = "<p>\(inner)\([inner, inner])</p>"
    #expect(outer.markup.components(separatedBy: "<b>").count == 4)
    #expect(!outer.markup.contains("<script>"))
  }

  @Test func pathSegmentsArePercentEncoded() {
    #expect(URLPath.make("nhiem-vu", "ĐT/1?x") == "/nhiem-vu/%C4%90T%2F1%3Fx")
    #expect(URLPath.query([("q", "Bí thơm"), ("page", nil), ("state", "")]) == "?q=B%C3%AD%20th%C6%A1m")
  }

  @Test func datesAndMoneyAreWrittenTheVietnameseWay() {
    let f = Formats()
    #expect(f.date(LocalDate(year: 2026, month: 3, day: 5)!) == "05/03/2026")
    #expect(f.money(1_200_000_000) == "1.200.000.000 đ")
    #expect(Formats(language: "en").money(5_000) == "5.000 VND")
    let instant = Timestamp.parseStored("2026-03-05T17:30:00.000Z")!
    #expect(f.dateTime(instant) == "06/03/2026 00:30")
  }

  @Test func enumValuesPeopleAndBooleansAreShownByTheirLabels() throws {
    let definition = try DefinitionLoader.load(file: Self.shipped("provincial-task.json"))
    let f = Formats()
    let rating = try #require(definition.field("acceptanceRating"))
    #expect(f.value(.string("kha"), field: rating) == "Khá")
    let investigator = try #require(definition.fields.first { $0.type == .actor })
    let people = ["ths.mai": Actor(name: "ths.mai", roles: [], displayName: "ThS. Lê Thị Mai")]
    #expect(f.value(.string("ths.mai"), field: investigator, people: people) == "ThS. Lê Thị Mai")
    #expect(f.value(.bool(true), field: nil) == "Có")
  }

  @Test func theLifecycleDiagramMarksTheCurrentStateAndThePathTaken() throws {
    let definition = try DefinitionLoader.load(file: Self.shipped("provincial-task.json"))
    let diagram = LifecycleDiagram(definition: definition)
    let first = definition.initial
    let next = try #require(definition.transitions.first { $0.from.contains(first) && $0.to != nil && $0.to != first }?.to)
    let svg = diagram.svg(current: next, visited: [first, next], taken: ["\(first)>\(next)"], title: "Vòng đời <x>").markup
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.contains("aria-label=\"Vòng đời &lt;x&gt;\""))
    #expect(svg.components(separatedBy: "class=\"current\"").count == 2)
    #expect(svg.components(separatedBy: "class=\"visited\"").count == 2)
    #expect(svg.components(separatedBy: "class=\"edge taken\"").count == 2)
    // Every state is drawn, each with its Vietnamese label.
    for s in definition.states { #expect(svg.contains("<title>\(HTML.escape(s.label.text("vi", fallback: s.name)))</title>")) }
  }

  static func shipped(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Workflows").appendingPathComponent(name).path
  }
}
