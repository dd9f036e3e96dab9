using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;

namespace Conformance.Model.Simulation;

/// <summary>
/// Which texts <c>SimulateCustomPolicy</c> accepts as context values of each checked type. Settled by recordings
/// (simulate-custom-policy-2.jsonl); what is not recorded is marked as an open question.
/// </summary>
public static class ContextValueFormats
{
    public static bool Accepts(ContextKeyType type, string value) => type switch
    {
        ContextKeyType.Numeric or ContextKeyType.NumericList => IsDecimalNumber(value),
        ContextKeyType.Date or ContextKeyType.DateList => DateCondition.TryParse(value, out _),
        ContextKeyType.Binary or ContextKeyType.BinaryList => IsStrictBase64(value),
        ContextKeyType.Ip or ContextKeyType.IpList => IpText.IsContextAddress(value),
        _ => true,
    };

    /// <summary>
    /// The text a condition sees for a typed context value: IAM stores numbers and dates in a canonical form, so a
    /// string operator compares that form (recorded simulation_inputs.json:input_canonical_numeric: <c>01.00</c> is
    /// seen as <c>1.00</c>; input_canonical_date_offset and _fraction: dates are seen in UTC with milliseconds,
    /// <c>2035-01-02T01:04:05.000Z</c>; input_canonical_binary: base-64 is kept as written). Open question (probe epoch-date-canonical): whether
    /// epoch-seconds dates are rewritten the same way; the model rewrites every date it can read.
    /// </summary>
    public static string Canonical(ContextKeyType type, string value) => type switch
    {
        ContextKeyType.Numeric or ContextKeyType.NumericList when IsDecimalNumber(value) => JavaBigDecimalText(value),
        ContextKeyType.Date or ContextKeyType.DateList when DateCondition.TryParse(value, out var date) =>
            date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>What Java's <c>new BigDecimal(text).toString()</c> prints: the unscaled digits with the scale of the
    /// text, in plain notation unless the exponent is positive or very negative.</summary>
    private static string JavaBigDecimalText(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        var e = body.IndexOfAny(['e', 'E']);
        // Stryker disable once Equality : IsDecimalNumber put a digit or a point before any exponent, so e is -1 or at least 1, never 0.
        var mantissa = e < 0 ? body : body[..e];
        // Stryker disable once Equality : as above, e is never 0.
        var exponent = e < 0 ? 0L : long.Parse(body[(e + 1)..].TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = (point < 0 ? mantissa : mantissa[..point] + fraction).TrimStart('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var scale = fraction.Length - exponent;
        var adjusted = -scale + (digits.Length - 1);
        string plain;
        if (scale >= 0 && adjusted >= -6)
        {
            plain = scale == 0 ? digits
                : digits.Length > scale ? digits.Insert(digits.Length - (int)scale, ".")
                : "0." + new string('0', (int)scale - digits.Length) + digits;
        }
        else
        {
            // Stryker disable once Equality : here adjusted is at least 1 (a negative scale) or below -6, never 0, so ">= 0" is the same test.
            var exponentSign = adjusted > 0 ? "+" : "";
            plain = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "E" + exponentSign +
                    adjusted.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return negative && digits != "0" ? "-" + plain : plain;
    }

    /// <summary>
    /// A decimal number in the grammar of Java's <c>BigDecimal</c>: sign, digits with an optional point, optional
    /// exponent; no range limit. Recorded: <c>01.00</c>, <c>+1</c> and <c>1e9999</c> are accepted
    /// (simulation_inputs.json:input_context_numeric_0, _1, _5); <c>NaN</c> is refused (simulation.json:context_numeric_nan).
    /// </summary>
    public static bool IsDecimalNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            var exponentStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == exponentStart)
            {
                return false;
            }
        }
        return i == text.Length;
    }

    /// <summary>
    /// Standard base-64 with padding and nothing else: recorded <c>eWVz</c> and <c>YQ==</c> accepted; <c>eWVz\n</c>
    /// (white space), <c>YQ</c> (no padding) and <c>YQ-_</c> (the URL-safe alphabet) refused
    /// (simulation_inputs.json:input_context_binary_0 to _6). Reads the text once without copying it, so a value of
    /// any length costs no stack.
    /// </summary>
    public static bool IsStrictBase64(string text)
    {
        if (text.Length % 4 != 0)
        {
            return false;
        }
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        for (var i = 0; i < text.Length - padding; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }
        return true;
    }
}
