using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// The C ABI of <c>KrrDistill.Native.so</c>, for the Python package. Every function returns 0 (success), 2 (bad input:
/// the message names the option or value) or 1 (internal failure); <c>krr_last_error</c> gives this thread's message.
/// Objects are opaque handles that the caller frees with <c>krr_free</c>; arrays are the caller's, in C order, read
/// during the call or written into buffers the caller sized with <c>krr_set_shape</c>. Options are a JSON object.
/// </summary>
internal static unsafe class Exports
{
    /// <summary>The library's version, NUL-terminated UTF-8; returns the bytes needed.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_version", CallConvs = [typeof(CallConvCdecl)])]
    public static int Version(byte* buffer, int capacity)
        => NativeCall.WriteUtf8(typeof(KernelRidge).Assembly.GetName().Version?.ToString(3) ?? "", buffer, capacity);

    /// <summary>This thread's last failure message; returns the bytes needed.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_last_error", CallConvs = [typeof(CallConvCdecl)])]
    public static int LastError(byte* buffer, int capacity) => NativeCall.WriteUtf8(NativeCall.LastError, buffer, capacity);

    /// <summary>
    /// Fits the original model on n×d inputs and int64 labels; options: features, width, depth, rff_sigma2, seed, lambda
    /// (null: chosen on the seeded 5 % validation split), classes.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_fit", CallConvs = [typeof(CallConvCdecl)])]
    public static int Fit(void* x, int dtype, long n, int d, long* y, byte* options, nint* model) => NativeCall.Run(() =>
    {
        JsonObject o = Options(options);
        Dataset train = NativeArrays.ToDataset("x_train", x, dtype, n, d, y, Int(o, "classes") ?? 0);
        int seed = Int(o, "seed") ?? 0;
        var featureOptions = new FeatureMapOptions { Width = Int(o, "width"), Depth = Int(o, "depth") ?? 1, RffSigma2 = Double(o, "rff_sigma2") ?? 1000, Seed = seed };
        IFeatureMap map = FeatureMap.Create(Kind(o), d, featureOptions);
        RidgeModel fitted = new KernelRidge(map, new KernelRidgeOptions { Seed = seed, Lambda = Double(o, "lambda") }).Fit(train);
        *model = GCHandle.ToIntPtr(GCHandle.Alloc(new FittedModel(fitted, seed)));
    });

    /// <summary>The model's λ.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_lambda", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelLambda(nint model, double* lambda) => NativeCall.Run(() => *lambda = Get<FittedModel>(model).Model.Lambda);

