import GazetteDecode
import GazetteEmit
import GazetteExtract
import GazetteFetch
import GazetteNormalize
import GazetteReconstruct
import Foundation
import GazetteCore
import Yams

/// Finds and reads pipelines: a YAML file by path, a file in `./Pipelines/` by name, or a built-in pipeline
/// by name. Data files a pipeline names are read relative to its own folder, falling back to the built-in
/// copies, so a pipeline file copied anywhere still finds the stock dictionaries and templates.
///
/// An unknown key anywhere in the file is an error naming the file and the key.
public enum PipelineLoader {
    public static let defaultName = BuiltInFiles.defaultPipelineName

    /// Loads `nameOrPath` (nil: the default pipeline).
    public static func load(_ nameOrPath: String?) throws -> Pipeline {
        let name = nameOrPath ?? defaultName
        let fileManager = FileManager.default
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/") {
            guard let text = try? String(contentsOfFile: name, encoding: .utf8) else {
                throw PipelineError("pipeline file \(name) cannot be read")
            }
            return try parse(text, origin: name, folder: URL(fileURLWithPath: name).deletingLastPathComponent())
        }
        let local = URL(fileURLWithPath: "Pipelines").appendingPathComponent(name + ".yaml")
        if fileManager.fileExists(atPath: local.path), let text = try? String(contentsOf: local, encoding: .utf8) {
            return try parse(text, origin: local.relativePath, folder: local.deletingLastPathComponent())
        }
        if let text = BuiltInFiles.pipelines[name] {
            return try parse(text, origin: "built-in", folder: nil)
        }
        throw PipelineError("no pipeline named '\(name)'; `gazette pipelines` lists them, or give the path of a .yaml file")
    }

    /// The pipelines available by name: the built-in ones and those in `./Pipelines/`.
    public static func available() -> [(name: String, origin: String, description: String)] {
        var found: [String: (String, String)] = [:]
        for (name, text) in BuiltInFiles.pipelines { found[name] = ("built-in", descriptionField(of: text)) }
        let folder = URL(fileURLWithPath: "Pipelines")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where file.hasSuffix(".yaml") {
            let name = String(file.dropLast(".yaml".count))
            if let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) {
                found[name] = ("Pipelines/\(file)", descriptionField(of: text))
            }
        }
        return found.keys.sorted().map { ($0, found[$0]!.0, found[$0]!.1) }
    }

    /// Parses pipeline YAML; `folder` is where its data files are looked for first.
    public static func parse(_ text: String, origin: String, folder: URL?) throws -> Pipeline {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw PipelineError("\(origin): the pipeline is empty") }
            root = node
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError("\(origin): not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw PipelineError("\(origin): the pipeline must be a mapping") }
        try requireKnownKeys(mapping, allowed: ["name", "description", "limits", "stages"], at: "", origin: origin)
        let stages = mapping["stages"]?.mapping
        if let stages {
            try requireKnownKeys(stages, allowed: Set(StageID.allCases.map(\.rawValue)), at: "stages.", origin: origin)
        }
        let resolver = DataFileResolver { path in
            if let folder, let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) {
                return text
            }
            if let text = BuiltInFiles.text(path) { return text }
            throw PipelineError("no data file '\(path)'\(folder.map { " in \($0.path)" } ?? "") nor built in")
        }
        func block<T: Codable>(_ node: Node?, at path: String, _ type: T.Type) throws -> T {
            let node = node ?? Node.mapping(Node.Mapping([]))
            let decoder = YAMLDecoder()
            do {
                let value = try decoder.decode(T.self, from: node, userInfo: [DataFileResolver.userInfoKey: resolver])
                try requireKnownKeys(node, encoded: value, at: path, origin: origin)
                return value
            } catch let error as PipelineError {
                throw error
            } catch {
                throw PipelineError("\(origin): \(path): \(describe(error))")
            }
        }
        func options<T: StageOptions>(_ stage: StageID, _ type: T.Type) throws -> T {
            try block(stages?[stage.rawValue], at: "stages.\(stage.rawValue)", type)
        }
        return Pipeline(
            name: mapping["name"]?.string ?? origin, description: mapping["description"]?.string ?? "", origin: origin,
            limits: try block(mapping["limits"], at: "limits", DocumentLimits.self),
            fetch: try options(.fetch, FetchOptions.self), decode: try options(.decode, DecodeOptions.self),
            extract: try options(.extract, ExtractOptions.self), normalize: try options(.normalize, NormalizeOptions.self),
            reconstruct: try options(.reconstruct, ReconstructOptions.self), emit: try options(.emit, EmitOptions.self))
    }

    private static func requireKnownKeys(_ mapping: Node.Mapping, allowed: Set<String>, at path: String, origin: String) throws {
        for key in mapping.keys {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                throw PipelineError("\(origin): unknown key '\(path)\(name)' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// Every key the YAML gives must come back when the decoded options are encoded: a key that does not was
    /// ignored by decoding, so it is unknown (a typo, or an option of another version).
    private static func requireKnownKeys(_ node: Node, encoded value: some Encodable, at path: String, origin: String) throws {
        let json = try JSONSerialization.jsonObject(with: GazetteJSON.encode(value), options: [.fragmentsAllowed])
        try compare(node, json, at: path, origin: origin)
    }

    private static func compare(_ node: Node, _ json: Any, at path: String, origin: String) throws {
        if let mapping = node.mapping, let object = json as? [String: Any] {
            for (key, child) in mapping {
                guard let name = key.string else { continue }
                guard let encoded = object[name] else {
                    let known = object.keys.sorted().joined(separator: ", ")
                    throw PipelineError("\(origin): unknown key '\(path).\(name)'\(known.isEmpty ? "" : " (known: \(known))")")
                }
                try compare(child, encoded, at: "\(path).\(name)", origin: origin)
            }
        } else if let sequence = node.sequence, let array = json as? [Any], sequence.count == array.count {
            for (index, child) in sequence.enumerated() { try compare(child, array[index], at: "\(path)[\(index)]", origin: origin) }
        }
    }

    private static func descriptionField(of text: String) -> String {
        (try? Yams.compose(yaml: text))??.mapping?["description"]?.string ?? ""
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        }
        return "\(error)"
    }
}
