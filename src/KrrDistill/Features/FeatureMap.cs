using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// Draws the feature maps of the paper (docs/theory.md §4) on inputs of dimension d, each from its own seed, computing on
/// <see cref="LinearAlgebraBackends.Current"/>. Bad values throw <see cref="InputException"/> naming the
/// <see cref="FeatureMapOptions"/> property.
/// </summary>
public static class FeatureMap
{
    /// <summary>φ(x) = x: p = d.</summary>
    public static IFeatureMap Identity(int inputs) => Create(FeatureKind.Identity, inputs, new FeatureMapOptions());

    /// <summary>The paper's FCNN: a bias-free LeakyReLU(0.1) network, weights N(0, 1/fan_in), width p (default d).</summary>
    public static IFeatureMap Fcnn(int inputs, int? width = null, int depth = 1, int seed = 0)
        => Create(FeatureKind.Fcnn, inputs, new FeatureMapOptions { Width = width, Depth = depth, Seed = seed });

    /// <summary>Random Fourier features √(2/p)·cos(A x + b), A ~ N(0, 1/σ²), b ~ U[0, 2π), width p (default d; distillation by construction needs p ≤ d).</summary>
    public static IFeatureMap Rff(int inputs, int? width = null, double sigma2 = 1000, int seed = 0)
        => Create(FeatureKind.Rff, inputs, new FeatureMapOptions { Width = width, RffSigma2 = sigma2, Seed = seed });

    /// <summary>A deep linear network x ↦ A_L⋯A_1 x, weights N(0, 1/fan_in), width p (default d).</summary>
    public static IFeatureMap Linear(int inputs, int? width = null, int depth = 1, int seed = 0)
        => Create(FeatureKind.Linear, inputs, new FeatureMapOptions { Width = width, Depth = depth, Seed = seed });

    /// <summary>The map <paramref name="kind"/> on R^<paramref name="inputs"/> with <paramref name="options"/>.</summary>
    public static IFeatureMap Create(FeatureKind kind, int inputs, FeatureMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        options.Validate(kind, inputs);
        int p = options.Width ?? inputs;
        IFeatureMap map = kind switch
        {
            FeatureKind.Identity => new IdentityFeatureMap(inputs),
            FeatureKind.Fcnn => LeakyReluNetwork.CreateRandom(inputs, p, options.Depth, 0.1, options.Seed),
            FeatureKind.Rff => RandomFourierFeatures.CreateRandom(inputs, p, options.RffSigma2, options.Seed),
            FeatureKind.Linear => DeepLinearNetwork.CreateRandom(inputs, p, options.Depth, options.Seed),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a feature kind"),
        };
        Drawn.Add(map, options);
        return map;
    }

    /// <summary>
    /// <paramref name="map"/> behind the ZCA whitening (ε = <paramref name="eps"/>) of <paramref name="rows"/>: one streamed
    /// pass of the identity map's statistics over them (mean and covariance, O(d²) memory), then
    /// <see cref="Whitening.Fit"/>. The options the map was drawn with are kept.
    /// </summary>
    public static WhitenedFeatureMap Whiten(IFeatureMap map, Ridge.TrainingRows rows, double eps, int chunkRows = 4096, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(rows);
        Ridge.SufficientStatistics moments = Ridge.FeaturePass.Accumulate(rows, new IdentityFeatureMap(map.InputDimension), chunkRows, progress is null ? null : new Relabelled(progress, "whitening (mean, covariance)"));
        return Whitened(map, Whitening.Fit(moments, eps));
    }

    /// <summary><paramref name="map"/> behind <paramref name="whitening"/>, with the options it was drawn with.</summary>
    public static WhitenedFeatureMap Whitened(IFeatureMap map, Whitening whitening)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(whitening);
        var whitened = new WhitenedFeatureMap(whitening, map);
        if (OptionsOf(map) is { } options)
        {
            Drawn.Add(whitened, options);
        }

        return whitened;
    }

    /// <summary>Progress of the moment pass under its own phase name.</summary>
    private sealed class Relabelled(IProgress<ProgressReport> inner, string phase) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => inner.Report(value.IsWarning ? value : value with { Phase = phase });
    }

    /// <summary>The options a map was drawn with, for artefact metadata (null for maps read from a file or built otherwise).</summary>
    internal static FeatureMapOptions? OptionsOf(IFeatureMap map) => Drawn.TryGetValue(map, out FeatureMapOptions? options) ? options : null;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IFeatureMap, FeatureMapOptions> Drawn = [];
}

/// <summary>Parameters of <see cref="FeatureMap.Create"/>; which apply depends on the kind.</summary>
public sealed record FeatureMapOptions
{
    /// <summary>Feature dimension p ≥ 1 (fcnn, rff, linear); null: p = d. Identity features have p = d.</summary>
    public int? Width { get; init; }

    /// <summary>Layers of fcnn and linear maps (≥ 1).</summary>
    public int Depth { get; init; } = 1;

    /// <summary>rff: A has i.i.d. N(0, 1/σ²) entries; σ² &gt; 0 (paper: 1000).</summary>
    public double RffSigma2 { get; init; } = 1000;

    /// <summary>Seed of the random weights.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="InputException"/> naming the property that does not fit <paramref name="kind"/> on d = <paramref name="inputs"/>.</summary>
    public void Validate(FeatureKind kind, int inputs)
    {
        if (Width is { } w)
        {
            InputException.RequireAtLeast(w, 1, nameof(Width));
        }

        switch (kind)
        {
            case FeatureKind.Identity when Width is { } width && width != inputs:
                throw new InputException(nameof(Width), $"{width} does not apply to identity features (p = d = {inputs}).");
            case FeatureKind.Fcnn or FeatureKind.Linear:
                InputException.RequireAtLeast(Depth, 1, nameof(Depth));
                break;
            case FeatureKind.Rff:
                InputException.RequirePositive(RffSigma2, nameof(RffSigma2)); // any width: p > d can be fit, and only distillation needs p ≤ d (AnalyticDistiller.CheckMode)
                break;
        }

        RequireMemory(kind, inputs);
    }

    /// <summary>
    /// Refuses a width or depth whose arrays cannot exist: the p×p Gram matrix must be one array (p ≤ 46,340), and G, its
    /// factorization and the layers' weights (8·(2p² + Σ fan_in·fan_out) bytes at least) must fit in the memory this
    /// process may use.
    /// </summary>
    private void RequireMemory(FeatureKind kind, int inputs)
    {
        long p = Width ?? inputs;
        if (p * p > Array.MaxLength)
        {
            throw new InputException(nameof(Width), $"{p} is too wide: the p×p Gram matrix must fit one array, so p ≤ {(long)Math.Sqrt(Array.MaxLength)}.");
        }

        long layers = kind switch
        {
            FeatureKind.Fcnn or FeatureKind.Linear => (p * inputs) + ((Depth - 1L) * p * p),
            FeatureKind.Rff => p * inputs,
            _ => 0,
        };
        double gib = 1024.0 * 1024 * 1024;
        double needed = 8.0 * ((2.0 * p * p) + layers);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
        {
            string property = kind is FeatureKind.Fcnn or FeatureKind.Linear && Depth > 1 && 8.0 * ((3.0 * p * p) + (p * inputs)) <= available ? nameof(Depth) : nameof(Width);
            throw new InputException(property, $"{(property == nameof(Depth) ? Depth : p)} needs at least {needed / gib:F1} GiB (the p×p Gram matrix, its factorization and {Depth} layer(s) of weights for p = {p}), more than the {available / gib:F1} GiB this process may use.");
        }
    }
}
