namespace KrrDistill.Features;

/// <summary>
/// One saved parameter of a feature map: its artefact key (e.g. <c>fcnn_weight_0</c>), its values in
/// row-major order, and its shape (empty for a scalar).
/// </summary>
/// <param name="Key">Artefact key, as DESIGN.md names it.</param>
/// <param name="Values">Row-major values.</param>
/// <param name="Shape">Shape; empty for a 0-d scalar.</param>
public sealed record FeatureParameter(string Key, double[] Values, int[] Shape);
