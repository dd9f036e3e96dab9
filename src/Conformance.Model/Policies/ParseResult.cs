using System.Collections.Immutable;
using Conformance.Model.Json;

namespace Conformance.Model.Policies;

/// <summary>A reason IAM would reject a policy: what, where (JSON path, line, column) and what would be accepted.</summary>
public sealed record PolicyError(string Message, string JsonPath, TextPosition Position)
{
    public override string ToString() => $"{JsonPath} ({Position}): {Message}";
}

/// <summary>Either a value or the errors that prevented it. Parsing never throws for bad input.</summary>
public sealed record ParseResult<T>(T? Value, ImmutableArray<PolicyError> Errors) where T : class
{
    public bool IsSuccess => Value is not null && Errors.IsEmpty;

    public static ParseResult<T> Success(T value) => new(value, ImmutableArray<PolicyError>.Empty);

    public static ParseResult<T> Failure(IEnumerable<PolicyError> errors) => new(null, errors.ToImmutableArray());

    public T GetValueOrThrow(string what) =>
        IsSuccess ? Value! : throw new InvalidOperationException($"{what} is invalid: {string.Join("; ", Errors)}");
}
