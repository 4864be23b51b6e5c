using KrrDistill.Distillation;

namespace KrrDistill.Reproduction;

/// <summary>A distilled set kept to be drawn as a PNG grid beside the report.</summary>
/// <param name="FileName">File name inside the output directory (e.g. <c>mnist-fcnn-ipc10.png</c>).</param>
/// <param name="Caption">What the grid shows.</param>
/// <param name="Set">The distilled set.</param>
public sealed record GridImage(string FileName, string Caption, DistilledSet Set);