    /// <summary>Test accuracy of the model on n×d inputs and int64 labels.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_accuracy", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelAccuracy(nint model, void* x, int dtype, long n, int d, long* y, double* accuracy) => NativeCall.Run(() =>
    {
        RidgeModel m = Get<FittedModel>(model).Model;
        *accuracy = m.Accuracy(NativeArrays.ToDataset("x_test", x, dtype, n, d, y, m.Classes));
    });

    /// <summary>
    /// Distills the model fit on these training arrays; options: ipc, init (noise or real), lambda_s (0, a number or
    /// "original"), labels (model, onehot, fit), root (plus or minus), seed (default: the model's).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_distill", CallConvs = [typeof(CallConvCdecl)])]
    public static int Distill(nint model, void* x, int dtype, long n, int d, long* y, byte* options, nint* set) => NativeCall.Run(() =>
    {
        FittedModel fitted = Get<FittedModel>(model);
        JsonObject o = Options(options);
        Dataset train = NativeArrays.ToDataset("x_train", x, dtype, n, d, y, fitted.Model.Classes);
        var distiller = new DistillerOptions
        {
            ImagesPerClass = Int(o, "ipc") ?? 10,
            Init = Enum<InitMode>(o, "init") ?? InitMode.Noise,
            Labels = Enum<LabelMode>(o, "labels") ?? LabelMode.Model,
            LambdaS = LambdaS(o),
            PlusRoot = Text(o, "root") is null or "plus",
            Seed = Int(o, "seed") ?? fitted.Seed,
        };
        distiller.Validate();
        var analytic = new AnalyticDistiller(distiller);
        analytic.CheckBeforeFit(train, fitted.Model.FeatureMap, new KernelRidgeOptions { Seed = fitted.Seed });
        DistilledSet distilled = analytic.Distill(fitted.Model, train);
        *set = GCHandle.ToIntPtr(GCHandle.Alloc(distilled));
    });

    /// <summary>The distilled set's m (points), d (inputs) and k (classes).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_shape", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetShape(nint set, int* m, int* d, int* k) => NativeCall.Run(() =>
    {
        DistilledSet s = Get<DistilledSet>(set);
        (*m, *d, *k) = (s.Inputs.Rows, s.Inputs.Columns, s.Classes);
    });

    /// <summary>Copies x_s (m×d, model-input space), y_s (m×k) and λ_S into the caller's buffers.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_copy", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetCopy(nint set, double* x, double* y, double* lambdaS) => NativeCall.Run(() =>
    {
        DistilledSet s = Get<DistilledSet>(set);
        s.Inputs.Data.AsSpan().CopyTo(new Span<double>(x, s.Inputs.Data.Length));
        s.Labels.Data.AsSpan().CopyTo(new Span<double>(y, s.Labels.Data.Length));
        *lambdaS = s.LambdaS;
    });

    /// <summary>Writes the set as distilled.npz (atomically), as the CLI does.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_save", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetSave(nint set, byte* path) => NativeCall.Run(() => Get<DistilledSet>(set).Save(NativeCall.ReadUtf8(path)));

    /// <summary>Frees a handle from krr_fit or krr_distill (0 is ignored).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_free", CallConvs = [typeof(CallConvCdecl)])]
    public static void Free(nint handle)
    {
        if (handle != 0)
        {
            GCHandle.FromIntPtr(handle).Free();
        }
    }

    private static T Get<T>(nint handle)
        where T : class
        => handle != 0 && GCHandle.FromIntPtr(handle).Target is T target ? target : throw new InputException($"the handle is not a live {typeof(T).Name}.");

    private static JsonObject Options(byte* text)
    {
        string json = NativeCall.ReadUtf8(text);
        try
        {
            return json.Length == 0 ? [] : JsonNode.Parse(json) as JsonObject ?? throw new InputException("options must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InputException($"options are not JSON ({e.Message}).");
        }
    }

    private static int? Int(JsonObject o, string key) => Value(o, key, n => n.GetValue<int>());

    private static double? Double(JsonObject o, string key) => Value(o, key, n => n.GetValue<double>());

    private static string? Text(JsonObject o, string key) => o[key] is { } n ? Value(o, key, v => v.GetValue<string>()) : null;

    private static T? Value<T>(JsonObject o, string key, Func<JsonNode, T> read)
        where T : struct
        => o[key] is { } node ? Try(key, () => read(node)) : null;

    private static string? Value(JsonObject o, string key, Func<JsonNode, string> read) => o[key] is { } node ? Try(key, () => read(node)) : null;

    private static T Try<T>(string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InputException($"option '{key}' has the wrong type ({e.Message}).");
        }
    }

    private static FeatureKind Kind(JsonObject o) => Enum<FeatureKind>(o, "features") ?? FeatureKind.Fcnn;

    private static T? Enum<T>(JsonObject o, string key)
        where T : struct, Enum
    {
        if (Text(o, key) is not { } text)
        {
            return null;
        }

        string? name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return name is null
            ? throw new InputException($"option '{key}' is '{text}', not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.")
            : System.Enum.Parse<T>(name);
    }

    private static double? LambdaS(JsonObject o)
    {
        if (o["lambda_s"] is not { } node)
        {
            return 0;
        }

        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            string text = node.GetValue<string>();
            return string.Equals(text, "original", StringComparison.OrdinalIgnoreCase)
                ? null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new InputException($"option 'lambda_s' is '{text}', not 0, a number or 'original'.");
        }

        return Try("lambda_s", () => node.GetValue<double>());
    }

    /// <summary>A fitted model and the seed it was fit with (the distillation's default seed, as in the CLI).</summary>
    private sealed record FittedModel(RidgeModel Model, int Seed);
}
