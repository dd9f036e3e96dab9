using System.Collections.Immutable;
using System.Text;

namespace Conformance.Campaign.Exhaustive;

/// <summary>One step of a <see cref="TextPattern"/>: a character (case-folded or not), any one character, or any run.</summary>
/// <param name="Char">The literal character; unused for <see cref="TextStepKind.One"/> and <see cref="TextStepKind.Many"/>.</param>
/// <param name="StopsAtColon">For wildcards in the first five fields of an ARN pattern: they never cross a colon.</param>
public readonly record struct TextStep(TextStepKind Kind, char Char = '\0', bool IgnoreCase = false, bool StopsAtColon = false)
{
    public bool Accepts(char c) => Kind switch
    {
        TextStepKind.Literal => IgnoreCase ? char.ToLowerInvariant(c) == char.ToLowerInvariant(Char) : c == Char,
        _ => !StopsAtColon || c != ':',
    };
}

public enum TextStepKind { Literal, One, Many }

/// <summary>
/// A question a policy asks of one piece of text (an action name, a resource ARN, a context value): equal to a
/// constant, equal ignoring case, a <c>*</c>/<c>?</c> glob, or a field-wise ARN glob, as a small non-deterministic
/// automaton. <see cref="TextWitnesses"/> runs many of them side by side to find one text for every combination of
/// answers that any text can give.
/// </summary>
public sealed record TextPattern(ImmutableArray<TextStep> Steps)
{
    /// <summary>Exactly <paramref name="text"/> (case-sensitive unless <paramref name="ignoreCase"/>).</summary>
    public static TextPattern Exactly(string text, bool ignoreCase = false) =>
        new([.. text.Select(c => new TextStep(TextStepKind.Literal, c, ignoreCase))]);

    /// <summary>A glob as <c>StringLike</c> and <c>Action</c> read it; <paramref name="literalMask"/> marks characters
    /// that are not wildcards (escapes and substituted variables).</summary>
    public static TextPattern Glob(string text, bool[]? literalMask = null, bool ignoreCase = false, bool stopsAtColon = false) =>
        new([.. text.Select((c, i) => (literalMask is null || !literalMask[i]) && c is '*' or '?'
            ? new TextStep(c == '*' ? TextStepKind.Many : TextStepKind.One, StopsAtColon: stopsAtColon)
            : new TextStep(TextStepKind.Literal, c, ignoreCase))]);

