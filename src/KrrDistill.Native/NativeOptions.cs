using System.Text.Json;
using System.Text.Json.Nodes;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// The options object a C caller passes as JSON (Python keyword arguments, None left out): typed reads that name the key
/// when its value has the wrong type or is not one of the choices.
/// </summary>
internal sealed class NativeOptions
{
    private readonly JsonObject _o;

    private NativeOptions(JsonObject o) => _o = o;

    /// <summary>Parses a NUL-terminated UTF-8 JSON object (empty or null: no options).</summary>
    public static unsafe NativeOptions Parse(byte* text)
    {
        string json = NativeCall.ReadUtf8(text);
        try
        {
            return new(json.Length == 0 ? [] : JsonNode.Parse(json) as JsonObject ?? throw new InputException("options must be a JSON object."));
        }
        catch (JsonException e)
        {
            throw new InputException($"options are not JSON ({e.Message}).");
        }
    }

    /// <summary>True when <paramref name="key"/> is given.</summary>
    public bool Has(string key) => _o[key] is not null;

    public int? Int(string key) => Read<int>(key);

    public double? Double(string key) => Read<double>(key);

    public bool? Bool(string key) => Read<bool>(key);

    public string? Text(string key) => _o[key] is null ? null : Field<string>(key);

    /// <summary>One of <typeparamref name="T"/>'s names, case-insensitively (hyphens allowed for the CLI's spellings).</summary>
    public T? Enum<T>(string key)
        where T : struct, Enum
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        string? name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        return name is null
            ? throw new InputException($"option '{key}' is '{text}', not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.")
            : System.Enum.Parse<T>(name);
    }

    /// <summary>One of <paramref name="choices"/> (or <paramref name="fallback"/> when absent).</summary>
    public string Choice(string key, string fallback, params string[] choices)
    {
        string text = Text(key) ?? fallback;
        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new InputException($"option '{key}' is '{text}', not one of {string.Join(", ", choices)}.");
    }

    /// <summary>The feature map the options describe (features, width, depth, rff_sigma2, seed) for d inputs.</summary>
    public IFeatureMap FeatureMap(int inputs)
    {
        var options = new FeatureMapOptions { Width = Int("width"), Depth = Int("depth") ?? 1, RffSigma2 = Double("rff_sigma2") ?? 1000, Seed = Int("seed") ?? 0 };
        return Features.FeatureMap.Create(Enum<FeatureKind>("features") ?? FeatureKind.Fcnn, inputs, options);
    }

    /// <summary>
    /// The ridge options of the original model: seed (of φ and the split), lambda (null: chosen on the split), the share
    /// of rows held out to choose it (validation_fraction, 0.05 unless given; 0 trains on every row when lambda is fixed)
    /// and precision of the statistics pass ("double" or "single").
    /// </summary>
    public KernelRidgeOptions Ridge()
    {
        var defaults = new KernelRidgeOptions();
        return defaults with
        {
            Seed = Int("seed") ?? 0,
            Lambda = Double("lambda"),
            ValidationFraction = Double("validation_fraction") ?? defaults.ValidationFraction,
            Precision = Precision(),
        };
    }

    /// <summary>The "precision" option: double (the default) or single.</summary>
    public Precision Precision() => Enum<Precision>("precision") ?? KrrDistill.Ridge.Precision.Double;

    /// <summary>The distiller options (ipc, init, labels, lambda_s, root, seed), the seed defaulting to <paramref name="seed"/>.</summary>
    public DistillerOptions Distiller(int seed)
    {
        var options = new DistillerOptions
        {
            ImagesPerClass = Int("ipc") ?? 10,
            Init = Enum<InitMode>("init") ?? InitMode.Noise,
            Labels = Enum<LabelMode>("labels") ?? LabelMode.Model,
            LambdaS = LambdaS(),
            PlusRoot = Choice("root", "plus", "plus", "minus") == "plus",
            Seed = Int("seed") ?? seed,
        };
        return options; // validated where it is used (the distillers' constructors)
    }

    /// <summary>λ_S: 0 (absent), a number, or "original" (null: the model's λ).</summary>
    private double? LambdaS()
    {
        if (_o["lambda_s"] is not { } node)
        {
            return 0;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? DistillerOptions.ParseLambdaS(Field<string>("lambda_s"))
            : Field<double>("lambda_s");
    }

    private T? Read<T>(string key)
        where T : struct
        => _o[key] is null ? null : Field<T>(key);

    /// <summary>The option's value as <typeparamref name="T"/>, or a refusal saying in JSON's terms what was wanted and found.</summary>
    private T Field<T>(string key)
        => JsonFields.TryGet(_o, key, out T value) ? value
            : throw new InputException($"option '{key}' has the wrong type ({JsonFields.Expected<T>()}, found {JsonFields.Describe(_o[key])}).");
}
