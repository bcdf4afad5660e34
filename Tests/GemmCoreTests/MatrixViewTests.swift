import Testing
@testable import GemmCore

@Suite("MatrixView and Matrix")
struct MatrixViewTests {
    /// A 6×9 matrix with leading dimension 11 whose element (i, j) is 100·i + j.
    static func numbered() -> Matrix {
        let matrix = Matrix(rows: 6, cols: 9, leadingDimension: 11)
        for i in 0..<6 { for j in 0..<9 { matrix.view[i, j] = Double(100 * i + j) } }
        return matrix
    }

    @Test("element (i, j) lives at base[i·ld + j]")
    func addressing() {
        let matrix = Self.numbered()
        #expect(matrix.view.leadingDimension == 11)
        #expect(matrix.view.base[3 * 11 + 4] == 304)
        #expect(matrix.view.row(5)[8] == 508)
    }

    @Test("block addresses the parent's elements with the parent's leading dimension")
    func blockAddressing() {
        let matrix = Self.numbered()
        let block = matrix.view.block(rowStart: 2, rowCount: 3, colStart: 4, colCount: 5)
        #expect(block.rows == 3 && block.cols == 5 && block.leadingDimension == 11)
        for i in 0..<3 { for j in 0..<5 { #expect(block[i, j] == Double(100 * (i + 2) + (j + 4))) } }

        // A block of a block adds the offsets.
        let inner = block.block(rowStart: 1, rowCount: 2, colStart: 3, colCount: 2)
        #expect(inner[0, 0] == 307 && inner[1, 1] == 408)

        // Writes through the block land in the parent.
        block[2, 4] = -1
        #expect(matrix.view[4, 8] == -1)
    }

    @Test("empty and full blocks at the edges")
    func edgeBlocks() {
        let matrix = Self.numbered()
        let whole = matrix.view.block(rowStart: 0, rowCount: 6, colStart: 0, colCount: 9)
        #expect(whole.base == matrix.view.base && whole[5, 8] == 508)
        let corner = matrix.view.block(rowStart: 5, rowCount: 1, colStart: 8, colCount: 1)
        #expect(corner[0, 0] == 508)
        let empty = matrix.view.block(rowStart: 6, rowCount: 0, colStart: 9, colCount: 0)
        #expect(empty.rows == 0 && empty.cols == 0)
    }

    @Test("copy touches the view only, not the padding or neighbours")
    func copyStaysInsideTheView() {
        let matrix = Self.numbered()
        for i in 0..<6 { for j in 9..<11 { matrix.view.base[i * 11 + j] = -7 } }
        let block = matrix.view.block(rowStart: 1, rowCount: 2, colStart: 1, colCount: 3)
        let source = Matrix.random(rows: 2, cols: 3, seed: 3)
        block.copy(from: source.view)
        for i in 0..<6 {
            for j in 0..<9 {
                let inside = (1..<3).contains(i) && (1..<4).contains(j)
                #expect(matrix.view[i, j] == (inside ? source.view[i - 1, j - 1] : Double(100 * i + j)))
            }
        }
        #expect(paddingElements(matrix.view).allSatisfy { $0 == -7 })
    }

    @Test("Matrix storage is zeroed and 64-byte aligned")
    func matrixStorage() {
        for (rows, cols, ld) in [(3, 5, 5), (1, 1, 1), (7, 3, 8), (0, 4, 4), (4, 0, 1)] {
            let matrix = Matrix(rows: rows, cols: cols, leadingDimension: ld)
            #expect(Int(bitPattern: matrix.view.base) % 64 == 0)
            for i in 0..<rows { for j in 0..<cols { #expect(matrix.view[i, j] == 0) } }
        }
        #expect(Matrix(rows: 3, cols: 0).view.leadingDimension == 1)
    }

    @Test("Matrix.random is reproducible from its seed")
    func randomMatrix() {
        let first = Matrix.random(rows: 9, cols: 4, seed: 99)
        let again = Matrix.random(rows: 9, cols: 4, seed: 99, leadingDimension: 6)
        let other = Matrix.random(rows: 9, cols: 4, seed: 100)
        var differs = false
        for i in 0..<9 {
            for j in 0..<4 {
                #expect(first.view[i, j] == again.view[i, j])
                if first.view[i, j] != other.view[i, j] { differs = true }
            }
        }
        #expect(differs)
    }

    @Test("a block outside its parent is refused (precondition)")
    func blockOutsideParent() async {
        await #expect(processExitsWith: .failure) {
            let matrix = Matrix(rows: 3, cols: 3)
            _ = matrix.view.block(rowStart: 2, rowCount: 2, colStart: 0, colCount: 1)
        }
    }
}
