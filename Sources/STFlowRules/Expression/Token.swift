/// A lexical token of a guard expression, with its 1-based column.
struct Token: Equatable, Sendable {
  enum Kind: Equatable, Sendable {
    case integer(Int64)
    case money(Int64)
    case period(Period)
    case date(LocalDate)
    case string(String)
    case identifier(String)
    case symbol(String)
    case end
  }

  let kind: Kind
  let column: Int
}
