// swift-tools-version:6.0
// Gazette: turns published government information disclosure annual reports into checked data.
// The module map is in Sources/README.md.
import PackageDescription

/// Compiler settings shared by every Swift target.
let strictSettings: [SwiftSetting] = [
    // SE-0335: `any` spelled out for existential types.
    .enableUpcomingFeature("ExistentialAny"),
    // SE-0444: a file sees only the members of modules it imports itself.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // MARK: - C libraries (Debian -dev packages; iconv comes from glibc)
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev", "opencc"])]),
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Core: types shared by every stage, no I/O
        .target(
            name: "GazetteCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),

        // MARK: - Stages (each depends on GazetteCore and its own C library only, never on another stage)
        .target(
            name: "GazetteFetch",
            dependencies: [
                "GazetteCore", "CZlib",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "GazetteDecode", dependencies: ["GazetteCore", "CUchardet"], swiftSettings: strictSettings),
        .target(name: "GazetteExtract", dependencies: ["GazetteCore", "CLibXML2"], swiftSettings: strictSettings),
        .target(
            name: "GazetteNormalize",
            dependencies: ["GazetteCore"],
            exclude: ["Resources/export.sh", "Resources/NOTICE"],
            resources: [
                // `Resources` is a symbolic link to `Pipelines/dictionaries/opencc/`: OpenCC's dictionaries as
                // text, built into the binary, so a report's text does not depend on the machine's OpenCC.
                .embedInCode("Resources/TSPhrases.txt"),
                .embedInCode("Resources/TSCharacters.txt"),
                .embedInCode("Resources/TWPhrasesRev.txt"),
                .embedInCode("Resources/TWVariantsRevPhrases.txt"),
                .embedInCode("Resources/TWVariantsRev.txt"),
                .embedInCode("Resources/STCharacters.txt"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "GazetteReconstruct",
            dependencies: ["GazetteCore", .product(name: "Yams", package: "Yams")],
            // Optimized in debug builds too: its searches over run-together digits and open empty cells run
            // twenty times slower unoptimized, and the property tests read thousands of generated reports.
            swiftSettings: strictSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "GazetteEmit",
            dependencies: ["GazetteCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),

        // MARK: - After the run: checks across reports
        .target(
            name: "GazetteAudit",
            dependencies: ["GazetteCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),

        // MARK: - After the run: a static site to review the reports (`gazette review`)
        .target(
            name: "GazetteReview",
            dependencies: ["GazetteCore", "GazetteReconstruct", "GazetteAudit"],
            exclude: ["Screenshots"],
            resources: [.embedInCode("Assets/review.css"), .embedInCode("Assets/review.js")],
            swiftSettings: strictSettings
        ),

        // MARK: - Orchestration: runner, work-folder cache, pipeline loading
        .target(
            name: "GazettePipeline",
            dependencies: [
                "GazetteCore", "GazetteFetch", "GazetteDecode", "GazetteExtract",
                "GazetteNormalize", "GazetteReconstruct", "GazetteEmit",
                .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Resources/README.md", "Resources/dictionaries/opencc"],
            resources: [
                // `Resources` is a symbolic link to the top-level `Pipelines/` folder, so the files users
                // edit are the very files built into the binary.
                .embedInCode("Resources/gov-disclosure-annual-report.yaml"),
                .embedInCode("Resources/templates/national-2019.yaml"),
                .embedInCode("Resources/templates/national-2021.yaml"),
                .embedInCode("Resources/dictionaries/gov-phrases.txt"),
                .embedInCode("Resources/dictionaries/taiwan-vocabulary.txt"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Executables
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteCore", "GazettePipeline", "GazetteAudit", "GazetteReview", "GazetteReconstruct",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "gazette-bench",
            // libopencc only to time Gazette's converter beside it.
            dependencies: ["GazetteCore", "GazetteDecode", "GazetteExtract", "GazetteNormalize", "COpenCC"],
            exclude: ["Peer"],
            swiftSettings: strictSettings
        ),

        // Fuzzing harnesses for decode, extract and reconstruct (`make fuzz`); a plain build replays files.
        .executableTarget(
            name: "gazette-fuzz",
            dependencies: ["GazetteCore", "GazetteDecode", "GazetteExtract", "GazetteNormalize", "GazetteReconstruct",
                           "GazettePipeline"],
            swiftSettings: strictSettings
        ),

        // MARK: - Test support and tests
        .target(name: "GazetteTestSupport", dependencies: ["GazetteCore"], path: "Tests/GazetteTestSupport",
                swiftSettings: strictSettings),
        .testTarget(name: "GazetteDecodeTests", dependencies: ["GazetteDecode", "GazetteTestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteExtractTests", dependencies: ["GazetteExtract", "GazetteTestSupport"],
                    swiftSettings: strictSettings),
        // libopencc is the oracle of the converter's differential tests, not a dependency of Gazette itself.
        .testTarget(name: "GazetteNormalizeTests", dependencies: ["GazetteNormalize", "GazettePipeline", "GazetteTestSupport", "COpenCC"],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteReconstructTests",
                    dependencies: ["GazetteReconstruct", "GazettePipeline", "GazetteTestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteEmitTests", dependencies: ["GazetteEmit", "GazetteTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteAuditTests", dependencies: ["GazetteAudit", "GazetteTestSupport"],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazettePipelineTests", dependencies: ["GazettePipeline", "GazetteDecode", "GazetteExtract", "GazetteFetch", "GazetteNormalize", "GazetteReconstruct", "GazetteEmit", "GazetteTestSupport",
                                                                   .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteReviewTests", dependencies: ["GazetteReview", "GazettePipeline", "GazetteFetch", "GazetteReconstruct", "GazetteTestSupport"],
                    swiftSettings: strictSettings),
        .testTarget(name: "GazetteEndToEndTests", dependencies: ["GazetteTestSupport", "GazettePipeline"], exclude: ["Golden", "Support", "Fixtures"],
                    swiftSettings: strictSettings),
    ]
)
