import Testing
import NumpyIO

@Suite struct ChainCheckTests {
    private func header(_ name: String, _ rows: Int, _ cols: Int) -> NpyHeader {
        NpyHeader(path: name, rows: rows, cols: cols, dataOffset: 128)
    }

    @Test func matchingNeighboursChain() throws {
        try Npy.checkChain([header("a.npy", 3, 5), header("b.npy", 5, 1), header("c.npy", 1, 7)])
        try Npy.checkChain([header("only.npy", 4, 9)])
        try Npy.checkChain([])
    }

    @Test func mismatchNamesBothFilesAndShapes() {
        let chain = [header("a.npy", 3, 5), header("b.npy", 5, 4), header("c.npy", 6, 2)]
        expectNpyError(.shapeMismatch, path: "b.npy",
                       mentioning: ["(5, 4)", "c.npy", "(6, 2)", "input 2", "input 3", "4 columns ≠ 6 rows"]) { () throws(NpyError) in
            try Npy.checkChain(chain)
        }
    }

    @Test func emptyDimensionIsRejectedEvenWhenShapesChain() {
        let chain = [header("a.npy", 3, 0), header("b.npy", 0, 4)]
        expectNpyError(.emptyDimension, path: "a.npy", mentioning: ["(3, 0)", "at least 1 row and 1 column"]) { () throws(NpyError) in
            try Npy.checkChain(chain)
        }
    }
}
