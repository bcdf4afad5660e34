import Foundation
import Testing
@testable import GemmCore
import Vocabulary

/// The check's power, measured over many random correct chains (docs/contracts.md,
/// "Verification"): no correct chain fails; an error of ten times the detection
/// limit each chain reports is always caught; on the well-scaled families an
/// error of 1e-8·max|Y| is caught. `GEMMBENCH_POWER_CHAINS` sets how many chains
/// (default 1000) and `GEMMBENCH_POWER_REPORT=1` prints the detection limits by
/// family, length and size (Benchmarks/README.md, "Verification power").
@Suite("Verification power", .serialized)
struct VerificationPowerTests {
    enum Family: String, CaseIterable {
        case uniform, normal, positive, gradedRows, gradedColumns, cancelling

        /// Families whose detection limit must reach 1e-8 (the others may report a
        /// larger limit, as long as it is true).
        var wellScaled: Bool { [.uniform, .normal, .positive].contains(self) }
    }

    /// One random chain, its factors and the tree it was evaluated along.
    struct Case {
        let family: Family
        let dims: [Int]
        let factors: [Matrix]
        let tree: [ProductNode]
        let result: Matrix
    }

    /// Dims from 1 to `maximum`, log-uniform, with 1×n and n×1 ends now and then.
    static func dims(count: Int, maximum: Int, random: inout SeededRandom) -> [Int] {
        var dims = (0...count).map { _ in Int(exp(Double.random(in: 0...log(Double(maximum)), using: &random)).rounded()) }
        if Int.random(in: 0..<8, using: &random) == 0 { dims[0] = 1 }
        if Int.random(in: 0..<8, using: &random) == 0 { dims[count] = 1 }
        return dims
    }

    static func fill(_ m: Matrix, family: Family, random: inout SeededRandom) {
        let rowScales = (0..<m.rows).map { _ in family == .gradedRows ? pow(10, Double.random(in: -8...8, using: &random)) : 1 }
        let colScales = (0..<m.cols).map { _ in family == .gradedColumns ? pow(10, Double.random(in: -8...8, using: &random)) : 1 }
        for i in 0..<m.rows {
            for j in 0..<m.cols {
                let value: Double
                switch family {
                case .positive: value = Double.random(in: 0..<1, using: &random)
                case .normal:
                    let u = Double.random(in: Double.ulpOfOne..<1, using: &random), v = Double.random(in: 0..<1, using: &random)
                    value = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
                default: value = random.nextSigned()
                }
                m.view[i, j] = value * rowScales[i] * colScales[j]
            }
        }
    }

    /// A square pair S = I + s·N, S⁻¹ = I − s·N (N nonzero only in its top-right
    /// block, so N² = 0), with s up to 1e4: S·S⁻¹ = I after heavy cancellation.
    static func cancellingPair(size n: Int, random: inout SeededRandom) -> (Matrix, Matrix) {
        let s = pow(10, Double.random(in: 1...4, using: &random))
        let forward = Matrix(rows: n, cols: n), inverse = Matrix(rows: n, cols: n)
        for i in 0..<n { forward.view[i, i] = 1; inverse.view[i, i] = 1 }
        let half = n / 2
        for i in 0..<half { for j in half..<n {
            let v = s * random.nextSigned()
            forward.view[i, j] = v; inverse.view[i, j] = -v
        } }
        return (forward, inverse)
    }

    /// The cheapest tree (flops) or a random one, whichever the coin says, if the random one is cheap enough.
    static func tree(dims: [Int], random: inout SeededRandom) -> [ProductNode] {
        func randomTree(_ lo: Int, _ hi: Int) -> [ProductNode] {
            guard hi - lo > 1 else { return [] }
            let mid = Int.random(in: (lo + 1)..<hi, using: &random)
            return randomTree(lo, mid) + randomTree(mid, hi) + [ProductNode(lo: lo, mid: mid, hi: hi)]
        }
        let candidate = randomTree(0, dims.count - 1)
        return flops(candidate, dims) < 4e8 ? candidate : optimalTree(dims: dims)
    }

    static func flops(_ tree: [ProductNode], _ dims: [Int]) -> Double {
        tree.reduce(0) { $0 + 2 * Double(dims[$1.lo]) * Double(dims[$1.mid]) * Double(dims[$1.hi]) }
    }

    static func optimalTree(dims: [Int]) -> [ProductNode] {
        let q = dims.count - 1
        var cost = [[Double]](repeating: [Double](repeating: 0, count: q + 1), count: q + 1)
        var split = [[Int]](repeating: [Int](repeating: 0, count: q + 1), count: q + 1)
        for length in 2...max(q, 2) where length <= q {
            for lo in 0...(q - length) {
                let hi = lo + length
                cost[lo][hi] = .infinity
                for mid in (lo + 1)..<hi {
                    let c = cost[lo][mid] + cost[mid][hi] + Double(dims[lo]) * Double(dims[mid]) * Double(dims[hi])
                    if c < cost[lo][hi] { cost[lo][hi] = c; split[lo][hi] = mid }
                }
            }
        }
        func build(_ lo: Int, _ hi: Int) -> [ProductNode] {
            guard hi - lo > 1 else { return [] }
            let mid = split[lo][hi]
            return build(lo, mid) + build(mid, hi) + [ProductNode(lo: lo, mid: mid, hi: hi)]
        }
        return build(0, q)
    }

