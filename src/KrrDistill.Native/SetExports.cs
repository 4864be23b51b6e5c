using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Distillation;

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

    /// <summary>Writes the set as distilled.npz (atomically), as the CLI does.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_save", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetSave(nint set, byte* path) => NativeCall.Run(() => Saved(path, p => Handles.Get<DistilledSet>(set).Save(p)));

    /// <summary>Reads a distilled.npz (from <c>krr-distill distill</c>, <c>kip</c> or <c>krr_set_save</c>).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_set_load", CallConvs = [typeof(CallConvCdecl)])]
    public static int SetLoad(byte* path, nint* set) => NativeCall.Run(() => *set = Handles.New(Loaded(path, DistilledSet.Load)));
}
