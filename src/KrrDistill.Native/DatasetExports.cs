using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Data.Downloads;
using KrrDistill.Data.Images;

namespace KrrDistill.Native;

/// <summary>
/// The catalog's data sets from Python: <c>krr_dataset_fetch</c> (what <c>krr-distill fetch</c> does) and
/// <c>krr_dataset_load</c> (a data set by name or path, fetched first with <c>"download": true</c>), whose handle gives the
/// shape and a copy of each split. Options (JSON): <c>data_dir</c>, <c>download</c>, <c>mirror</c>, <c>timeout</c> (s), and for
/// image folders <c>image_height</c>, <c>image_width</c>, <c>normalize</c>, <c>skip_bad_images</c>, <c>seed</c>.
/// </summary>
internal static unsafe partial class Exports
{
    /// <summary>
    /// Fetches the data set <paramref name="name"/> into the cache (or <c>data_dir</c>), verified against its publisher's
    /// checksums; writes what was verified as JSON (directory, files with URL, bytes, MD5, SHA-256) into
    /// <paramref name="buffer"/>, cut to <paramref name="capacity"/>; <paramref name="needed"/> gets the bytes the whole text needs.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_dataset_fetch", CallConvs = [typeof(CallConvCdecl)])]
    public static int DatasetFetch(byte* name, byte* options, byte* buffer, int capacity, int* needed) => NativeCall.Run(() =>
    {
        string dataset = NativeCall.ReadUtf8(name);
        PublishedDataset published = Publishers.Find(dataset)
            ?? throw new InputException("name: " + Publishers.CannotFetch(dataset));
        FetchResult result = DatasetFetcher.Fetch(published, FetchOptionsOf(NativeOptions.Parse(options)));
        *needed = NativeCall.WriteUtf8(JsonText.Of(result.ToJson()), buffer, capacity);
    });

    /// <summary>Loads the data set <paramref name="name"/> (a catalog name, an .npz/.csv file or an NPY directory) as a handle.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_dataset_load", CallConvs = [typeof(CallConvCdecl)])]
    public static int DatasetLoad(byte* name, byte* options, nint* handle) => NativeCall.Run(() =>
    {
        string dataset = NativeCall.ReadUtf8(name);
        NativeOptions o = NativeOptions.Parse(options);
        string? dataDirectory = o.Text("data_dir");
        if (o.Bool("download") == true)
        {
            _ = DatasetFetcher.FetchIfMissing(dataset, dataDirectory, FetchOptionsOf(o));
        }

        *handle = Handles.New(DatasetCatalog.Load(dataset, dataDirectory, ImageFolderOptionsOf(dataset, o)));
    });

    /// <summary>An image folder's options (image_height and image_width, normalize, skip_bad_images, seed); refused for other data sets.</summary>
    private static ImageFolderOptions? ImageFolderOptionsOf(string dataset, NativeOptions o)
    {
        string[] keys = ["image_height", "image_width", "normalize", "skip_bad_images"];
        if (!DatasetCatalog.IsImageFolder(dataset))
        {
            return keys.FirstOrDefault(o.Has) is { } key
                ? throw new InputException($"{(key.StartsWith("image_", StringComparison.Ordinal) ? "image_size" : key)} applies to image folders ('folder:PATH') only; {Printable.Escape(dataset)} is not one.")
                : null;
        }

        (int? height, int? width) = (o.Int("image_height"), o.Int("image_width"));
        if (height.HasValue != width.HasValue)
        {
            throw new InputException("image_size needs both a height and a width.");
        }

        return new ImageFolderOptions
        {
            Size = height is { } h && width is { } w ? (h, w) : null,
            Scaling = o.Text("normalize") is { } scaling ? ImageScaling.Parse(scaling) : ImageScaling.Unit,
            SkipUnreadable = o.Bool("skip_bad_images") ?? false,
            Seed = o.Int("seed") ?? 0,
        };
    }

    /// <summary>
    /// The shape of split <paramref name="split"/> (0 train, 1 test): samples, values per sample, classes, the element
    /// type of <c>krr_dataset_copy</c>'s x (2: uint8 pixels as stored; 0: float64 inputs), and the image shape
    /// (channels, height, width; 0 for non-image data).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_dataset_shape", CallConvs = [typeof(CallConvCdecl)])]
    public static int DatasetShape(nint handle, int split, long* n, int* d, int* classes, int* dtype, int* channels, int* height, int* width) => NativeCall.Run(() =>
    {
        Dataset data = Split(handle, split);
        (*n, *d, *classes) = (data.Count, data.Dimension, data.Classes);
        *dtype = data.IsBytes ? NativeArrays.UInt8 : NativeArrays.Float64;
        (*channels, *height, *width) = data.ImageShape is { } s ? (s.Channels, s.Height, s.Width) : (0, 0, 0);
    });

    /// <summary>Copies split <paramref name="split"/>: x (n×d, the dtype <c>krr_dataset_shape</c> gives) and y (n int64).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_dataset_copy", CallConvs = [typeof(CallConvCdecl)])]
    public static int DatasetCopy(nint handle, int split, void* x, long* y) => NativeCall.Run(() =>
    {
        Dataset data = Split(handle, split);
        if (data.RawBytes is { } pixels)
        {
            pixels.AsSpan().CopyTo(new Span<byte>(x, pixels.Length));
        }
        else
        {
            const int Rows = 4096;
            for (int first = 0; first < data.Count; first += Rows)
            {
                int count = Math.Min(Rows, data.Count - first);
                data.CopyInputs(first, count, new Span<double>((double*)x + ((long)first * data.Dimension), count * data.Dimension));
            }
        }

        for (int i = 0; i < data.Count; i++)
        {
            y[i] = data.Labels[i];
        }
    });

    private static Dataset Split(nint handle, int split)
    {
        DatasetPair pair = Handles.Get<DatasetPair>(handle);
        return split switch
        {
            0 => pair.Train,
            1 => pair.Test,
            _ => throw new InputException($"split: {split} is not 0 (train) or 1 (test)."),
        };
    }

    private static FetchOptions FetchOptionsOf(NativeOptions o) => FetchOptions.For(o.Text("data_dir"), o.Text("mirror"), o.Double("timeout"));
}
