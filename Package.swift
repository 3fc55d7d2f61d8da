// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "STFlow",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "stflow", targets: ["stflow"]),
    .library(name: "STFlowEngine", targets: ["STFlowEngine"]),
  ],
  targets: [
    // The system sqlite3 library (Debian: libsqlite3-dev).
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // The system libcrypto (Debian: libssl-dev): HMAC-SHA-256 for the signed anchor of the hash chain.
    // libpq (Debian: libpq-dev): the PostgreSQL client, for a store on a database server shared by several nodes.
    .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
    // libxcrypt (Debian: libcrypt-dev, with the C library): yescrypt password hashes.
    .systemLibrary(name: "CXCrypt", path: "Sources/CXCrypt", providers: [.apt(["libcrypt-dev"])]),
    // GNU libmicrohttpd (Debian: libmicrohttpd-dev): the HTTP server under `stflow serve`.
    .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", providers: [.apt(["libmicrohttpd-dev"])]),
    // libzip (Debian: libzip-dev): the container of .docx files, and reading documents back.
    .systemLibrary(name: "CZip", path: "Sources/CZip", providers: [.apt(["libzip-dev"])]),
    // libxlsxwriter (Debian: libxlsxwriter-dev): .xlsx annexes.
    .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", providers: [.apt(["libxlsxwriter-dev"])]),
    // JSON, CSV, calendar dates and timestamps in Vietnam's time zone. Depends on nothing.
    .target(name: "STFlowFoundation"),
    // Expression language, values, durations, business calendars, the rules. Re-exports the foundation.
    .target(name: "STFlowRules", dependencies: ["STFlowFoundation"]),
    // Workflow definitions: JSON decoding with paths, validation, diagrams.
    .target(name: "STFlowDefinition", dependencies: ["STFlowRules"]),
    // The pure state machine: decide and evolve.
    .target(name: "STFlowEngine", dependencies: ["STFlowDefinition", "STFlowRules"]),
    // The event store (SQLite embedded, or PostgreSQL for several nodes), hash chain, projections.
    .target(name: "STFlowStore", dependencies: ["CSQLite", "CPostgres", "CCrypto", "CXCrypt", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    // Documents a department files: Word (.docx) in the layout of Nghị định 30/2020, .xlsx tables.
    .target(name: "STFlowDocuments", dependencies: ["CZip", "CXlsxWriter", "STFlowFoundation"]),
    // The period report, computed over the store's read API, as Markdown, HTML, JSON, .docx and .xlsx; council minutes.
    .target(
      name: "STFlowReports",
      dependencies: ["STFlowDocuments", "STFlowPresentation", "STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    // What people read: escaped HTML, Vietnamese dates, money and labels, history as sentences, the lifecycle
    // diagram as SVG, the dashboard page. Shared by the command line and the served pages.
    .target(name: "STFlowPresentation", dependencies: ["STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    // The scheduler: due timers into notices, the hook runner, the outbox, the daemon loop.
    .target(name: "STFlowScheduler", dependencies: ["STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    // The command line: argument parsing, commands, output.
    .target(
      name: "STFlowCLI",
      dependencies: [
        "STFlowDocuments", "STFlowPresentation", "STFlowReports", "STFlowScheduler", "STFlowStore", "STFlowEngine", "STFlowDefinition",
        "STFlowRules",
      ]),
    // The served interface: HTTP on libmicrohttpd, sign-in, sessions and tokens, the JSON API over the CLI's commands.
    .target(
      name: "STFlowServer",
      dependencies: [
        "CMicroHTTPD", "STFlowPresentation", "STFlowReports", "STFlowCLI", "STFlowScheduler", "STFlowStore", "STFlowEngine", "STFlowRules",
      ]),
    .executableTarget(name: "stflow", dependencies: ["STFlowCLI", "STFlowServer"]),
    // A headless chromium through chromium-driver's WebDriver API: for the browser tests and the benchmark.
    .target(name: "STFlowWebDriver", dependencies: ["STFlowFoundation"]),
    // A throwaway PostgreSQL cluster on a Unix socket (initdb, pg_ctl): for the tests and the benchmark.
    .target(name: "STFlowPostgresCluster"),
    .executableTarget(
      name: "stflow-bench",
      dependencies: [
        "STFlowServer", "STFlowScheduler", "STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules", "STFlowWebDriver",
        "STFlowPostgresCluster", "CSQLite",
      ],
      path: "Benchmarks/STFlowBenchmarks"),
    .testTarget(name: "STFlowFoundationTests", dependencies: ["STFlowFoundation"]),
    .testTarget(name: "STFlowRulesTests", dependencies: ["STFlowRules"]),
    .testTarget(name: "STFlowDefinitionTests", dependencies: ["STFlowDefinition", "STFlowRules"]),
    .testTarget(name: "STFlowEngineTests", dependencies: ["STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    .testTarget(name: "STFlowStoreTests", dependencies: ["STFlowPostgresCluster", "STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    .testTarget(
      name: "STFlowReportsTests", dependencies: ["STFlowReports", "STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    .testTarget(
      name: "STFlowSchedulerTests", dependencies: ["STFlowScheduler", "STFlowStore", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    .testTarget(name: "STFlowEndToEndTests", dependencies: ["stflow", "STFlowPostgresCluster", "STFlowDocuments", "STFlowStore", "STFlowEngine", "STFlowRules"]),
    .testTarget(name: "STFlowDocumentsTests", dependencies: ["STFlowDocuments", "STFlowFoundation"]),
    .testTarget(name: "STFlowPresentationTests", dependencies: ["STFlowPresentation", "STFlowEngine", "STFlowDefinition", "STFlowRules"]),
    .testTarget(
      name: "STFlowServerTests",
      dependencies: [
        "stflow", "STFlowDocuments", "STFlowServer", "STFlowPresentation", "STFlowCLI", "STFlowStore", "STFlowEngine", "STFlowRules",
        "STFlowWebDriver",
      ]),
  ]
)
