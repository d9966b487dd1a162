/// The meaning of a schedule's `cron:` text: five fields (minute, hour, day of month, month, day of week), each
/// `*`, a number or a name (`JAN`, `MON`), a range `a-b`, a step (`*/n`, `a-b/n`, or `a/n` meaning from a to the
/// end), or a comma-separated list of these.
struct CronExpression: Sendable {
    struct ParseError: Error, Sendable {
        var message: String
    }

    var minutes: Set<Int>
    var hours: Set<Int>
    var daysOfMonth: Set<Int>
    var months: Set<Int>
    /// 0 is Sunday.
    var daysOfWeek: Set<Int>
    /// Cron's rule for the two day fields: when both are restricted, a day matches if either does.
    var daysMatchEither: Bool

    private struct Field {
        let name: String
        let bounds: ClosedRange<Int>
        /// Names standing for the values from `bounds.lowerBound` on.
        var names: [String] = []
    }

    private static let fields = [
        Field(name: "minute", bounds: 0...59),
        Field(name: "hour", bounds: 0...23),
        Field(name: "day of month", bounds: 1...31),
        Field(name: "month", bounds: 1...12,
              names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        Field(name: "day of week", bounds: 0...6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ]

    init(_ text: String) throws(ParseError) {
        // Any white space separates fields, no-break spaces from pasted text included, as Forgejo's parser reads them.
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == Self.fields.count else {
            throw ParseError(message: "it has \(parts.count) field\(parts.count == 1 ? "" : "s") where cron takes 5: "
                             + Self.fields.map(\.name).joined(separator: ", "))
        }
        var values: [Set<Int>] = []
        var unrestricted: [Bool] = []
        for (part, field) in zip(parts, Self.fields) {
            let parsed = try Self.parse(part, as: field)
            values.append(parsed.values)
            unrestricted.append(parsed.isWildcard)
        }
        (minutes, hours, daysOfMonth, months, daysOfWeek) = (values[0], values[1], values[2], values[3], values[4])
        daysMatchEither = !unrestricted[2] && !unrestricted[4]
    }

    /// One field: a list of `*`, values, ranges and steps. It is a wildcard when a part is `*` (or `?`) without a
    /// step, which matters for the day fields.
    private static func parse(_ text: String,
                              as field: Field) throws(ParseError) -> (values: Set<Int>, isWildcard: Bool) {
        var values: Set<Int> = []
        var isWildcard = false
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let rangeAndStep = item.split(separator: "/", omittingEmptySubsequences: false)
            guard let rangeText = rangeAndStep.first, !rangeText.isEmpty, rangeAndStep.count <= 2 else {
                throw ParseError(message: "\(field.name) \"\(text)\" is not a value, range or step")
            }
            var step = 1
            if rangeAndStep.count == 2 {
                guard let number = Int(rangeAndStep[1]), number > 0 else {
                    throw ParseError(message: "the step \"\(rangeAndStep[1])\" of \(field.name) must be a number "
                                     + "above 0")
                }
                step = number
            }
            var range = field.bounds
            if rangeText == "*" || rangeText == "?" {
                isWildcard = isWildcard || step == 1
            } else {
                let ends = rangeText.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else {
                    throw ParseError(message: "\(field.name) range \"\(rangeText)\" has more than one -")
                }
                let start = try value(ends[0], of: field)
                // `a/n` runs from a to the end of the field.
                let end = ends.count == 2 ? try value(ends[1], of: field) : step > 1 ? field.bounds.upperBound : start
                guard start <= end else {
                    throw ParseError(message: "\(field.name) range \"\(rangeText)\" starts after it ends")
                }
                range = start...end
            }
            values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return (values, isWildcard)
    }

    private static func value(_ text: Substring, of field: Field) throws(ParseError) -> Int {
        if let index = field.names.firstIndex(of: text.uppercased()) { return field.bounds.lowerBound + index }
        guard let number = Int(text) else {
            let names = field.names.isEmpty ? "" : " or a name such as \(field.names[0])"
            throw ParseError(message: "\(field.name) \"\(text)\" is not a number\(names)")
        }
        guard field.bounds.contains(number) else {
            throw ParseError(message: "\(field.name) \(number) is outside \(field.bounds.lowerBound)-"
                             + "\(field.bounds.upperBound)")
        }
        return number
    }

    func runs(onDay day: Int, month: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let dayOfMonth = daysOfMonth.contains(day)
        let dayOfWeek = daysOfWeek.contains(weekday)
        return daysMatchEither ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek
    }

    /// The shortest time between two runs, in minutes; nil when it never runs (no day matches, as in `0 0 30 2 *`).
    var shortestInterval: Int? {
        let times = hours.sorted().flatMap { hour in minutes.sorted().map { hour * 60 + $0 } }
        guard let first = times.first, let last = times.last, let dayGap = shortestDayGap() else { return nil }
        let withinDay = zip(times, times.dropFirst()).map { $1 - $0 }.min() ?? .max
        return min(withinDay, dayGap * 24 * 60 - last + first)
    }

    /// The fewest days between two days that both match; nil when fewer than two do. Weekdays and leap days
    /// repeat every 28 years from 1901 to 2099, so 2001-2028 holds every combination of date and weekday, and
    /// every date that matches at all matches at least twice in it.
    private func shortestDayGap() -> Int? {
        var weekday = 1  // 2001-01-01 was a Monday
        var dayNumber = 0
        var previousMatch: Int?
        var shortest: Int?
        for year in 2001...2028 {
            for month in 1...12 {
                for day in 1...Self.length(ofMonth: month, leapYear: year % 4 == 0) {
                    if runs(onDay: day, month: month, weekday: weekday) {
                        if let previousMatch { shortest = min(shortest ?? .max, dayNumber - previousMatch) }
                        if shortest == 1 { return 1 }  // consecutive days: nothing can be shorter
                        previousMatch = dayNumber
                    }
                    weekday = (weekday + 1) % 7
                    dayNumber += 1
                }
            }
        }
        return shortest
    }

    private static func length(ofMonth month: Int, leapYear: Bool) -> Int {
        switch month {
        case 2: return leapYear ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
