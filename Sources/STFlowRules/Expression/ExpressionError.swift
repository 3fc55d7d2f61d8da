/// A problem in a guard expression: where (1-based column) and what.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
  public let column: Int
  public let message: String

  public init(column: Int, message: String) {
    self.column = column
    self.message = message
  }

  public var description: String { "column \(column): \(message)" }
}
