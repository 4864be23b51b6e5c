using System.Collections.Concurrent;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// Objects handed to the caller as opaque handles: ids issued here (never reused) in a registry, so a handle freed
/// twice, copied, or never issued is refused by name (or ignored by <c>krr_free</c>), never a crash or another object.
/// </summary>
internal static class Handles
{
    private static readonly ConcurrentDictionary<nint, object> Live = new();
    private static long Last;

    /// <summary>A new handle to <paramref name="target"/>.</summary>
    public static nint New(object target)
    {
        nint id = (nint)Interlocked.Increment(ref Last);
        Live[id] = target;
        return id;
    }

    /// <summary>The object behind <paramref name="handle"/>, which must be a live <typeparamref name="T"/>.</summary>
    public static T Get<T>(nint handle)
        where T : class
        => Live.TryGetValue(handle, out object? target) && target is T typed
            ? typed
            : throw new InputException($"the handle is not a live {Name<T>()} (freed, or never made by this library).");

    /// <summary>Forgets <paramref name="handle"/>; false when it was not live.</summary>
    public static bool Free(nint handle) => Live.TryRemove(handle, out _);

    private static string Name<T>() => typeof(T) == typeof(FittedModel) ? "model" : typeof(T) == typeof(StatisticsHandle) ? "statistics" : "distilled set";
}

/// <summary>A fitted model and the seed it was fit with (the distillation's default seed, as in the CLI).</summary>
/// <param name="Model">The model.</param>
/// <param name="Seed">The seed of its feature map and split.</param>
internal sealed record FittedModel(RidgeModel Model, int Seed);
