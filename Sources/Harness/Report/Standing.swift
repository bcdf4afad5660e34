/// How one figure stands against another, judged on their 95 % CIs only: it
/// leads when its whole CI lies above the other's, trails when below, and
/// matches when they overlap (the data cannot tell them apart).
enum Standing: String {
    case leads, matches, trails

    init(_ a: (low: Double, high: Double), against b: (low: Double, high: Double)) {
        if a.low > b.high { self = .leads } else if a.high < b.low { self = .trails } else { self = .matches }
    }

    init(_ a: ReportFigure, against b: ReportFigure) {
        self.init((a.low, a.high), against: (b.low, b.high))
    }
}
