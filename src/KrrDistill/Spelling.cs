namespace KrrDistill;

/// <summary>
/// "Did you mean …": the known word nearest a misspelled one, by the optimal string alignment distance (insertions,
/// deletions, substitutions and swaps of two neighbouring characters each count 1), ignoring letter case.
/// </summary>
public static class Spelling
{
    /// <summary>The largest distance a suggestion may be from what was typed.</summary>
    public const int MaxDistance = 2;

    /// <summary>
    /// The word of <paramref name="known"/> nearest <paramref name="typed"/>: within <see cref="MaxDistance"/> edits, and
    /// within one edit for words of up to four letters (dashes not counted; a single letter suggests nothing); the first
    /// of equally near words. A word that differs only in letter case is the nearest of all (the parser compares exactly:
    /// <c>DP</c> is not <c>dp</c>). Null when none is near or <paramref name="typed"/> is itself known.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        int letters = typed.TrimStart('-').Length;
        if (letters < 2)
        {
            return null;
        }

        string? best = null;
        int bestDistance = int.MaxValue;
        int limit = Math.Min(MaxDistance, Math.Max(1, (letters - 1) / 2));
        foreach (string word in known)
        {
            if (string.Equals(word, typed, StringComparison.Ordinal))
            {
                return null;
            }

            int distance = Distance(typed, word);

            if (distance <= limit && distance < bestDistance)
            {
                (best, bestDistance) = (word, distance);
            }
        }

        return best;
    }

    /// <summary>"; did you mean 'WORD'?" for <see cref="Closest"/>'s word, or the empty string: to follow the quoted word in a refusal.</summary>
    public static string Suggestion(string typed, IEnumerable<string> known)
        => Closest(typed, known) is { } word ? $"; did you mean '{word}'?" : "";

    /// <summary>The optimal string alignment distance between <paramref name="a"/> and <paramref name="b"/>, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
