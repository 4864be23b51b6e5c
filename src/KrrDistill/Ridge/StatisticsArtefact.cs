using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Features;

namespace KrrDistill.Ridge;

/// <summary>
/// <c>stats.npz</c> of one or more shards of a data set's training set: the sufficient statistics of the shards'
/// training rows (<c>gram</c> [p, p], <c>features_labels</c> [p, k], <c>count</c>, <c>class_counts</c> [k]) and of their
/// validation rows (the same keys prefixed <c>validation_</c>), the feature map's keys and the input normalization as
/// in <c>model.npz</c>, and <c>meta_json</c>: source, seed and validation fraction (which fix the split), the shard
/// count N and the shards covered (1-based), the feature map's checksum, the tool version. numpy adds two of them key
/// by key (the statistics) and keeps the rest; <see cref="Merge"/> does that and refuses what must not be added.
/// </summary>
/// <param name="Train">Statistics of the shards' training rows.</param>
/// <param name="Validation">Statistics of the shards' validation rows.</param>
/// <param name="FeatureMap">φ, as the keys regenerate it.</param>
/// <param name="Normalization">How raw inputs became model inputs.</param>
/// <param name="ImageShape">The images' shape, for image data.</param>
/// <param name="Source">The data set (its name, or its file).</param>
/// <param name="Seed">Seed of the feature map and of the train/validation split.</param>
/// <param name="ValidationFraction">The validation split's fraction.</param>
/// <param name="ShardCount">N: the training set is cut into N contiguous blocks.</param>
/// <param name="Shards">The blocks covered, 1 … N, ascending.</param>
public sealed record StatisticsArtefact(
    SufficientStatistics Train,
    SufficientStatistics Validation,
    IFeatureMap FeatureMap,
    InputNormalization Normalization,
    ImageShape? ImageShape,
    string Source,
    int Seed,
    double ValidationFraction,
    int ShardCount,
    IReadOnlyList<int> Shards)
{
    /// <summary>The value of <c>format</c> in meta_json.</summary>
    public const string Format = "krr-distill stats 1";

    /// <summary>
    /// The content fingerprint of the training data (<see cref="Dataset.Fingerprint"/>), which identifies the source
    /// whatever it was called or where its files were (<c>source_fingerprint</c> in meta_json); null for statistics of
    /// caller-supplied batches and for files written before it was recorded, which are identified by <see cref="Source"/>.
    /// </summary>
    public string? SourceFingerprint { get; init; }

    /// <summary>True when every shard 1 … N is covered: the statistics of the whole training set.</summary>
    public bool Complete => Shards.Count == ShardCount;

    /// <summary>SHA-256 of φ's kind and parameters (keys, shapes, values): equal exactly when the maps are equal.</summary>
    public string FeatureChecksum => Checksum(FeatureMap);

    /// <summary>
    /// True when these statistics were computed on <paramref name="train"/>'s samples: by <see cref="SourceFingerprint"/>
    /// when it was recorded (the same samples under any name), else by <see cref="Source"/>.
    /// </summary>
    public bool IsFrom(Data.Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return SourceFingerprint is { } fingerprint ? train.Fingerprint == fingerprint : train.SourceName == Source;
    }

    /// <summary>The shards covered, as "1, 2, 5 of 16".</summary>
    public string ShardText => $"{string.Join(", ", Shards)} of {ShardCount}";

    /// <summary>SHA-256 of <paramref name="map"/>'s kind and parameters; hashed once per map (maps never change).</summary>
    public static string Checksum(IFeatureMap map) => Checksums.GetValue(map, Hash);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IFeatureMap, string> Checksums = new();

    private static string Hash(IFeatureMap map)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{map.Kind.ArtefactName()} {map.InputDimension} {map.OutputDimension}\n"));
        foreach (FeatureParameter parameter in map.Parameters())
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{parameter.Key} {string.Join(",", parameter.Shape)}\n"));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameter.Values.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Adds <paramref name="other"/> (other shards of the same source, split and feature map) into a new artefact.
    /// </summary>
    /// <exception cref="InputException">
    /// The two differ in source, seed, validation fraction, shard count, feature map, normalization or classes, or share a
    /// shard; the message names what differs and the two files.
    /// </exception>
    public StatisticsArtefact Merge(StatisticsArtefact other, string thisName, string otherName)
    {
        ArgumentNullException.ThrowIfNull(other);
        void Same<T>(string what, T mine, T theirs, bool? equal = null)
        {
            if (!(equal ?? EqualityComparer<T>.Default.Equals(mine, theirs)))
            {
                throw new InputException($"{otherName} cannot be merged into {thisName}: different {what} ({theirs} against {mine}).");
            }
        }

        if (SourceFingerprint is not null && other.SourceFingerprint is not null)
        {
            // The same samples are the same source, however they were named (a relative path, an absolute one, a copy).
            Same("sources (their content differs)", $"{Source}, fingerprint {SourceFingerprint[..12]}", $"{other.Source}, fingerprint {other.SourceFingerprint[..12]}", SourceFingerprint == other.SourceFingerprint);
        }
        else
        {
            Same("sources", Source, other.Source);
        }

        Same("seeds (which fix the feature map and the split)", Seed, other.Seed);
        Same("validation fractions", ValidationFraction, other.ValidationFraction);
        Same("shard counts", ShardCount, other.ShardCount);
        Same("feature maps", $"{FeatureMap.Kind.ArtefactName()} p = {FeatureMap.OutputDimension}, checksum {FeatureChecksum[..12]}", $"{other.FeatureMap.Kind.ArtefactName()} p = {other.FeatureMap.OutputDimension}, checksum {other.FeatureChecksum[..12]}");
        Same("normalizations", NormalizationText(Normalization), NormalizationText(other.Normalization));
        Same("class counts k", Train.Classes, other.Train.Classes);
        int[] twice = [.. Shards.Intersect(other.Shards)];
        if (twice.Length > 0)
        {
            throw new InputException($"{otherName} cannot be merged into {thisName}: shard {string.Join(", ", twice)} of {ShardCount} is in both, and would be counted twice.");
        }

        SufficientStatistics train = Train.Clone().Merge(other.Train), validation = Validation.Clone().Merge(other.Validation);
        return this with { Train = train, Validation = validation, Shards = [.. Shards.Concat(other.Shards).Order()] };
    }

    /// <summary>Writes the artefact atomically (see the type's summary for the keys).</summary>
    public void Save(string path)
    {
        var arrays = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal);
        Train.Write(arrays, "");
        Validation.Write(arrays, "validation_");
        ModelArtefact.AddInputAndFeatureKeys(arrays, FeatureMap, Normalization, ImageShape);
        var meta = new JsonObject
        {
            ["format"] = Format,
            ["source"] = Source,
            ["source_fingerprint"] = SourceFingerprint,
            ["seed"] = Seed,
            ["validation_fraction"] = ValidationFraction,
            ["shard_count"] = ShardCount,
            ["shards"] = new JsonArray([.. Shards.Select(s => (JsonNode?)s)]),
            ["complete"] = Complete,
            ["classes"] = Train.Classes,
            ["features"] = FeatureMap.Kind.ArtefactName(),
            ["width"] = FeatureMap.OutputDimension,
            ["feature_checksum"] = FeatureChecksum,
            ["count"] = Train.Count,
            ["validation_count"] = Validation.Count,
            ["tool_version"] = ModelArtefact.ToolVersion,
        };
        arrays["meta_json"] = NpyArray.FromString(JsonText.Of(meta));
        NpzWriter.Write(path, arrays);
    }

    /// <summary>Reads <c>stats.npz</c>; a missing or mis-shaped key, or meta_json that does not fit, names the file and key.</summary>
    public static StatisticsArtefact Load(string path)
    {
        NpzArchive archive = NpzReader.Read(path);
        SufficientStatistics train = SufficientStatistics.Read(archive, "");
        SufficientStatistics validation = SufficientStatistics.Read(archive, "validation_");
        if (validation.Features != train.Features || validation.Classes != train.Classes)
        {
            throw new DataFormatException($"{path}: the validation statistics are {validation.Features}×{validation.Classes} but the training ones {train.Features}×{train.Classes}.");
        }

        double[] mean = ArtefactArrays.Numeric(archive, "input_mean", ArtefactArrays.Any);
        (InputNormalization normalization, ImageShape? imageShape) = ModelArtefact.ReadInputKeys(archive, mean.Length, "input_mean");
        IFeatureMap map = FeatureMapArtefact.FromArtefact(archive, mean.Length);
        if (map.OutputDimension != train.Features)
        {
            throw new DataFormatException($"{path}: key 'gram' is for p = {train.Features} features but the feature map gives {map.OutputDimension}.");
        }

        JsonObject meta;
        try
        {
            meta = JsonNode.Parse(ArtefactArrays.Text(archive, "meta_json")) as JsonObject ?? throw new FormatException("not an object");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            throw new DataFormatException($"{path}: key 'meta_json' is not a JSON object ({e.Message}).");
        }

        T Field<T>(string key)
            => JsonFields.TryGet(meta, key, out T value) ? value : throw new DataFormatException(
                $"{path}: meta_json has no valid '{key}' ({JsonFields.Expected<T>()}, found {JsonFields.Describe(meta[key])}); is this a stats.npz written by 'krr-distill stats'?");

        if (Field<string>("format") != Format)
        {
            throw new DataFormatException($"{path}: meta_json 'format' is '{Field<string>("format")}', expected '{Format}'.");
        }

        int shardCount = Field<int>("shard_count");
        int[] shards;
        try
        {
            shards = meta["shards"] is JsonArray list ? [.. list.Select(n => n?.GetValue<int>() ?? 0)] : [];
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            shards = [];
        }

        if (shardCount < 1 || shards.Length == 0 || shards.Any(s => s < 1 || s > shardCount) || shards.Distinct().Count() != shards.Length)
        {
            throw new DataFormatException($"{path}: meta_json 'shards' must list distinct shards 1…{shardCount}.");
        }

        var artefact = new StatisticsArtefact(train, validation, map, normalization, imageShape, Field<string>("source"), Field<int>("seed"),
            Field<double>("validation_fraction"), shardCount, [.. shards.Order()])
        {
            SourceFingerprint = meta["source_fingerprint"] is null ? null : Field<string>("source_fingerprint"),
        };
        if (Field<string>("feature_checksum") != artefact.FeatureChecksum)
        {
            throw new DataFormatException($"{path}: the feature keys do not match meta_json's 'feature_checksum' (the file was edited or is corrupt).");
        }

        return artefact;
    }

    private static string NormalizationText(InputNormalization n)
        => string.Create(CultureInfo.InvariantCulture, $"divisor {n.RawDivisor}, mean {Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(n.Mean.AsSpan())))[..12]}, std {Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(n.Std.AsSpan())))[..12]}");
}
