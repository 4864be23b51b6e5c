using System.Text.RegularExpressions;

namespace KrrDistill;

/// <summary>
/// The one table of option names: for each property of the library's option records (<c>DistillerOptions</c>,
/// <c>KernelRidgeOptions</c>, <c>FeatureMapOptions</c>, <c>PrivacyOptions</c>, <c>KipOptions</c>) the flag of
/// <c>krr-distill</c> and the parameter of the Python package, so that a message naming a property
/// (<see cref="InputException.Property"/>) names what the user typed, whichever front end they typed it in.
/// </summary>
public static partial class OptionNames
{
    private static readonly Dictionary<string, (string? Flag, string? Python)> Names = new(StringComparer.Ordinal)
    {
        ["ImagesPerClass"] = ("--ipc", "ipc"),
        ["Init"] = ("--init", "init"),
        ["Labels"] = ("--labels", "labels"),
        ["LambdaS"] = ("--lambda-s", "lambda_s"),
        ["PlusRoot"] = ("--root", "root"),
        ["Seed"] = ("--seed", "seed"),
        ["Lambda"] = ("--lambda", "lam"),
        ["ValidationFraction"] = (null, "validation_fraction"),
        ["Width"] = ("--width", "width"),
        ["Depth"] = ("--depth", "depth"),
        ["RffSigma2"] = ("--rff-sigma2", "rff_sigma2"),
        ["Epsilon"] = ("--epsilon", "epsilon"),
        ["Delta"] = ("--delta", "delta"),
        ["ClipNorm"] = ("--clip-norm", "clip_norm"),
        ["SmallestSingularValueBound"] = ("--sigma0", "sigma0"),
        ["PublicValidationSplit"] = ("--public-validation", "public_validation"),
        ["NoiseSeed"] = ("--privacy-seed", "noise_seed"),
        ["Steps"] = ("--steps", null),
        ["LearningRate"] = ("--lr", null),
        ["BatchSize"] = ("--batch", null),
        ["EvaluateEvery"] = ("--eval-every", null),
        ["TimeBudget"] = ("--time-budget", null),
        ["Dataset"] = ("--dataset", null),
        ["DataDirectory"] = ("--data-dir", "data_dir"),
        ["Mirror"] = ("--mirror", "mirror"),
        ["Timeout"] = ("--timeout", "timeout"),
        ["Size"] = ("--image-size", "image_size"),
        ["Eps"] = ("--zca", "zca"), // Whitening.Eps
        ["Scaling"] = ("--normalize", "normalize"),
        ["SkipUnreadable"] = ("--skip-bad-images", "skip_bad_images"),
    };

    /// <summary>The <c>krr-distill</c> flag of <paramref name="property"/> (e.g. <c>--ipc</c>), or null when it has none.</summary>
    public static string? Flag(string property) => Names.TryGetValue(property, out var names) ? names.Flag : null;

    /// <summary>The Python parameter of <paramref name="property"/> (e.g. <c>ipc</c>), or null when it has none.</summary>
    public static string? Python(string property) => Names.TryGetValue(property, out var names) ? names.Python : null;

    /// <summary>
    /// <paramref name="error"/>'s one line with the property it names replaced by the front end's name for it (via
    /// <paramref name="nameOf"/>, e.g. <see cref="Flag"/>); its own message when it names no property or the front end has
    /// no name for it.
    /// </summary>
    public static string Message(InputException error, Func<string, string?> nameOf)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(nameOf);
        var message = error.Property is { } property && nameOf(property) is { } name ? $"{name} {error.Detail}" : error.Message;
        return Referenced().Replace(message, match => nameOf(match.Groups[1].Value) ?? match.Value);
    }

    /// <summary>
    /// How a message refers to another option than the one it names: the property between backticks
    /// (<c>`PublicValidationSplit`</c>), replaced by <see cref="Message"/> with the front end's name for it.
    /// </summary>
    public static string Refer(string property) => $"`{property}`";

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex Referenced();
}
