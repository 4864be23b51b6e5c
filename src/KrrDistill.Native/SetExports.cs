using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Output.Images;

namespace KrrDistill.Native;

/// <summary>The distilled-set half of the C ABI: read x_s, y_s, λ_S and meta_json, retrain W_S, save and load.</summary>
internal static unsafe partial class Exports
{
    /// <summary>The distilled set's m (points), d (inputs) and k (classes).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_shape", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetShape(nint set, int* m, int* d, int* k) => NativeCall.Run(() =>
    {
        DistilledSet s = Handles.Get<DistilledSet>(set);
        (*m, *d, *k) = (s.Inputs.Rows, s.Inputs.Columns, s.Classes);
    });

    /// <summary>Copies x_s (m×d, model-input space), y_s (m×k) and λ_S into the caller's buffers.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_copy", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetCopy(nint set, double* x, double* y, double* lambdaS) => NativeCall.Run(() =>
    {
        DistilledSet s = Handles.Get<DistilledSet>(set);
        s.Inputs.Data.AsSpan().CopyTo(new Span<double>(x, s.Inputs.Data.Length));
        s.Labels.Data.AsSpan().CopyTo(new Span<double>(y, s.Labels.Data.Length));
        *lambdaS = s.LambdaS;
    });

    /// <summary>
    /// The set's meta_json (how it was made, its errors; for a private set the guarantee) as NUL-terminated UTF-8, cut to
    /// <paramref name="capacity"/>; <paramref name="needed"/> gets the bytes the whole text needs.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_meta", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetMeta(nint set, byte* buffer, int capacity, int* needed)
        => NativeCall.Run(() => *needed = NativeCall.WriteUtf8(JsonText.Of(Handles.Get<DistilledSet>(set).MetaJson()), buffer, capacity));

    /// <summary>
    /// W_S: KRR retrained on the set (φ(X_S), Y_S, λ_S), the model <c>krr-distill evaluate</c> scores, as a model handle.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_fit", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetFit(nint set, nint* model) => NativeCall.Run(() =>
    {
        DistilledSet s = Handles.Get<DistilledSet>(set);
        *model = Handles.New(new FittedModel(s.Fit(), s.Result?.Options?.Seed ?? MetaSeed(s.LoadedMetaJson, "the distilled set")));
    });

    /// <summary>
    /// The labelled grid the CLI writes beside distilled.npz, as 8-bit pixels (rows top to bottom, channels interleaved):
    /// the images drawn in the shape <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> (all
    /// 0: the set's own, else a square grey or colour image), under the class names of the JSON array <paramref name="namesJson"/> (null: the set's). The grid's
    /// size goes to <paramref name="outWidth"/>, <paramref name="outHeight"/> and <paramref name="outChannels"/>; its
    /// pixels into <paramref name="buffer"/> when <paramref name="capacity"/> holds them all (else nothing is written
    /// there: call again with a buffer of width·height·channels bytes). A set that is not images has no grid.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_image", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetImage(nint set, int channels, int height, int width, byte* namesJson, byte* buffer, long capacity,
        int* outWidth, int* outHeight, int* outChannels) => NativeCall.Run(() =>
    {
        DistilledSet s = Handles.Get<DistilledSet>(set);
        ImageShape? shape = channels == 0 && height == 0 && width == 0 ? null
            : channels > 0 && height > 0 && width > 0 ? new ImageShape(channels, height, width)
            : throw new InputException($"shape ({channels}, {height}, {width}) must hold three positive sizes: (channels, height, width).");
        IReadOnlyList<string> names = ClassNamesFrom(NativeCall.ReadUtf8(namesJson), s);
        shape ??= s.ImageShape ?? SquareImage(s.Inputs.Columns)
            ?? throw new InputException($"shape: the set records no image shape and its {s.Inputs.Columns} values per point are not a square grey or colour image; give shape=(channels, height, width).");
        RenderedImage image = DistilledImages.Render(s, names, shape)!;
        (*outWidth, *outHeight, *outChannels) = (image.Width, image.Height, image.Channels);
        if (buffer != null && capacity >= image.Pixels.LongLength)
        {
            image.Pixels.AsSpan().CopyTo(new Span<byte>(buffer, image.Pixels.Length));
        }
    });

    /// <summary>A square image of d values, grey (d = h²) or colour (d = 3h²), or null when d is neither.</summary>
    private static ImageShape? SquareImage(int d)
    {
        foreach (int channels in (int[])[1, 3])
        {
            int side = (int)Math.Round(Math.Sqrt(d / (double)channels));
            if (channels * side * side == d)
            {
                return new ImageShape(channels, side, side);
            }
        }

        return null;
    }

    /// <summary>The k names of a JSON array of strings, or, for "", the set's own (its data set's classes, else 0 … k−1).</summary>
    private static IReadOnlyList<string> ClassNamesFrom(string json, DistilledSet set)
    {
        if (json.Length == 0)
        {
            return ClassNames.For(set.Result?.DatasetName, set.Classes);
        }

        System.Text.Json.Nodes.JsonArray? array = null;
        try
        {
            array = System.Text.Json.Nodes.JsonNode.Parse(json) as System.Text.Json.Nodes.JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        string[]? names = array?.Select(n => n is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? text) ? text : null)
            .OfType<string>().ToArray();
        return names is { } given && array!.Count == set.Classes && given.Length == set.Classes
            ? given
            : throw new InputException($"class_names must be {set.Classes} strings, one per class.");
    }

    /// <summary>Writes the set as distilled.npz (atomically), as the CLI does.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_save", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetSave(nint set, byte* path) => NativeCall.Run(() => Saved(path, p => Handles.Get<DistilledSet>(set).Save(p)));

    /// <summary>Reads a distilled.npz (from <c>krr-distill distill</c>, <c>kip</c> or <c>krr_set_save</c>).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_load", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetLoad(byte* path, nint* set) => NativeCall.Run(() => *set = Handles.New(Loaded(path, DistilledSet.Load)));
}
