import Testing
import ChainPlanning
import GemmCore
@testable import Runners
import Vocabulary

/// The chain report must say whether the estimate came from a calibrated model,
/// and must not call the nominal fallback "calibrated".
@Suite("Cost model source")
struct CostModelSourceTests {
    @Test("measurements the fit refuses fall back to the nominal model and say why")
    func failedCalibrationIsReported() {
        // A time of 0 s (a clock too coarse for the product) is what the fit refuses.
        let (model, source) = ChainRunner.calibrateCostModel(timing: { _ in 0 })
        #expect(model == CostModel.nominal)
        guard case .nominalAfterFailedCalibration(let reason) = source else {
            Issue.record("expected the failed calibration to be reported, got \(source)")
            return
        }
        #expect(reason.contains("took 0.0 s"), "reason: \(reason)")
        #expect(source.reportSuffix == " (nominal cost model: calibration failed: \(reason))")
        #expect(!source.reportSuffix.contains("(calibrated)"))
    }

    @Test("usable measurements give a calibrated model")
    func usableCalibration() {
        // 20 GFLOP/s for every shape: the fitted peak is exactly that rate.
        let (model, source) = ChainRunner.calibrateCostModel(timing: { $0.flops / 20e9 })
        #expect(source == .calibrated)
        #expect(source.reportSuffix == " (calibrated)")
        #expect(abs(model.peakFlopsPerSecond - 20e9) <= 1e-6 * 20e9)
    }

    @Test("only the parallel planner calibrates; the others say nothing about the model")
    func plannersRecordTheirSource() throws {
        for planner in PlannerKind.allCases {
            var config = ChainConfiguration(source: .random(dims: [6, 5, 7, 4], seed: 2))
            config.planner = planner
            config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1)
            let result = try ChainRunner.run(config)
            if planner == .parallel {
                #expect(result.costModelSource == .calibrated)
            } else {
                #expect(result.costModelSource == .nominal)
                #expect(result.costModelSource.reportSuffix == "")
            }
        }
    }
}
