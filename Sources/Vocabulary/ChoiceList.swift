/// `a|b|c`: how usage text and errors list the accepted names of an enum.
public func choiceList<Choices: Sequence>(_ choices: Choices) -> String
where Choices.Element: RawRepresentable, Choices.Element.RawValue == String {
    choices.map(\.rawValue).joined(separator: "|")
}
