/// One line of a document's decoded text, with the 1-based number of the source line it came from.
///
/// Every number in Gazette's output carries such a line number, so it can be traced back to the source.
public struct TextLine: Codable, Sendable, Equatable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}
