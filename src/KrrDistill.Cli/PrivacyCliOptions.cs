using System.CommandLine;
using KrrDistill.Privacy;

namespace KrrDistill.Cli;

/// <summary>The privacy options of <c>krr-distill distill</c> (docs/privacy.md).</summary>
internal sealed class PrivacyCliOptions
{
    private readonly Option<string> _mode = new("--privacy") { Description = "none; row-dp (Theorem 6.2: each distilled row (ε, δ)-DP, y_s secret); dp (the whole released set (ε, δ)-DP)", DefaultValueFactory = _ => "none" };
    private readonly Option<double> _epsilon = new Option<double>("--epsilon") { Description = "Privacy ε > 0 (row-dp: < 1)", DefaultValueFactory = _ => 1.0 }.Strict();
    private readonly Option<double> _delta = new Option<double>("--delta") { Description = "Privacy δ in (0, 1)", DefaultValueFactory = _ => 1e-5 }.Strict();
    private readonly Option<double?> _clip = new Option<double?>("--clip-norm") { Description = "The clip norm (default: 1 for feature rows, √2 for rff, which never exceeds it; with --clip-space input, the B that bounds ‖φ(x)‖ by 1)" }.Strict();
    private readonly Option<string> _clipSpace = new("--clip-space") { Description = "features: clip feature rows to ‖φ(x)‖ ≤ --clip-norm (default); input: clip input rows to ‖x‖ ≤ --clip-norm and use the bound derived for the map", DefaultValueFactory = _ => "features" };
    private readonly Option<double?> _sigma0 = new Option<double?>("--sigma0") { Description = "row-dp: a public lower bound on σ_min(Φ) (default: computed from the private data, which is not private)" }.Strict();
    private readonly Option<bool> _publicValidation = new("--public-validation") { Description = "dp: declare the validation split public and choose λ on it (else give --lambda)" };
    private readonly Option<int?> _seed = new Option<int?>("--privacy-seed") { Description = "Seed of the privacy noise, for tests only: the guarantee then needs it secret (default: OS cryptographic generator)" }.Strict();

    public PrivacyCliOptions()
    {
        _mode.OneOf("none", "row-dp", "dp");
        _clipSpace.OneOf("features", "input");
    }

    /// <summary>Every option but --privacy itself.</summary>
    private Option[] Settings => [_epsilon, _delta, _clip, _clipSpace, _sigma0, _publicValidation, _seed];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_mode, .. Settings])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The parsed privacy options, or null for <c>--privacy none</c> (then no other privacy option may be given).</summary>
    public PrivacyOptions? Read(ParseResult parse)
    {
        string mode = parse.GetRequiredValue(_mode);
        if (mode == "none")
        {
            if (ExplicitOptions.FirstGiven(parse, Settings) is { } stray)
            {
                throw new InputException($"{stray.Name} has no effect without --privacy row-dp or --privacy dp.");
            }

            return null;
        }

        return PrivacyOptions.Create(
            mode == "dp" ? PrivacyMode.Dp : PrivacyMode.RowDp,
            parse.GetValue(_epsilon),
            parse.GetValue(_delta),
            parse.GetValue(_clip),
            parse.GetRequiredValue(_clipSpace) == "features",
            parse.GetValue(_seed),
            ExplicitOptions.FirstGiven(parse, [_publicValidation]) is null ? null : parse.GetValue(_publicValidation),
            parse.GetValue(_sigma0));
    }
}
