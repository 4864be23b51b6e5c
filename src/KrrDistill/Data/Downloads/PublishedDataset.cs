namespace KrrDistill.Data.Downloads;

/// <summary>A data set <c>fetch</c> can download: its catalog name, the page that documents it, and its files.</summary>
/// <param name="Name">The catalog name (<c>mnist</c>, <c>fashion-mnist</c>, <c>cifar10</c>, <c>cifar100</c>).</param>
/// <param name="Page">The publisher's page, where the checksums are given.</param>
/// <param name="Files">The files, in download order.</param>
public sealed record PublishedDataset(string Name, Uri Page, IReadOnlyList<PublishedFile> Files);
