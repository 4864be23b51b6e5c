namespace KrrDistill.Reproduction;

/// <summary>The non-private reference of one feature map: the ordinary fit, λ chosen on the same validation split.</summary>
/// <param name="Features">Feature map kind.</param>
/// <param name="Lambda">λ chosen on the validation split.</param>
/// <param name="TestAccuracy">Test accuracy of the fitted model (fraction).</param>
/// <param name="TrainCount">Rows fitted on.</param>
/// <param name="ValidationCount">Rows λ was chosen on.</param>
/// <param name="Seconds">Wall seconds of the fit and its test accuracy.</param>
public sealed record PrivacyCurveReference(string Features, double Lambda, double TestAccuracy, int TrainCount, int ValidationCount, double Seconds);
