import CommandLineArguments
import ChainPlanning
import GemmCore
import Vocabulary

/// `gemmbench plan`: explains a chain plan without computing anything.
enum PlanCommand {
    static func run(_ options: inout ArgumentList) throws {
        try options.rejectUnknownOptions(known: ["--dims", "--preset", "--planner", "--workers", "--csv"], command: "plan")
        let dims: [Int]
        let dimsText = try options.value("--dims")
        let preset = try options.value("--preset")
        switch (dimsText, preset) {
        case (let text?, nil): dims = try ArgumentList.chainDims(text)
        case (nil, let name?): dims = try ArgumentList.chainPreset(name).dims
        case (nil, nil): throw UsageError("plan needs --dims d0,d1,...,dk or --preset NAME")
        default: throw UsageError("give --dims or --preset, not both")
        }
        let planner = try options.choice("--planner", of: PlannerKind.self) ?? .optimal
        let workers = try options.integer("--workers", minimum: 0) ?? 0
        let csv = try options.flag("--csv")
        try options.finish(command: "plan")
        do {
            // The nominal model: `plan` must not spend time measuring.
            let plan = try makePlan(dims: dims, planner: planner, workers: workers, cost: .nominal)
            if csv {
                writeAll(([ChainPlan.csvHeader] + plan.csvRows).joined(separator: "\n") + "\n", to: 1)
            } else {
                writeAll(plan.describe(), to: 1)
            }
        } catch {
            throw UsageError(error.description)
        }
    }
}