    /// <summary>A field-wise ARN pattern (<c>Resource</c>, <c>ArnLike</c>): wildcards never cross the first five colons;
    /// the resource field is one field, so a <c>*</c> there spans colons. <c>*</c> alone matches everything.</summary>
    public static TextPattern Arn(string text, bool[]? literalMask = null)
    {
        var steps = ImmutableArray.CreateBuilder<TextStep>();
        var colons = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var wildcard = (literalMask is null || !literalMask[i]) && c is '*' or '?';
            if (!wildcard)
            {
                steps.Add(new TextStep(TextStepKind.Literal, c));
                colons += c == ':' ? 1 : 0;
                continue;
            }
            steps.Add(new TextStep(c == '*' ? TextStepKind.Many : TextStepKind.One, StopsAtColon: colons < 5 && text.Length > 1));
        }
        return new TextPattern(steps.ToImmutable());
    }

    /// <summary>A field-wise ARN pattern as its six fields (each a glob; the first five never hold a colon), or null
    /// when the text is not six fields or is <c>*</c> alone (which matches every ARN).</summary>
    public static TextPattern?[]? ArnFields(string text, bool[]? literalMask = null)
    {
        if (text == "*" && (literalMask is null || !literalMask[0]))
        {
            return null;
        }
        var fields = new TextPattern?[6];
        var start = 0;
        for (var f = 0; f < 5; f++)
        {
            var colon = text.IndexOf(':', start);
            if (colon < 0)
            {
                return null;
            }
            fields[f] = Glob(text[start..colon], literalMask?[start..colon]);
            start = colon + 1;
        }
        fields[5] = Glob(text[start..], literalMask?[start..]);
        return fields;
    }

    /// <summary>The characters this pattern names literally (both cases when it ignores case).</summary>
    public IEnumerable<char> Alphabet() => Steps.Where(s => s.Kind == TextStepKind.Literal)
        .SelectMany(s => s.IgnoreCase ? new[] { char.ToLowerInvariant(s.Char), char.ToUpperInvariant(s.Char) } : [s.Char]);

    /// <summary>Words of the bit set of positions (0..Steps.Length) this pattern's automaton is in.</summary>
    internal int Words => (Steps.Length + 64) / 64;

    private static bool Has(ReadOnlySpan<ulong> set, int i) => (set[i >> 6] & (1UL << (i & 63))) != 0;

    private static void Add(Span<ulong> set, int i) => set[i >> 6] |= 1UL << (i & 63);

    /// <summary>The positions reachable without reading a character: a <c>*</c> may match nothing.</summary>
    internal void Closure(Span<ulong> states)
    {
        for (var i = 0; i < Steps.Length; i++)
        {
            if (Has(states, i) && Steps[i].Kind == TextStepKind.Many)
            {
                Add(states, i + 1);
            }
        }
    }

    internal void Start(Span<ulong> states)
    {
        states.Clear();
        Add(states, 0);
        Closure(states);
    }

    internal void Step(ReadOnlySpan<ulong> states, char c, Span<ulong> next)
    {
        next.Clear();
        for (var i = 0; i < Steps.Length; i++)
        {
            if (!Has(states, i) || !Steps[i].Accepts(c))
            {
                continue;
            }
            if (Steps[i].Kind == TextStepKind.Many)
            {
                Add(next, i);
            }
            Add(next, i + 1);
        }
        Closure(next);
    }

    internal bool Accepts(ReadOnlySpan<ulong> states) => Has(states, Steps.Length);

    /// <summary>Does <paramref name="text"/> match? (The same automaton, run on one text.)</summary>
    public bool Matches(string text)
    {
        var states = new ulong[Words];
        var next = new ulong[Words];
        Start(states);
        foreach (var c in text)
        {
            Step(states, c, next);
            (states, next) = (next, states);
        }
        return Accepts(states);
    }
}

/// <summary>
/// Finds, for a set of <see cref="TextPattern"/>s over the same text, one shortest text for every combination of
/// answers (which patterns it matches) that some text gives: a breadth-first search over the product of the automata,
/// reading only the characters the patterns name plus one character none of them names. Exact: every text's
/// combination is the combination of some state the search visits, since a character no pattern names moves every
/// automaton alike. Bounded by <paramref name="maxStates"/>.
/// </summary>
public static class TextWitnesses
{
    

    /// <summary>One text per reachable combination of answers, shortest first; the combination as a bit string.</summary>
    public static IReadOnlyList<(string Text, string Answers)> Find(IReadOnlyList<TextPattern> patterns, int maxStates = 200_000, bool colons = true)
    {
        var alphabet = patterns.SelectMany(p => p.Alphabet()).Concat(colons ? [':'] : []).Where(c => colons || c != ':').Distinct().Order().ToList();
        var other = "xqzjkw0123456789~".FirstOrDefault(c => !alphabet.Contains(c));
        if (other == '\0')
        {
            other = Enumerable.Range(0x100, 0x100).Select(i => (char)i).First(c => !alphabet.Contains(c));
        }
        alphabet.Add(other);
        var offsets = new int[patterns.Count + 1];
        for (var i = 0; i < patterns.Count; i++)
        {
            offsets[i + 1] = offsets[i] + patterns[i].Words;
        }
        var width = offsets[^1];

        var start = new ulong[width];
        for (var i = 0; i < patterns.Count; i++)
        {
            patterns[i].Start(start.AsSpan(offsets[i], patterns[i].Words));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(start) };
        var queue = new Queue<(ulong[] States, string Text)>();
        queue.Enqueue((start, ""));
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var answers = new char[patterns.Count];
        while (queue.Count > 0)
        {
            var (states, text) = queue.Dequeue();
            for (var i = 0; i < patterns.Count; i++)
            {
                answers[i] = patterns[i].Accepts(states.AsSpan(offsets[i], patterns[i].Words)) ? '1' : '0';
            }
            var combination = new string(answers);
            if (found.TryAdd(combination, text))
            {
                order.Add(combination);
            }
            foreach (var c in alphabet)
            {
                var next = new ulong[width];
                for (var i = 0; i < patterns.Count; i++)
                {
                    patterns[i].Step(states.AsSpan(offsets[i], patterns[i].Words), c, next.AsSpan(offsets[i], patterns[i].Words));
                }
                if (seen.Add(Key(next)))
                {
                    if (seen.Count > maxStates)
                    {
                        throw new EnumerationBoundException(
                            $"more than {maxStates:N0} automaton states in the search for texts that tell {patterns.Count} patterns apart");
                    }
                    queue.Enqueue((next, text + c));
                }
            }
        }
        return [.. order.Select(a => (found[a], a))];
    }

