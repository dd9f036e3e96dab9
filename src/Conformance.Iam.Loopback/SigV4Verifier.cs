using System.Security.Cryptography;
using System.Text;

namespace Conformance.Iam.Loopback;

/// <summary>Credentials the loopback endpoint accepts. <see cref="ToString"/> never shows the secret.</summary>
public sealed record LoopbackCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"LoopbackCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = (hidden), SessionToken = {(SessionToken is null ? "none" : "(hidden)")} }}";
}

/// <summary>What arrived on the wire, as the verifier needs it.</summary>
/// <param name="Headers">Header values by lower-case name; a header sent several times is joined with commas.</param>
internal sealed record ReceivedRequest(string Method, string RawPath, string RawQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>An IAM error: HTTP status, <c>Sender</c>/<c>Receiver</c>, code and a message for people.</summary>
public sealed record IamWireError(int StatusCode, string Code, string Message)
{
    public string Type => StatusCode >= 500 ? "Receiver" : "Sender";
}

/// <summary>
/// Verifies AWS Signature Version 4 on a received request, from what was received: the method, the raw path and
/// query, the headers named in <c>SignedHeaders</c>, and the SHA-256 of the received body. The
/// <c>X-Amz-Content-SHA256</c> header is compared with the body's hash, never trusted in its place.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
/// </summary>
internal sealed class SigV4Verifier(IReadOnlyList<LoopbackCredentials> accepted, string region, string service, TimeProvider clock)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>The accepted credential that signed the request, or the error IAM would answer.</summary>
    public (LoopbackCredentials? Signer, IamWireError? Error) Verify(ReceivedRequest request)
    {
        if (!request.Headers.TryGetValue("authorization", out var authorization))
        {
            return Fail(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return Fail(400, "IncompleteSignature", $"Authorization header must start with '{Algorithm} '; this endpoint accepts SigV4 header signatures only");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return Fail(400, "IncompleteSignature", $"Authorization header has a malformed element; expected Name=Value pairs (Credential, SignedHeaders, Signature)");
            }
            fields[part[..equals]] = part[(equals + 1)..];
        }
        var missing = new[] { "Credential", "SignedHeaders", "Signature" }.Where(f => !fields.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            return Fail(400, "IncompleteSignature", string.Join(" ", missing.Select(m => $"Authorization header requires '{m}' parameter.")));
        }
        var scope = fields["Credential"].Split('/');
        if (scope.Length != 5)
        {
            return Fail(400, "IncompleteSignature", "Credential must have the form <AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request");
        }
        if (!request.Headers.TryGetValue("x-amz-date", out var amzDate))
        {
            return Fail(400, "IncompleteSignature", "Authorization header requires existence of an 'X-Amz-Date' header.");
        }
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return Fail(400, "IncompleteSignature", $"X-Amz-Date \"{amzDate}\" is not in the basic ISO 8601 form yyyyMMddTHHmmssZ");
        }
        var signer = accepted.FirstOrDefault(c => c.AccessKeyId == scope[0]);
        if (signer is null)
        {
            return Fail(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        request.Headers.TryGetValue("x-amz-security-token", out var token);
        if (token != signer.SessionToken)
        {
            return Fail(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (scope[1] != amzDate[..8])
        {
            return Fail(403, "SignatureDoesNotMatch", $"Credential should be scoped to a valid date: the scope names {scope[1]}, X-Amz-Date is {amzDate}.");
        }
        if (scope[2] != region)
        {
            return Fail(403, "SignatureDoesNotMatch", $"Credential should be scoped to a valid region. The scope names '{scope[2]}'; IAM signs in '{region}'.");
        }
        if (scope[3] != service || scope[4] != "aws4_request")
        {
            return Fail(403, "SignatureDoesNotMatch", $"Credential should be scoped to correct service: '{service}'.");
        }
        var now = clock.GetUtcNow();
        if ((now - signedAt).Duration() > AllowedSkew)
        {
            return Fail(403, "SignatureDoesNotMatch", $"Signature expired: {amzDate} is not within 15 minutes of {now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.");
        }
        var signedHeaders = fields["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host"))
        {
            return Fail(400, "IncompleteSignature", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (token is not null && !signedHeaders.Contains("x-amz-security-token"))
        {
            return Fail(403, "SignatureDoesNotMatch", "X-Amz-Security-Token must be a signed header.");
        }
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (request.Headers.TryGetValue("x-amz-content-sha256", out var claimed) && !string.Equals(claimed, bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        canonical.Append(string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath).Append('\n');
        canonical.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            if (!request.Headers.TryGetValue(name, out var value))
            {
                return Fail(403, "SignatureDoesNotMatch", $"The signed header '{name}' is not in the request.");
            }
            canonical.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        }
        canonical.Append('\n').Append(fields["SignedHeaders"]).Append('\n').Append(bodyHash);

        var credentialScope = string.Join('/', scope[1..]);
        var stringToSign = $"{Algorithm}\n{amzDate}\n{credentialScope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + signer.SecretAccessKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Hmac(key, stringToSign)));
        var given = Encoding.ASCII.GetBytes(fields["Signature"]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return Fail(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return (signer, null);
    }

    private static (LoopbackCredentials?, IamWireError?) Fail(int status, string code, string message) => (null, new IamWireError(status, code, message));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Header values trimmed, runs of spaces collapsed to one.</summary>
    private static string CanonicalHeaderValue(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Query parameters decoded, re-encoded the SigV4 way (RFC 3986 unreserved kept), sorted by name then value.</summary>
    internal static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return "";
        }
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
