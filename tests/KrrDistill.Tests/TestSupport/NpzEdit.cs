using KrrDistill.Data;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Copies an .npz archive with some keys removed or replaced, to make broken artefacts.</summary>
internal static class NpzEdit
{
    public static void Rewrite(string source, string target, Action<OrderedDictionary<string, NpyArray>> edit)
    {
        NpzArchive archive = NpzReader.Read(source);
        var arrays = new OrderedDictionary<string, NpyArray>(archive, StringComparer.Ordinal);
        edit(arrays);
        NpzWriter.Write(target, arrays);
    }
}
