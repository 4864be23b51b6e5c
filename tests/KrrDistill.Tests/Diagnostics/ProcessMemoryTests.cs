using KrrDistill.Diagnostics;

namespace KrrDistill.Tests.Diagnostics;

/// <summary>The /proc/self/status reader handles every width of number the kernel prints.</summary>
public class ProcessMemoryTests
{
    [Theory]
    [InlineData("VmHWM:\t  406628 kB", 406628.0)]
    [InlineData("VmHWM:\t12345678 kB", 12345678.0)]
    [InlineData("VmHWM:\t123456789 kB", 123456789.0)]
    [InlineData("VmHWM: 5 kB", 5.0)]
    public void StatusLines_OfAnyWidth_AreRead(string line, double expected) => Assert.Equal(expected, ProcessMemory.StatusKilobytes(line));

    [Fact]
    public void ALineWithoutANumber_GivesNull() => Assert.Null(ProcessMemory.StatusKilobytes("VmHWM:"));

    [Fact]
    public void ThisProcess_HasAPositivePeak() => Assert.True(ProcessMemory.PeakMegabytes() > 0);
}
