/// The display name of factor `index` (0-based) in a chain.
///
/// 0…25 are A…Z; after that the letters repeat with a round number appended:
/// 26 → A1, 27 → B1, …, 51 → Z1, 52 → A2. Negative indices give "?".
public func factorName(_ index: Int) -> String {
    guard index >= 0 else { return "?" }
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    let letter = String(letters[index % letters.count])
    let round = index / letters.count
    return round == 0 ? letter : letter + String(round)
}
