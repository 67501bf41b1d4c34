import Foundation
import GazetteCore

/// What a run fetches, in order: every document the inputs name (``InputResolver``), each record of a
/// container as a document of its own (``RecordContainer``), standard input for `-`. Containers are opened
/// as they are reached and read a record at a time.
public struct InputRequests: Sequence {
    let inputs: [String]
    let fieldNames: [String: String]
    let standardInput: Data?

    /// `fieldNames` maps a record field (`content`, `title`, `url`, `date`, `agency`) to its name in the
    /// containers, over the names crawlers use.
    public init(_ inputs: [String], fieldNames: [String: String] = [:], standardInput: Data? = nil) {
        self.inputs = inputs
        self.fieldNames = fieldNames
        self.standardInput = standardInput
    }

    public func makeIterator() -> Iterator {
        Iterator(documents: InputResolver(inputs).makeIterator(), fieldNames: fieldNames, standardInput: standardInput)
    }

    public struct Iterator: IteratorProtocol {
        var documents: InputResolver.Iterator
        let fieldNames: [String: String]
        let standardInput: Data?
        var container: RecordContainer?

        public mutating func next() -> FetchRequest? {
            if let container {
                if let record = container.next() { return record }
                self.container = nil
            }
            guard let document = documents.next() else { return nil }
            if document == "-" { return FetchRequest(uri: "-", content: standardInput) }
            guard InputLocation.scheme(of: document) == nil else { return FetchRequest(uri: document) }
            switch RecordContainer.open(document, named: fieldNames) {
            case .document:
                return FetchRequest(uri: document)
            case .container(let opened):
                container = opened
                return next()
            case .failed(let code, let message):
                var request = FetchRequest(uri: document)
                request.problem = FetchRequest.Problem(code: code.rawValue, message: message)
                return request
            }
        }
    }
}
