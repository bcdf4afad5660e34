/// Placeholder until the model lands.
enum CommunicationModelCommand {
    static func run(_ arguments: [String]) -> Int32 {
        printMPIError("model: not built yet")
        return 2
    }
}
