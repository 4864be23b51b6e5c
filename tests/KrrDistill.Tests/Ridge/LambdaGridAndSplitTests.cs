using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Tests.Ridge;

public class LambdaGridAndSplitTests
{
    [Fact]
    public void GridsAreThePapersGrids()
    {
        double[] fcnn = LambdaGrid.ForFeatureKind(FeatureKind.Fcnn);
        Assert.Equal(24, fcnn.Length);
        Assert.Equal(1e-6, fcnn[0], 1e-20);
        Assert.Equal(Math.Pow(10, 5.5), fcnn[^1], 1e-6);
        double[] identity = LambdaGrid.ForFeatureKind(FeatureKind.Identity);
        Assert.Equal(18, identity.Length);
        Assert.Equal(1e-3, identity[0], 1e-15);
        for (int i = 1; i < fcnn.Length; i++)
        {
            Assert.Equal(Math.Sqrt(10), fcnn[i] / fcnn[i - 1], 1e-12);
        }
    }

    [Fact]
    public void SplitIsSeededDisjointAndComplete()
    {
        (int[] train, int[] validation) = TrainingSplit.Permute(60000, 0.05, seed: 3);
        Assert.Equal(3000, validation.Length);
        Assert.Equal(57000, train.Length);
        Assert.Equal(Enumerable.Range(0, 60000), train.Concat(validation).OrderBy(i => i));
        (int[] again, _) = TrainingSplit.Permute(60000, 0.05, seed: 3);
        Assert.Equal(train, again);
        (int[] other, _) = TrainingSplit.Permute(60000, 0.05, seed: 4);
        Assert.NotEqual(train, other);
    }
}
