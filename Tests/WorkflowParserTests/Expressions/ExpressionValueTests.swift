import Testing

@testable import WorkflowParser

@Suite("Expression values")
struct ExpressionValueTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1, "1"), (-2, "-2"), (100, "100"), (1234.5, "1234.5"), (0.1 + 0.2, "0.3"),
        (1.0 / 3, "0.333333333333333"), (123456.789, "123456.789"), (999_999_999_999_999, "999999999999999"),
        (1e15, "1E+15"), (123_456_789_012_345_680, "1.23456789012346E+17"), (1e-5, "0.00001"), (1.2e-6, "1.2E-06"),
        (-1.5e-7, "-1.5E-07"), (1e300, "1E+300"), (0.84551240822557006, "0.84551240822557"),
        (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
    ])
    func numbersPrintAsGitHubPrintsThem(_ value: Double, _ text: String) {
        #expect(NumberText.format(value) == text)
    }

    @Test(arguments: [
        ("", 0.0), ("  ", 0), (" 12 ", 12), ("+.5", 0.5), ("5.", 5), ("-1.5e2", -150), ("1E+2", 100), ("0x1F", 31),
        ("0xff", 255), ("0o17", 15), ("Infinity", .infinity), ("+Infinity", .infinity), ("-Infinity", -.infinity),
        ("\u{A0}7\n", 7),
    ])
    func stringsReadAsNumbers(_ text: String, _ value: Double) {
        #expect(NumberText.parse(text) == value)
    }

    @Test(arguments: [
        "abc", "1_000", "0x", "0X1F", "-0x1", "0o8", "infinity", "1e", "e1", ".", "-", "1 2", "١", "０x1",
    ])
    func otherStringsAreNotNumbers(_ text: String) {
        #expect(NumberText.parse(text).isNaN)
    }

    @Test func conversionsToStringAndNumber() {
        let values: [(ExpressionValue, String, Double?)] = [
            (nil, "", 0), (true, "true", 1), (false, "false", 0), (2.5, "2.5", 2.5), ("x", "x", nil),
            (["a"], "Array", nil), (["k": "v"], "Object", nil),
        ]
        for (value, text, number) in values {
            #expect(value.coercedString == text)
            if let number { #expect(value.coercedNumber == number) } else { #expect(value.coercedNumber.isNaN) }
        }
    }

    @Test func objectsFindKeysIgnoringCaseAndKeepTheirOrder() {
        let object = ExpressionObject([(key: "b", value: 1), (key: "A", value: 2), (key: "a", value: 3)])
        #expect(object.count == 2)
        #expect(object.entries.map(\.key) == ["b", "A"])
        #expect(object["a"] == 3)
        #expect(object["B"] == 1)
        #expect(object["c"] == nil)
    }

    @Test func swiftEqualityIsStructural() {
        #expect(ExpressionValue.array(ExpressionArray([1, "a"])) == [1, "a"])
        #expect(["x": 1, "y": [true]] as ExpressionValue == ["y": [true], "x": 1])
        #expect(["x": 1] as ExpressionValue != ["x": 2])
        #expect(ExpressionValue.number(.nan) == .number(.nan))
        #expect(ExpressionValue.string("1") != 1)
    }

    @Test func caseInsensitiveComparisonUsesSimpleUpperCasing() {
        #expect(CaseInsensitive.equal("straße", "STRAßE"))
        #expect(!CaseInsensitive.equal("straße", "STRASSE"))
        #expect(CaseInsensitive.less("a", "["))
        #expect(CaseInsensitive.hasPrefix("Ünïcode", "üNÏ"))
        #expect(CaseInsensitive.hasSuffix("abc", "BC"))
        #expect(!CaseInsensitive.hasSuffix("c", "bc"))
        #expect(CaseInsensitive.contains("Hello World", "O W"))
        #expect(!CaseInsensitive.contains("ab", "abc"))
        #expect(CaseInsensitiveKey("Key") == CaseInsensitiveKey("kEY"))
    }
}
