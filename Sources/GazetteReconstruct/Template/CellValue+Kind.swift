import GazetteCore

extension CellValue {
    /// Whether the value is acceptable for a column of this kind. A number with more digits than a double
    /// holds exactly (20-digit runs) never is: it would be stored wrong without a word.
    func fits(_ kind: HeaderTemplate.Kind) -> Bool {
        guard let value else { return true }
        if abs(value) >= 9_007_199_254_740_992 { return false }
        switch kind {
        case .count: return value >= 0 && value == value.rounded()
        case .signed: return value == value.rounded()
        case .amount: return value >= 0
        }
    }
}
