import GemmCore

/// The text report of one `gemmbench-mpi gemm`, shaped like gemmbench's own.
enum MPIReport {
    static func text(_ result: MPIGemmResult, blasCore: String) -> String {
        let o = result.options
        var head = "gemm m=\(o.m) k=\(o.k) n=\(o.n) backend=mpi algorithm=\(o.algorithm.rawValue)"
        head += " ranks=\(result.ranks) nodes=\(result.nodes) grid=\(result.grid) node-split=\(o.nodeSplit.rawValue) threads=\(o.threads)"
        if let width = result.panelWidth { head += " panel=\(width)" }
        let s = result.stats
        let v = result.verification
        return [
            head,
            "  reps \(s.samples.count)  median \(seconds(s.median))  min \(seconds(s.min))  max \(seconds(s.max))  \(fixed(result.gflops, 2)) GFLOP/s",
            "  residual \(v.residual) (threshold \(Int(Verification.threshold)))  \(v.verdict)  blas core \(blasCore)",
        ].joined(separator: "\n") + "\n"
    }
}

/// A number with `digits` decimals, without Foundation.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    var fraction = String(Int(rounded - Double(whole) * scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return (value < 0 && rounded != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fraction : "")
}

/// Seconds in the most readable unit: "412.0 µs", "21.30 ms", "1.204 s".
func seconds(_ value: Double) -> String {
    if value < 1e-3 { return fixed(value * 1e6, 1) + " µs" }
    if value < 1 { return fixed(value * 1e3, 2) + " ms" }
    return fixed(value, 3) + " s"
}
