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
    // Written differently, the same key; the same key in another object is not a repeat.
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"ab": 1, "\u0061b": 2}"#) }
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"é": 1, "b": {"é": 1}, "\u00e9": 2}"#) }
    #expect((try? JSONParser.parse(#"{"a": {"a": {"a": 1}}, "b": {"a": 2}}"#)) != nil)
    do {
      _ = try JSONParser.parse("{\"a\": 1,\n \"a\": 2}")
      Issue.record("a repeated key was taken")
    } catch {
      #expect(error.line == 2 && error.column == 2 && error.message == #"duplicate key "a""#)
    }
  }

  @Test func valuesArePulledWithoutATree() throws {
    var seen: [String] = []
    var numbers: [Int64] = []
    var stamps: [String] = []
    try JSONParser.read(#" {"n": 1, "t": "2026-01-05T00:00:00.000Z", "x\u0079": {"m": 2}, "s": "bí", "o": [1]} "#) {
      (p: inout JSONParser) throws(JSONParser.SyntaxError) in
      try p.members { (p: inout JSONParser, key: JSONParser.Key) throws(JSONParser.SyntaxError) in
        seen.append(key.string)
        if key.is("t"), let text = p.plainString() {
          stamps.append(String(decoding: text, as: UTF8.self))
        } else if key.is("xy") {
          try p.members { (p: inout JSONParser, _: JSONParser.Key) throws(JSONParser.SyntaxError) in
            numbers.append(try p.value().intValue ?? 0)
          }
        } else if key.is("s") {
          #expect(p.plainString() == nil)  // not ASCII: pulled as a value
          #expect(try p.value() == .string("bí"))
        } else {
          if let n = try p.value().intValue { numbers.append(n) }
        }
      }
    }
    #expect(seen == ["n", "t", "xy", "s", "o"])
    #expect(numbers == [1, 2])
    #expect(stamps == ["2026-01-05T00:00:00.000Z"])
    // What follows the value, and a repeated key, are errors as in a whole parse.
    #expect(throws: JSONParser.SyntaxError.self) {
      try JSONParser.read(#"{"a": 1} 2"#) { (p: inout JSONParser) throws(JSONParser.SyntaxError) in
        try p.members { p, _ throws(JSONParser.SyntaxError) in _ = try p.value() }
      }
    }
    #expect(throws: JSONParser.SyntaxError.self) {
      try JSONParser.read(#"{"a": 1, "a": 1}"#) { (p: inout JSONParser) throws(JSONParser.SyntaxError) in
        try p.members { p, _ throws(JSONParser.SyntaxError) in _ = try p.value() }
      }
    }
  }
}
