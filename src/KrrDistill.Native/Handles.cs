using System.Runtime.InteropServices;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>Objects handed to the caller as opaque handles (GCHandle), freed by <c>krr_free</c>.</summary>
internal static class Handles
{
    /// <summary>A new handle to <paramref name="target"/>.</summary>
    public static nint New(object target) => GCHandle.ToIntPtr(GCHandle.Alloc(target));

    /// <summary>The object behind <paramref name="handle"/>, which must be a live <typeparamref name="T"/>.</summary>
    public static T Get<T>(nint handle)
        where T : class
        => handle != 0 && GCHandle.FromIntPtr(handle).Target is T target ? target : throw new InputException($"the handle is not a live {typeof(T).Name}.");
}

/// <summary>A fitted model and the seed it was fit with (the distillation's default seed, as in the CLI).</summary>
/// <param name="Model">The model.</param>
/// <param name="Seed">The seed of its feature map and split.</param>
internal sealed record FittedModel(RidgeModel Model, int Seed);
