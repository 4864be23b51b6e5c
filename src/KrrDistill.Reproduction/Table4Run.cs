namespace KrrDistill.Reproduction;

/// <summary>One seed of one Table 4 cell: the closed form and KIP on the same FCNN feature map.</summary>
public sealed record Table4Run
{
    /// <summary>Seed of the feature map, the split, the noise, KIP's real start and its batches.</summary>
    public required int Seed { get; init; }

    /// <summary>Test accuracy of the closed-form distilled set (fraction).</summary>
    public required double OursAccuracy { get; init; }

    /// <summary>‖W_S − W‖_F/‖W‖_F of the closed form after inversion.</summary>
    public required double OursError { get; init; }

    /// <summary>Wall seconds of the closed form end to end (fit with λ sweep, distill, invert, refit, test accuracies).</summary>
    public required double OursSeconds { get; init; }

    /// <summary>Test accuracy of KIP's W_S after <see cref="KipSteps"/> steps (fraction).</summary>
    public required double KipAccuracy { get; init; }

    /// <summary>Adam steps KIP ran.</summary>
    public required int KipSteps { get; init; }

    /// <summary>Wall seconds of the KIP run as measured (setup, steps, final solve, test accuracy).</summary>
    public required double KipSeconds { get; init; }

    /// <summary>KIP's one-off setup: the full-data statistics pass.</summary>
    public required double KipSetupSeconds { get; init; }

    /// <summary>Measured mean seconds per KIP step.</summary>
    public required double KipSecondsPerStep { get; init; }

    /// <summary>EXTRAPOLATED cost of the paper's step count: setup + steps × seconds per step.</summary>
    public required double KipExtrapolatedSeconds { get; init; }

    /// <summary>Peak resident memory over both runs of this seed, MB.</summary>
    public required double PeakMemoryMegabytes { get; init; }
}
