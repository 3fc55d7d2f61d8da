import Testing

@testable import STFlowFoundation

@Suite struct JSONParserTests {
  @Test func objectKeysKeepTheirWrittenOrder() throws {
    let json = try JSONParser.parse(#"{"z": 1, "a": [true, null, "x"], "m": {"k": -2.5}}"#)
    #expect(json.objectValue?.map(\.0) == ["z", "a", "m"])
    #expect(json["a"] == .array([.bool(true), .null, .string("x")]))
    #expect(json["m"]?["k"] == .number(-2.5))
  }

  @Test func compactTextRoundTrips() throws {
    let text = #"{"tên":"Phục tráng giống Bí thơm","n":[1,2,{"q":"a\"b\\c\n"}],"ok":false}"#
    let json = try JSONParser.parse(text)
    #expect(json.compactText == text)
    #expect(try JSONParser.parse(json.prettyText) == json)
  }

  @Test func unicodeEscapesAndSurrogatePairsAreDecoded() throws {
    #expect(try JSONParser.parse(#""\u0110\u1ec1 xu\u1ea5t \ud83d\ude00""#) == .string("Đề xuất 😀"))
  }

  @Test(arguments: [
    (#"{"a": 1,}"#, 1, 9),
    ("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3),
    ("[1, 2", 1, 6),
    (#"{"a": tru}"#, 1, 7),
    ("01", 1, 1),
  ])
  func syntaxErrorsNameLineAndColumn(text: String, line: Int, column: Int) {
    do {
      _ = try JSONParser.parse(text)
      Issue.record("expected a syntax error for \(text)")
    } catch {
      #expect(error.line == line)
      #expect(error.column == column)
    }
  }

  @Test func duplicateKeysAreRejected() {
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
  }
}
