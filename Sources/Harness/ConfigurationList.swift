/// Configurations in the order first added, each once. Adding one past
/// `SweepPlan.maximumConfigurations` refuses the suite at once, so a grid of
/// millions is refused as soon as it passes the limit rather than walked to its end.
struct ConfigurationList {
    private(set) var configurations: [BenchConfiguration] = []
    private var planned = Set<BenchConfiguration>()

    /// Adds `configuration` unless it is already here; true when it was new.
    @discardableResult
    mutating func add(_ configuration: BenchConfiguration) throws(SweepPlan.Refused) -> Bool {
        guard planned.insert(configuration).inserted else { return false }
        guard planned.count <= SweepPlan.maximumConfigurations else {
            throw .tooManyConfigurations(limit: SweepPlan.maximumConfigurations)
        }
        configurations.append(configuration)
        return true
    }
}
