using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>
/// What one decision notes while it reads the policies: the statements that apply, in the order they were read
/// (identity policies, boundary, resource policy), and the context keys it read that the caller did not supply.
/// One workspace per thread is reused, so a decision allocates only what it answers with.
/// </summary>
internal sealed class DecisionWorkspace : IDisposable
{
    [ThreadStatic] private static DecisionWorkspace? t_spare;

    private readonly List<(PolicySource Source, int PolicyIndex, Statement Statement)> _applicable = [];
    private readonly HashSet<string> _missingKeys = new(StringComparer.Ordinal);

    private DecisionWorkspace()
    {
    }

    public static DecisionWorkspace Start()
    {
        // Taken, not shared: a decision started while another is open on this thread gets a workspace of its own.
        var workspace = t_spare ?? new DecisionWorkspace();
        t_spare = null;
        return workspace;
    }

    /// <summary>Where conditions add the keys they read that the caller did not supply.</summary>
    public ISet<string> MissingKeys => _missingKeys;

    public void Applies(PolicySource source, int policyIndex, Statement statement) =>
        _applicable.Add((source, policyIndex, statement));

    /// <summary>The applicable statements with <paramref name="effect"/> from the chosen kinds of policy, in reading order.</summary>
    public ImmutableArray<MatchedStatement> Matched(Effect effect, bool identity, bool boundary, bool resource)
    {
        bool Chosen(PolicySource source) => source switch
        {
            PolicySource.Identity => identity,
            PolicySource.PermissionsBoundary => boundary,
            PolicySource.Resource => resource,
            PolicySource.ServiceControl => false,
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };

        var count = 0;
        foreach (var (source, _, statement) in _applicable)
        {
            if (statement.Effect == effect && Chosen(source))
            {
                count++;
            }
        }
        if (count == 0)
        {
            return [];
        }
        var matched = new MatchedStatement[count];
        var next = 0;
        foreach (var (source, policyIndex, statement) in _applicable)
        {
            if (statement.Effect == effect && Chosen(source))
            {
                matched[next++] = new MatchedStatement(source, policyIndex, statement);
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(matched);
    }

    /// <summary>The missing keys, distinct, in ordinal order.</summary>
    public ImmutableArray<string> SortedMissingKeys()
    {
        if (_missingKeys.Count == 0)
        {
            return [];
        }
        var sorted = new string[_missingKeys.Count];
        _missingKeys.CopyTo(sorted);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a, b));
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    public void Dispose()
    {
        _applicable.Clear();
        _missingKeys.Clear();
        t_spare = this;
    }
}