    /// The product along `tree` with OpenBLAS, as the runners compute it.
    static func evaluate(_ factors: [Matrix], tree: [ProductNode]) -> Matrix {
        var spans: [Range<Int>: Matrix] = [:]
        for (i, f) in factors.enumerated() { spans[i..<(i + 1)] = f }
        for node in tree {
            let left = spans[node.lo..<node.mid]!, right = spans[node.mid..<node.hi]!
            let product = Matrix(rows: left.rows, cols: right.cols)
            Kernel.blas.multiply(left.view, right.view, into: product.view)
            spans[node.lo..<node.hi] = product
        }
        return spans[0..<factors.count]!
    }

    static func makeCase(index: Int, attempt: UInt64 = 0) -> Case {
        var random = SeededRandom(seed: 0xC0FFEE &+ UInt64(index) &+ attempt << 32)
        let family = Family.allCases[index % Family.allCases.count]
        let count = Int.random(in: 2...16, using: &random)
        // Most chains are small; one in ten reaches toward 2000, within a flop budget.
        let maximum = index % 10 == 0 ? 2000 : 300
        var dims = Self.dims(count: count, maximum: maximum, random: &random)
        var factors: [Matrix]
        if family == .cancelling {
            // F₀ · S · S⁻¹ · F₃ …: a cancelling pair in the middle of a random chain.
            let n = max(dims[1], 2)
            dims[1] = n
            if dims.count < 4 { dims.append(dims.last!) }
            dims[2] = n; dims[3] = n
            factors = []
            for i in 0..<(dims.count - 1) {
                let m = Matrix(rows: dims[i], cols: dims[i + 1])
                fill(m, family: .uniform, random: &random)
                factors.append(m)
            }
            let (forward, inverse) = cancellingPair(size: n, random: &random)
            factors[1] = forward; factors[2] = inverse
        } else {
            factors = (0..<count).map { i in
                let m = Matrix(rows: dims[i], cols: dims[i + 1])
                fill(m, family: family, random: &random)
                return m
            }
        }
        let tree = Self.tree(dims: dims, random: &random)
        // Too costly for a unit test even in the best order: draw again.
        if flops(tree, dims) > 4e9 { return makeCase(index: index, attempt: attempt + 1) }
        return Case(family: family, dims: dims, factors: factors, tree: tree, result: evaluate(factors, tree: tree))
    }

    static var chainCount: Int {
        ProcessInfo.processInfo.environment["GEMMBENCH_POWER_CHAINS"].flatMap(Int.init) ?? 1000
    }

    @Test("no false failures, and every reported detection limit holds")
    func power() {
        var falseFailures: [String] = []
        var missed: [String] = []
        var limits: [(Family, Int, Int, Double)] = []
        var largestCleanResidual = 0.0
        for index in 0..<Self.chainCount {
            let c = Self.makeCase(index: index)
            let views = c.factors.map(\.view), y = c.result.view
            let clean = Verification.checkChain(factors: views, result: y, tree: c.tree)
            let label = "#\(index) \(c.family) dims \(c.dims.map(String.init).joined(separator: "x"))"
            guard clean.passed else { falseFailures.append("\(label): residual \(clean.residual)"); continue }
            limits.append((c.family, c.factors.count, c.dims.max()!, clean.detectionLimit))
            largestCleanResidual = max(largestCleanResidual, clean.residual)
            var largest = 0.0
            for i in 0..<y.rows { for j in 0..<y.cols { largest = max(largest, abs(y[i, j])) } }
            guard largest > 0 else { continue }

            var random = SeededRandom(seed: UInt64(index) &* 7919)
            let i = Int.random(in: 0..<y.rows, using: &random), j = Int.random(in: 0..<y.cols, using: &random)
            let original = y[i, j]
            var errors = [10 * clean.detectionLimit]
            if c.family.wellScaled { errors.append(1e-8) }
            for relative in errors where relative.isFinite {
                let sign: Double = Bool.random(using: &random) ? 1 : -1
                y[i, j] = original + sign * relative * largest
                let outcome = Verification.checkChain(factors: views, result: y, tree: c.tree)
                if outcome.passed { missed.append("\(label): \(relative)·max|Y| at (\(i),\(j)) passed (limit \(clean.detectionLimit))") }
                y[i, j] = original
            }
        }
        #expect(falseFailures.isEmpty, "false failures: \(falseFailures.prefix(5))")
        #expect(missed.isEmpty, "missed: \(missed.prefix(5))")
        #expect(limits.count >= Self.chainCount - falseFailures.count)
        if ProcessInfo.processInfo.environment["GEMMBENCH_POWER_REPORT"] == "1" {
            print("\(limits.count) correct chains, largest residual \(largestCleanResidual) (threshold \(Verification.threshold))")
            Self.report(limits)
        }
    }

    /// The median and largest detection limit per family, by chain length and largest dim.
    static func report(_ limits: [(Family, Int, Int, Double)]) {
        print("family         factors  max dim     chains  median detect  largest detect")
        for family in Family.allCases {
            for (lengths, lengthName) in [(2...4, "2-4"), (5...9, "5-9"), (10...16, "10-16")] {
                for (sizes, sizeName) in [(1...100, "≤100"), (101...500, "101-500"), (501...2000, "501-2000")] {
                    let values = limits.filter { $0.0 == family && lengths.contains($0.1) && sizes.contains($0.2) }.map(\.3).sorted()
                    guard !values.isEmpty else { continue }
                    let line = [family.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0),
                                lengthName.padding(toLength: 9, withPad: " ", startingAt: 0),
                                sizeName.padding(toLength: 12, withPad: " ", startingAt: 0),
                                String(values.count).padding(toLength: 8, withPad: " ", startingAt: 0),
                                String(format: "%.1e", values[values.count / 2]).padding(toLength: 15, withPad: " ", startingAt: 0),
                                String(format: "%.1e", values.last!)]
                    print(line.joined())
                }
            }
        }
    }
}
