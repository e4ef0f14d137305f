// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kith",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KithCore", targets: ["KithCore"]),
        .library(name: "KithLua", targets: ["KithLua"]),
        .library(name: "KithPlugins", targets: ["KithPlugins"]),
        .library(name: "KithReports", targets: ["KithReports"]),
        .library(name: "KithSession", targets: ["KithSession"]),
        .library(name: "KithRPC", targets: ["KithRPC"]),
        .library(name: "KithWeb", targets: ["KithWeb"]),
        .library(name: "KithSync", targets: ["KithSync"]),
        .executable(name: "kith", targets: ["kith"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev, installed by scripts/setup.sh).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The C bridge: the only code that may raise a Lua error.
        .target(name: "CKithLua", dependencies: ["CLua"]),
        // Sealed files (an encrypted store, its backups and exports): swift-crypto's
        // ChaCha20-Poly1305, HKDF, HMAC and scrypt, nothing written by hand.
        .target(
            name: "KithSeal",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "KithCore",
            dependencies: [
                "KithSeal", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(name: "KithLua", dependencies: ["CLua", "CKithLua", "KithCore"]),
        .target(
            name: "KithPlugins",
            dependencies: [
                "KithLua", "KithCore", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/kith.lua")]  // the ---@meta stubs, copied into new plugins
        ),
        // Sync through a shared folder, and shares for one recipient: files sealed with KithSeal,
        // HPKE (RFC 9180) from swift-crypto.
        .target(
            name: "KithSync",
            dependencies: ["KithCore", "KithSeal", "KithReports", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Reports rendered for people and programs: text, markdown, HTML with SVG charts, JSON, CSV.
        .target(name: "KithReports", dependencies: ["KithCore"]),
        // What every front end holds: the store, its plugins and the person's settings, opened once.
        // Linux system calls Swift cannot reach: the kernel keyring (`kith unlock`), prctl, statfs.
        .target(name: "CKithSystem"),
        .target(
            name: "KithSession",
            dependencies: [
                "KithPlugins", "KithCore", "KithSeal", "CKithSystem", .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // JSON-RPC 2.0 on a session: one method table over the Lua API and what front ends need.
        .target(name: "KithRPC", dependencies: ["KithSession", "KithReports", "KithPlugins", "KithLua", "KithCore"]),
        // `kith serve`: the local web app and POST /rpc, on Hummingbird, loopback and a session cookie.
        .target(
            name: "KithWeb",
            dependencies: [
                "KithRPC", "KithCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "kith",
            dependencies: [
                "KithWeb", "KithRPC", "KithSession", "KithReports", "KithPlugins", "KithLua", "KithCore", "KithSeal",
                "KithSync", "CKithSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks against floors measured in the same run (scripts/bench.sh).
        // The floors themselves, in C: benchmark code stays out of Kith's own modules.
        .target(name: "CKithBenchFloor", dependencies: ["CLua"], linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(
            name: "kith-bench",
            dependencies: [
                "CKithBenchFloor", "CLua", "KithRPC", "KithSession", "KithLua", "KithReports", "KithCore", "KithSeal",
                "KithSync",
            ]),
        // Coverage-guided fuzzing of the importers (scripts/fuzz.sh); without it, replays inputs.
        .executableTarget(name: "kith-fuzz", dependencies: ["KithCore"]),
        .testTarget(
            name: "KithCoreTests",
            dependencies: ["KithCore", "KithSeal", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "KithLuaTests", dependencies: ["KithLua", "KithReports", "KithCore"]),
        .testTarget(name: "KithReportsTests", dependencies: ["KithReports", "KithCore"]),
        .testTarget(name: "KithPluginsTests", dependencies: ["KithPlugins", "KithLua", "KithCore"]),
        .testTarget(name: "KithSessionTests", dependencies: ["KithSession", "KithCore"]),
        .testTarget(name: "KithSyncTests", dependencies: ["KithSync", "KithCore", "KithSeal"]),
        // Depends on the executable so that `swift test` builds the binary these tests run.
        .testTarget(
            name: "KithCLITests", dependencies: ["KithWeb", "KithRPC", "KithLua", "KithCore", "KithSync", "kith"]),
    ]
)
