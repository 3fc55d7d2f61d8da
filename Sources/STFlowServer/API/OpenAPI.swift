import Foundation
import STFlowRules

/// The OpenAPI 3.1 document of the JSON API, generated from the routes themselves.
public enum OpenAPI {
  public static func document() -> JSON {
    var paths: [String: [(String, JSON)]] = [:]
    var order: [String] = []
    let sessionOps: [(String, String, String)] = [
      ("/api/v1/session", "post", "Đăng nhập (sign in: user, password → session cookie and CSRF token)"),
      ("/api/v1/session", "get", "Người đang đăng nhập (who is signed in)"),
      ("/api/v1/session", "delete", "Đăng xuất (sign out)"),
      ("/api/v1/session/everywhere", "post", "Đăng xuất mọi nơi (end every session)"),
    ]
    for (path, method, summary) in sessionOps {
      if paths[path] == nil { order.append(path) }
      paths[path, default: []].append(
        (
          method,
          operation(summary: summary, parameters: [], body: method == "post" && path.hasSuffix("session") ? ["user", "password"] : [])
        ))
    }
    for r in APIRoutes.all {
      let path = "/" + r.pattern.joined(separator: "/")
      if paths[path] == nil { order.append(path) }
      var parameters: [JSON] = r.pattern.filter { $0.hasPrefix("{") }.map {
        .object([
          ("name", .string(String($0.dropFirst().dropLast()))), ("in", .string("path")), ("required", .bool(true)),
          ("schema", .object([("type", .string("string"))])),
        ])
      }
      parameters += (r.query + r.queryFlags).map {
        .object([
          ("name", .string($0)), ("in", .string("query")), ("required", .bool(false)), ("schema", .object([("type", .string("string"))])),
        ])
      }
      paths[path, default: []].append(
        (
          r.method.lowercased(),
          operation(summary: r.summary, parameters: parameters, body: r.body, success: r.successStatus, command: r.command)
        ))
    }
    return .object([
      ("openapi", .string("3.1.0")),
      (
        "info",
        .object([
          ("title", .string("STFlow API")), ("version", .string("1")),
          (
            "description",
            .string(
              "Quản lý nhiệm vụ khoa học và công nghệ. Every route runs one command of the stflow command line as the signed-in person; errors have the shape {\"error\": {\"rule\", \"message\", \"values\"}}."
            )
          ),
        ])
      ),
      (
        "components",
        .object([
          (
            "securitySchemes",
            .object([
              ("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))])),
              ("session", .object([("type", .string("apiKey")), ("in", .string("cookie")), ("name", .string("stflow_session"))])),
            ])
          )
        ])
      ),
      ("security", .array([.object([("bearer", .array([]))]), .object([("session", .array([]))])])),
      ("paths", .object(order.map { ($0, .object(paths[$0] ?? [])) })),
    ])
  }

  static func operation(summary: String, parameters: [JSON], body: [String], success: Int = 200, command: [String]? = nil) -> JSON {
    var op: [(String, JSON)] = [("summary", .string(summary))]
    if let command { op.append(("description", .string("Runs `stflow \(command.joined(separator: " "))`."))) }
    if !parameters.isEmpty { op.append(("parameters", .array(parameters))) }
    if !body.isEmpty {
      op.append(
        (
          "requestBody",
          .object([
            (
              "content",
              .object([
                (
                  "application/json",
                  .object([
                    (
                      "schema",
                      .object([
                        ("type", .string("object")), ("properties", .object(body.map { ($0, .object([])) })),
                      ])
                    )
                  ])
                )
              ])
            )
          ])
        ))
    }
    let error = JSON.object([("description", .string("{\"error\": {\"rule\", \"message\", \"values\"}}"))])
    op.append(
      (
        "responses",
        .object([
          (String(success), .object([("description", .string("OK"))])), ("400", error), ("401", error), ("403", error), ("404", error),
          ("409", error), ("413", error), ("429", error),
        ])
      ))
    return .object(op)
  }
}
