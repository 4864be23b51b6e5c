namespace KrrDistill.Cli;

/// <summary>How the test inputs were normalized relative to the artefact's <c>input_mean</c>/<c>input_std</c>/<c>input_divisor</c>.</summary>
internal enum TestNormalization
{
    /// <summary>The data set's normalization is the artefact's.</summary>
    Same,

    /// <summary>The pixels were re-normalized with the artefact's normalization, which differs from the data set's default.</summary>
    Artefact,

    /// <summary>They differ, and the data set's (real-valued) inputs were used as they are.</summary>
    DataSetDiffers,
}
