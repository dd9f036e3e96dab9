using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Simulation;

public sealed class ContextValueFormatsTests
{
    [Theory]
    // Recorded: simulate-custom-policy-2.jsonl simulation_inputs.json:input_canonical_numeric (01.00 is seen as 1.00).
    [InlineData("01.00", "1.00")]
    [InlineData("+1", "1")]
    [InlineData("1", "1")]
    // The rest is Java's BigDecimal.toString, the form the recorded one follows: the scale of the text is kept,
    // a positive exponent or a very small number is written in scientific notation.
    [InlineData("1e0", "1")]
    [InlineData("1.5e1", "15")]
    [InlineData("100e-2", "1.00")]
    [InlineData("1e2", "1E+2")]
    [InlineData("1e9999", "1E+9999")]
    [InlineData("0.0000001", "1E-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("-0", "0")]
    [InlineData("-2.50", "-2.50")]
    [InlineData("1.5E-3", "0.0015")]
    [InlineData("123.45e1", "1234.5")]
    [InlineData("12e-1", "1.2")]
    [InlineData("-1e2", "-1E+2")]
    [InlineData("0.00", "0.00")]
    [InlineData("-0.00", "0.00")]
    [InlineData("123E-10", "1.23E-8")]
    [InlineData("0E+3", "0E+3")]
    [InlineData("1E+0", "1")]
    [InlineData("12.340e-2", "0.12340")]
    [InlineData("5e-7", "5E-7")]
    [InlineData("-12345e-3", "-12.345")]
    [InlineData("0012", "12")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("12345678e-13", "0.0000012345678")]
    [InlineData("12345678e-14", "1.2345678E-7")]
    public void Canonical_Numeric_IsJavaBigDecimalText(string written, string seen) =>
        Assert.Equal(seen, ContextValueFormats.Canonical(ContextKeyType.Numeric, written));

    [Theory]
    // Recorded: input_canonical_date_offset (UTC) and input_canonical_date_fraction (milliseconds, truncated).
    [InlineData("2035-01-02T03:04:05+02:00", "2035-01-02T01:04:05.000Z")]
    [InlineData("2035-01-02T03:04:05.123456Z", "2035-01-02T03:04:05.123Z")]
    public void Canonical_Date_IsUtcWithMilliseconds(string written, string seen) =>
        Assert.Equal(seen, ContextValueFormats.Canonical(ContextKeyType.Date, written));

    [Fact]
    public void Canonical_BinaryAndString_AreKeptAsWritten()
    {
        // Recorded: input_canonical_binary (YQ== is compared as YQ==).
        Assert.Equal("YQ==", ContextValueFormats.Canonical(ContextKeyType.Binary, "YQ=="));
        Assert.Equal("01.00", ContextValueFormats.Canonical(ContextKeyType.String, "01.00"));
        // Lists are rewritten as their single-valued types are; what cannot be read is kept as written.
        Assert.Equal("1.00", ContextValueFormats.Canonical(ContextKeyType.NumericList, "01.00"));
        Assert.Equal("2035-01-02T01:04:05.000Z", ContextValueFormats.Canonical(ContextKeyType.DateList, "2035-01-02T03:04:05+02:00"));
        Assert.Equal("NaN", ContextValueFormats.Canonical(ContextKeyType.Numeric, "NaN"));
        Assert.Equal("tomorrow", ContextValueFormats.Canonical(ContextKeyType.Date, "tomorrow"));
    }

    [Theory]
    // Recorded: simulation_inputs.json:input_context_numeric_0, _1, _5 accepted; simulation.json:context_numeric_nan refused.
    [InlineData("01.00", true)]
    [InlineData("+1", true)]
    [InlineData("1e9999", true)]
    [InlineData("NaN", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("1e", false)]
    [InlineData("Infinity", false)]
    [InlineData("-.5", true)]
    [InlineData("5.", true)]
    [InlineData("1e+5", true)]
    [InlineData("1E-5", true)]
    [InlineData("1e+", false)]
    [InlineData("+", false)]
    [InlineData("-", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1a", false)]
    [InlineData(" 1", false)]
    [InlineData("e5", false)]
    public void IsDecimalNumber_FollowsTheRecordedGrammar(string text, bool accepted) =>
        Assert.Equal(accepted, ContextValueFormats.IsDecimalNumber(text));

    [Theory]
    // Recorded: simulation_inputs.json:input_context_binary_0 and _3 accepted; _1 (white space), _2 (no padding) and
    // _6 (URL-safe alphabet) refused.
    [InlineData("eWVz", true)]
    [InlineData("YQ==", true)]
    [InlineData("eWVz\n", false)]
    [InlineData("YQ", false)]
    [InlineData("YQ-_", false)]
    [InlineData("Y===", false)]
    [InlineData("ab+/", true)]
    [InlineData("a/==", true)]
    [InlineData("AB=C", false)]
    [InlineData("abc=", true)]
    [InlineData("ab c", false)]
    [InlineData("abc!", false)]
    public void IsStrictBase64_FollowsTheRecordings(string text, bool accepted) =>
        Assert.Equal(accepted, ContextValueFormats.IsStrictBase64(text));

    [Theory]
    // Recorded: context_numeric_nan, context_date_bad, input_context_binary_1 refused; input_context_numeric_0 and
    // input_context_binary_0 accepted; context_boolean_bad ("yes" as a boolean) answered.
    [InlineData(ContextKeyType.Numeric, "NaN", false)]
    [InlineData(ContextKeyType.NumericList, "01.00", true)]
    [InlineData(ContextKeyType.Date, "tomorrow", false)]
    [InlineData(ContextKeyType.DateList, "2035-01-02T03:04:05Z", true)]
    [InlineData(ContextKeyType.Binary, "eWVz\n", false)]
    [InlineData(ContextKeyType.BinaryList, "eWVz", true)]
    [InlineData(ContextKeyType.Ip, "203.0.113.7", true)]
    [InlineData(ContextKeyType.IpList, "not-an-ip", false)]
    [InlineData(ContextKeyType.Boolean, "yes", true)]
    [InlineData(ContextKeyType.String, "", true)]
    public void Accepts_ChecksTheFormatOfEachCheckedType(ContextKeyType type, string value, bool accepted) =>
        Assert.Equal(accepted, ContextValueFormats.Accepts(type, value));
}
