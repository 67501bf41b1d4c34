import Foundation
import GazetteCore

/// What a run fetches, in order: every document the inputs name (``InputResolver``), each record of a
/// container as a document of its own (``RecordContainer``), standard input for `-`. Containers are opened
/// as they are reached and read a record at a time.
public struct InputRequests: Sequence {
    let inputs: [String]
    let fieldNames: [String: String]
    let maxBytes: Int
    let standardInput: Data?

    /// `fieldNames` maps a record field (`content`, `title`, `url`, `date`, `agency`) to its name in the
    /// containers, over the names crawlers use; `maxBytes` is the fetch stage's `max_bytes`.
    public init(_ inputs: [String], fieldNames: [String: String] = [:], maxBytes: Int = FetchOptions().maxBytes,
                standardInput: Data? = nil) {
        self.inputs = inputs
        self.fieldNames = fieldNames
        self.maxBytes = maxBytes
        self.standardInput = standardInput
    }

    public func makeIterator() -> Iterator {
        Iterator(documents: InputResolver(inputs).makeIterator(), requests: self)
    }

    public struct Iterator: IteratorProtocol {
        var documents: InputResolver.Iterator
        let requests: InputRequests
        /// The documents of the input being read (a container's records, or the input alone).
        var current: AnyIterator<FetchRequest>?

        public mutating func next() -> FetchRequest? {
            while true {
                if let request = current?.next() { return request }
                guard let document = documents.next() else { return nil }
                if document == "-" {
                    current = nil
                    return FetchRequest(uri: "-", content: requests.standardInput)
                }
                current = RecordContainer.documents(of: FetchRequest(uri: document), named: requests.fieldNames,
                                                    maxBytes: requests.maxBytes)
            }
        }
    }
}
