/// Which `descr` strings NumpyIO reads, and how to name the ones it does not.
///
/// Accepted: `'<f8'` (what `np.save` writes for float64 on every machine, since it stores
/// `dtype.str`), plus `'=f8'`, `'|f8'` and `'f8'`: numpy reads those three as *native*
/// float64, which on the little-endian hosts gemmbench supports is byte-for-byte `'<f8'`,
/// so accepting them loads exactly what `np.load` on this machine would. `'>f8'` is
/// rejected (it would need a byte swap). Structured and other dtypes are rejected by name.
enum NpyDtype {
    static let acceptedFloat64: Set<String> = ["<f8", "=f8", "|f8", "f8"]

    #if !_endian(little)
    #error("NumpyIO reads float64 data without byte swapping and so requires a little-endian host")
    #endif

    /// A human name for a simple descr such as `'<f4'` → `float32`, `'>f8'` → `big-endian float64`; nil if unknown.
    static func humanName(_ descr: String) -> String? {
        var rest = Substring(descr)
        var order = ""
        if let first = rest.first, "<>=|".contains(first) {
            if first == ">" { order = "big-endian " }
            rest = rest.dropFirst()
        }
        if rest == "O" { return "Python objects" }
        guard let kind = rest.first, let size = Int(rest.dropFirst()), size > 0 else { return nil }
        // A size near Int.max has no bit count (found by fuzzing: '<f5414380771791426900').
        let (bitCount, overflow) = size.multipliedReportingOverflow(by: 8)
        if overflow && "fiuc".contains(kind) { return nil }
        let bits = String(bitCount)
        switch kind {
        case "f": return order + "float" + bits
        case "i": return order + "int" + bits
        case "u": return order + "uint" + bits
        case "c": return order + "complex" + bits
        case "b" where size == 1: return "bool"
        case "?" where size == 1: return "bool"
        case "U": return "unicode string of \(size) characters"
        case "S": return "byte string of \(size) bytes"
        case "V": return "raw void of \(size) bytes"
        default: return nil
        }
    }

    /// The sentence for a rejected descr, e.g.
    /// `dtype '<f4' (float32) is not supported (only little-endian float64, '<f8'); convert with a.astype('<f8')`.
    static func rejection(_ descr: String) -> String {
        let name = humanName(descr).map { " (\($0))" } ?? ""
        return "dtype '\(descr)'\(name) is not supported (only little-endian float64, '<f8'); convert with a.astype('<f8')"
    }
}
