import Foundation

/// Runs the built `gazette` executable, as a user would.
public enum GazetteProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `gazette` built beside the running tests (so `make asan` tests its sanitized build), else the debug
    /// build of `.build` (`swift build` makes it; `make test` builds before testing).
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gazette")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = Paths.packageRoot.appendingPathComponent(".build")
        for candidate in ["debug/gazette", "release/gazette"] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent("debug/gazette")
    }

    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    public static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        try command(executable, arguments, stdin: stdin, in: directory, environment: environment)
    }

    /// Runs any program (found on the PATH when `program` is a bare name), both pipes drained as it runs.
    public static func command(_ program: URL, _ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                               environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        if program.path.contains("/") && FileManager.default.isExecutableFile(atPath: program.path) {
            process.executableURL = program
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program.lastPathComponent] + arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        nonisolated(unsafe) var stderrData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
