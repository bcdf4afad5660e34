/// A product that failed verification: exit status 1 (after its row is printed).
struct VerificationFailed: Error, CustomStringConvertible {
    let description: String
}
