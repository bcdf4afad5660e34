import Testing
@Test func placeholderWorks() { #expect(1 + 1 == 2) }
