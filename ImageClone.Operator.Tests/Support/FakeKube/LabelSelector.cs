using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The `labelSelector` query syntax: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        foreach (var term in SplitTerms(text ?? ""))
        {
            selector._requirements.Add(ParseTerm(term));
        }

        return selector;
    }

    public bool Matches(JsonObject? labels) => _requirements.TrueForAll(r => r(labels));

    private static Func<JsonObject?, bool> ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => Value(labels, key) is null;
        }

        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var value = term[(at + op.Length)..].Trim();
                return labels => (Value(labels, key) == value) != negate;
            }
        }

        var parts = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && (parts[1].StartsWith("in ", StringComparison.Ordinal) || parts[1].StartsWith("notin ", StringComparison.Ordinal)))
        {
            var key = parts[0];
            var notIn = parts[1].StartsWith("notin", StringComparison.Ordinal);
            var values = parts[1][(parts[1].IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')')
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return labels => values.Contains(Value(labels, key)) != notIn;
        }

        var existing = term.Trim();
        return labels => Value(labels, existing) is not null;
    }

    private static string? Value(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        if (start < text.Length && text[start..].Trim().Length > 0)
        {
            yield return text[start..];
        }
    }
}
