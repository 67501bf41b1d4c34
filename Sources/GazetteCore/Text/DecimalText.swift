/// Integers written as decimal ASCII digits straight into a byte buffer, with no String in between: the
/// writers of the outputs write several per cell.
public enum DecimalText {
    public static func append(_ value: Int, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // The digits come last first: written backwards on the stack, then appended in order. (Reversing them in
        // place, through `output[start...]`, copied the slice into a new array every time: a tenth of all the
        // allocations of a run.)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.longestMagnitude) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// The digits of the largest magnitude an `Int` has (`Int.min`'s, 9223372036854775808).
    private static let longestMagnitude = 19
}
