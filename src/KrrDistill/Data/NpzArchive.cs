using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KrrDistill.Data;

/// <summary>
/// The arrays of a numpy <c>.npz</c> archive, by key, in the order the archive holds them. Asking for a
/// key that is not there, or for an array whose dtype or shape does not fit, throws a
/// <see cref="DataFormatException"/> naming the archive and the key.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after the file format it holds, like NpyArray and IdxArray; NpzArchiveDictionary would only add noise.")]
internal sealed class NpzArchive : IReadOnlyDictionary<string, NpyArray>
{
    private readonly OrderedDictionary<string, NpyArray> _arrays;

    /// <summary>Creates an archive view over <paramref name="arrays"/>; <paramref name="source"/> names it in messages.</summary>
    public NpzArchive(string source, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(arrays);
        Source = source;
        _arrays = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach ((string key, NpyArray array) in arrays)
        {
            if (!_arrays.TryAdd(key, array))
            {
                throw new DataFormatException($"{source}: key '{key}' appears twice.");
            }
        }
    }

    /// <summary>The archive's path (or other name) as used in messages.</summary>
    public string Source { get; }

    /// <inheritdoc/>
    public int Count => _arrays.Count;

    /// <summary>The keys, in archive order.</summary>
    public IEnumerable<string> Keys => _arrays.Keys;

    /// <summary>The arrays, in archive order.</summary>
    public IEnumerable<NpyArray> Values => _arrays.Values;

    /// <summary>The array stored under <paramref name="key"/>.</summary>
    /// <exception cref="DataFormatException">There is no such key; the message names the archive, the key and the keys present.</exception>
    public NpyArray this[string key] => Get(key);

    /// <summary>The array stored under <paramref name="key"/>.</summary>
    /// <exception cref="DataFormatException">There is no such key; the message names the archive, the key and the keys present.</exception>
    public NpyArray Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_arrays.TryGetValue(key, out NpyArray? array))
        {
            return array;
        }

        string present = _arrays.Count == 0 ? "it holds no arrays" : $"keys present: {string.Join(", ", _arrays.Keys)}";
        throw new DataFormatException($"{Source}: no array '{key}' ({present}).");
    }

    /// <summary>
    /// The numeric array under <paramref name="key"/>, checked to have <paramref name="shape"/>
    /// (a negative entry matches any length; no entries means a 0-d scalar).
    /// </summary>
    /// <exception cref="DataFormatException">The key is missing, the array holds text, or its shape differs.</exception>
    public NpyArray GetNumeric(string key, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        NpyArray array = Get(key);
        if (!array.IsNumeric)
        {
            throw new DataFormatException($"{Source}: '{key}' holds text ({array.DType}), expected numbers.");
        }

        bool fits = array.Rank == shape.Length;
        for (int i = 0; fits && i < shape.Length; i++)
        {
            fits = shape[i] < 0 || shape[i] == array.Shape[i];
        }

        if (!fits)
        {
            string expected = NpyHeader.FormatShape(shape).Replace("-1", "*", StringComparison.Ordinal);
            throw new DataFormatException($"{Source}: '{key}' has shape {NpyHeader.FormatShape(array.Shape)}, expected {expected}.");
        }

        return array;
    }

    /// <summary>The text of the single-string unicode array under <paramref name="key"/>.</summary>
    /// <exception cref="DataFormatException">The key is missing or does not hold exactly one string.</exception>
    public string GetString(string key)
    {
        NpyArray array = Get(key);
        if (array is not { IsString: true, Count: 1 })
        {
            throw new DataFormatException($"{Source}: '{key}' is {array.DType} of shape {NpyHeader.FormatShape(array.Shape)}, expected a single string.");
        }

        return array.AsString();
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _arrays.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NpyArray value) => _arrays.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, NpyArray>> GetEnumerator() => _arrays.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
