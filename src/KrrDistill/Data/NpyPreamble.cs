namespace KrrDistill.Data;

/// <summary>
/// What an NPY array's header says, read without its data (<see cref="NpyReader.ReadPreamble"/>): its dtype, memory
/// order, shape, element count and type, and a phrase for messages.
/// </summary>
internal sealed record NpyPreamble(string Descr, bool FortranOrder, int[] Shape, long Count, NpyReader.ElementType Type, string Promised)
{
    /// <summary>Bytes of data the header promises.</summary>
    public long DataBytes => Count * Type.ItemSize;
}