    /// <summary>
    /// The same for ARN patterns given field by field (null: the field is not constrained). An ARN pattern matches when
    /// each of its six fields does, and the fields of an ARN are independent texts (the first five without colons), so
    /// one search per field and every combination of the fields' witnesses give every reachable combination of answers
    /// — with far fewer states than one search over whole ARNs.
    /// </summary>
    /// <param name="fill">A more readable text for a field's witness (field index, witness), kept only when the field's
    /// answers stay the same; null keeps the witness.</param>
    public static IReadOnlyList<(string Text, string Answers)> FindArns(IReadOnlyList<TextPattern?[]> patterns, int maxStates = 200_000,
        Func<int, string, string?>? fill = null)
    {
        var perField = new List<(List<TextPattern> Distinct, int[] Index, IReadOnlyList<(string Text, string Answers)> Witnesses)>();
        for (var f = 0; f < 6; f++)
        {
            var distinct = new List<TextPattern>();
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = new int[patterns.Count];
            for (var p = 0; p < patterns.Count; p++)
            {
                if (patterns[p][f] is not { } field)
                {
                    index[p] = -1;
                    continue;
                }
                var key = string.Join(",", field.Steps);
                if (!keys.TryGetValue(key, out var at))
                {
                    keys[key] = at = distinct.Count;
                    distinct.Add(field);
                }
                index[p] = at;
            }
            var fieldIndex = f;
            var witnesses = Find(distinct, maxStates, colons: f == 5)
                .Select(w => fill?.Invoke(fieldIndex, w.Text) is { } readable && Answers(distinct, readable) == w.Answers ? (readable, w.Answers) : w)
                .ToList();
            perField.Add((distinct, index, witnesses));
        }
        var total = perField.Aggregate(1L, (n, f) => n * f.Witnesses.Count);
        if (total > 2_000_000)
        {
            throw new EnumerationBoundException($"the resource patterns' fields combine in {total:N0} ways, more than 2,000,000");
        }
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var choice = new int[6];
        var answers = new char[patterns.Count];
        while (true)
        {
            for (var p = 0; p < patterns.Count; p++)
            {
                var all = true;
                for (var f = 0; f < 6 && all; f++)
                {
                    var at = perField[f].Index[p];
                    all = at < 0 || perField[f].Witnesses[choice[f]].Answers[at] == '1';
                }
                answers[p] = all ? '1' : '0';
            }
            var combination = new string(answers);
            if (!found.ContainsKey(combination))
            {
                found[combination] = string.Join(':', Enumerable.Range(0, 6).Select(f => perField[f].Witnesses[choice[f]].Text));
                order.Add(combination);
            }
            var next = 5;
            while (next >= 0 && ++choice[next] == perField[next].Witnesses.Count)
            {
                choice[next] = 0;
                next--;
            }
            if (next < 0)
            {
                break;
            }
        }
        return [.. order.Select(a => (found[a], a))];
    }

    /// <summary>The combination of answers <paramref name="text"/> gives, as <see cref="Find"/> writes it.</summary>
    public static string Answers(IReadOnlyList<TextPattern> patterns, string text) =>
        string.Concat(patterns.Select(p => p.Matches(text) ? '1' : '0'));

    private static string Key(ulong[] states)
    {
        var builder = new StringBuilder(states.Length * 17);
        foreach (var s in states)
        {
            builder.Append(s.ToString("x")).Append(',');
        }
        return builder.ToString();
    }
}
