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
    public void IsStrictBase64_FollowsTheRecordings(string text, bool accepted) =>
        Assert.Equal(accepted, ContextValueFormats.IsStrictBase64(text));
}
