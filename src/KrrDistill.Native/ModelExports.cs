using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>The model half of the C ABI: fit, inspect, score, save and load the original model W (k×p).</summary>
internal static unsafe partial class Exports
{
    /// <summary>
    /// Fits the original model on the training arrays (docs/theory.md §1: seeded 95/5 split, λ chosen by validation accuracy
    /// unless fixed); options: features, width, depth, rff_sigma2, seed, lambda, classes, zca (ε of ZCA whitening, docs/theory.md §4).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_fit", CallConvs = [typeof(CallConvCdecl)])]
    public static int Fit(void* x, int dtype, long n, int d, long* y, byte* options, nint* model) => NativeCall.Run(() =>
    {
        NativeOptions o = NativeOptions.Parse(options);
        if (y == null)
        {
            throw new InputException("y: the training labels are required.");
        }

        Dataset train = NativeArrays.ToDataset("x", x, dtype, n, d, y, o.Int("classes") ?? 0);
        KernelRidgeOptions ridge = o.Ridge();
        TrainingSplit split = TrainingSplit.Of(train, ridge);
        IFeatureMap map = o.FeatureMap(d);
        if (o.Double("zca") is { } eps)
        {
            map = FeatureMap.Whiten(map, split.Train, eps, ridge.ChunkRows); // ZCA fitted on the training split
        }

        RidgeModel fitted = new KernelRidge(map, ridge).Fit(split);
        *model = Handles.New(new FittedModel(fitted, ridge.Seed));
    });

    /// <summary>The model's λ.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_lambda", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelLambda(nint model, double* lambda) => NativeCall.Run(() => *lambda = Handles.Get<FittedModel>(model).Model.Lambda);

    /// <summary>The model's k (classes), p (features) and d (inputs).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_shape", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelShape(nint model, int* k, int* p, int* d) => NativeCall.Run(() =>
    {
        RidgeModel m = Handles.Get<FittedModel>(model).Model;
        (*k, *p, *d) = (m.Classes, m.FeatureMap.OutputDimension, m.FeatureMap.InputDimension);
    });

    /// <summary>Copies W (k×p, row-major) into the caller's buffer.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_weights", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelWeights(nint model, double* weights) => NativeCall.Run(() =>
    {
        Matrix w = Handles.Get<FittedModel>(model).Model.Weights;
        w.Data.AsSpan().CopyTo(new Span<double>(weights, w.Data.Length));
    });

    /// <summary>Test accuracy of the model on the arrays (first argmax of W φ(x) against the label).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_accuracy", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelAccuracy(nint model, void* x, int dtype, long n, int d, long* y, double* accuracy) => NativeCall.Run(() =>
    {
        RidgeModel m = Handles.Get<FittedModel>(model).Model;
        if (y == null)
        {
            throw new InputException("y: the labels are required.");
        }

        *accuracy = m.Accuracy(NativeArrays.ToDataset("x", x, dtype, n, d, y, m.Classes, m.Normalization));
    });

    /// <summary>Writes the scores W φ(x) (n×k, row-major) of the inputs into the caller's buffer.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_scores", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelScores(nint model, void* x, int dtype, long n, int d, double* scores) => NativeCall.Run(() =>
    {
        RidgeModel m = Handles.Get<FittedModel>(model).Model;
        Dataset data = Checked(NativeArrays.ToDataset("x", x, dtype, n, d, null, m.Classes, m.Normalization), m);
        const int chunk = 4096;
        var inputs = new Matrix(Math.Min(chunk, data.Count), d);
        for (int start = 0; start < data.Count; start += chunk)
        {
            int rows = Math.Min(chunk, data.Count - start);
            Matrix part = rows == inputs.Rows ? inputs : new Matrix(rows, d);
            data.CopyInputs(start, rows, part.Data);
            m.Scores(part).Data.AsSpan().CopyTo(new Span<double>(scores + ((long)start * m.Classes), rows * m.Classes));
        }
    });

    /// <summary>Writes <c>model.npz</c> (atomically), the file <c>krr-distill fit --save-model</c> writes.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_save", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelSave(nint model, byte* path) => NativeCall.Run(() => Saved(path, p => Handles.Get<FittedModel>(model).Model.Save(p)));

    /// <summary>Reads a <c>model.npz</c> (from <c>krr-distill fit --save-model</c> or <c>krr_model_save</c>).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_model_load", CallConvs = [typeof(CallConvCdecl)])]
    public static int ModelLoad(byte* path, nint* model) => NativeCall.Run(() =>
    {
        (RidgeModel loaded, int seed) = Loaded(path, p =>
        {
            RidgeModel model = RidgeModel.Load(p);
            return (model, MetaSeed(model.LoadedMetaJson, p));
        });
        *model = Handles.New(new FittedModel(loaded, seed));
    });

    /// <summary>meta_json's "seed" (the seed the artefact was made with), or 0 when it records none; a seed that is not an integer is refused.</summary>
    private static int MetaSeed(string metaJson, string path)
    {
        System.Text.Json.Nodes.JsonObject? meta;
        try
        {
            meta = System.Text.Json.Nodes.JsonNode.Parse(metaJson) as System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0; // the model's own keys are what matters; an unreadable note records no seed
        }

        if (meta?["seed"] is null)
        {
            return 0;
        }

        return JsonFields.TryGet(meta, "seed", out int seed) ? seed
            : throw new DataFormatException($"{path}: meta_json 'seed' is {JsonFields.Describe(meta["seed"])}, not an integer (the file was edited?).");
    }

    /// <summary>The data set, refused by name unless its width is the model's input dimension.</summary>
    private static Dataset Checked(Dataset data, RidgeModel model)
    {
        data.RequireFits(model.FeatureMap.InputDimension, model.Classes, "the model");
        return data;
    }

    /// <summary>Writes through <paramref name="save"/>; a path that cannot be written is the caller's bad input.</summary>
    private static void Saved(byte* path, Action<string> save)
    {
        string file = NativeCall.ReadUtf8(path);
        if (file.Length == 0)
        {
            throw new InputException("path: empty.");
        }

        FileKind kind = FileKindProbe.Of(Path.GetFullPath(file));
        if (kind is not (FileKind.Missing or FileKind.Regular or FileKind.Unknown))
        {
            // As the command line's outputs: a new file replaces the old one, which must therefore be a file.
            throw new InputException($"{file} is {FileKindProbe.Describe(kind)}; artefacts are written as regular files (a new file replaces the old one), so give a file name.");
        }

        try
        {
            save(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file}: cannot be written ({e.Message}).", e);
        }
    }

    /// <summary>Reads through <paramref name="load"/>; a missing or malformed file is the caller's bad input.</summary>
    private static T Loaded<T>(byte* path, Func<string, T> load)
    {
        string file = NativeCall.ReadUtf8(path);
        if (file.Length == 0)
        {
            throw new InputException("path: empty.");
        }

        try
        {
            return load(file); // the readers refuse a missing file, a directory, a FIFO or a device by name
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InputException($"{file}: cannot be read ({e.Message}).", e);
        }
    }
}
