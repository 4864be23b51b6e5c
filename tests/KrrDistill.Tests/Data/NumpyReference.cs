namespace KrrDistill.Tests.Data;

/// <summary>
/// Bytes written by numpy 1.24.2 (Debian python3-numpy), captured once with <c>/usr/bin/python3</c> so the
/// tests need no Python: <c>f = io.BytesIO(); np.save(f, a); base64.b64encode(f.getvalue())</c>, or
/// <c>np.lib.format.write_array(f, a, version=…)</c> and <c>np.savez</c>/<c>np.savez_compressed</c> where noted.
/// </summary>
internal static class NumpyReference
{
    /// <summary><c>np.arange(3.0)</c>: 128-byte header, 24 data bytes.</summary>
    public const string Arange3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEA=";

    /// <summary><c>np.array([[1, 2, 3], [4, 5, -6]], dtype='&lt;i8')</c>.</summary>
    public const string Int64TwoByThree = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAAUAAAAAAAAA+v////////8=";

    /// <summary><c>np.array('identity')</c>: 0-d <c>&lt;U8</c>.</summary>
    public const string StringIdentity = "k05VTVBZAQB2AHsnZGVzY3InOiAnPFU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAppAAAAZAAAAGUAAABuAAAAdAAAAGkAAAB0AAAAeQAAAA==";

    /// <summary><c>np.array(2.5)</c>: 0-d float64.</summary>
    public const string Scalar2Point5 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAEQA==";

    /// <summary><c>np.arange(6, dtype=np.uint8).reshape(2, 3)</c>.</summary>
    public const string UInt8TwoByThree = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBAU=";

    /// <summary><c>np.array([1.5, -2.0], dtype='&lt;f4')</c>.</summary>
    public const string Float32Pair = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwA==";

    /// <summary><c>np.zeros((0, 4))</c>.</summary>
    public const string EmptyZeroByFour = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDQpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    /// <summary><c>np.array(['ab', 'c'])</c>: 1-D <c>&lt;U2</c>.</summary>
    public const string StringVector = "k05VTVBZAQB2AHsnZGVzY3InOiAnPFUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAphAAAAYgAAAGMAAAAAAAAA";

    /// <summary><c>np.arange(3.0).reshape(3, 1)</c>.</summary>
    public const string ThreeByOne = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDEpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEA=";

    /// <summary><c>np.asfortranarray(np.arange(6.0).reshape(2, 3))</c>: <c>fortran_order: True</c>.</summary>
    public const string FortranOrder = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=";

    /// <summary><c>np.array([1, 'a', None], dtype=object)</c>: dtype <c>|O</c>, pickled data.</summary>
    public const string ObjectArray = "k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAA2NudW1weS5jb3JlLm11bHRpYXJyYXkKX3JlY29uc3RydWN0CnEAY251bXB5Cm5kYXJyYXkKcQFLAIVxAkMBYnEDh3EEUnEFKEsBSwOFcQZjbnVtcHkKZHR5cGUKcQdYAgAAAE84cQiJiIdxCVJxCihLA1gBAAAAfHELTk5OSv////9K/////0s/dHEMYoldcQ0oSwFYAQAAAGFxDk5ldHEPYi4=";

    /// <summary><c>np.array([[1.0, 2.0]])</c> written with <c>version=(2, 0)</c>.</summary>
    public const string Version2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA";

    /// <summary><c>np.array('héllo ✓')</c> written with <c>version=(3, 0)</c>.</summary>
    public const string Version3 = "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8VTcnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApoAAAA6QAAAGwAAABsAAAAbwAAACAAAAATJwAA";

    /// <summary><c>np.array([1.0, 2.0], dtype='&gt;f8')</c>: big-endian.</summary>
    public const string BigEndian = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/8AAAAAAAAEAAAAAAAAAA";

    /// <summary><c>np.array([7, -1], dtype='&lt;i4')</c>.</summary>
    public const string Int32Pair = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoHAAAA/////w==";

    /// <summary><c>np.array([True, False])</c>: dtype <c>|b1</c>.</summary>
    public const string BoolPair = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAA==";

    /// <summary>
    /// <c>np.savez(f, x_s=np.arange(4.0).reshape(2, 2), meta_json=np.array('{"a": 1}'), image_shape=np.array([1, 2, 2], dtype=np.int64))</c>
    /// (stored entries with zip64 extra fields, as numpy writes them).
    /// </summary>
    public const string Npz = "UEsDBBQAAAAAAAAAIQCjIIiEoAAAAKAAAAAHABQAeF9zLm5weQEAEACgAAAAAAAAAKAAAAAAAAAAk05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEAAAAAAAAAIQFBLAwQUAAAAAAAAACEAZFKoqKAAAACgAAAADQAUAG1ldGFfanNvbi5ucHkBABAAoAAAAAAAAACgAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxVOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKewAAACIAAABhAAAAIgAAADoAAAAgAAAAMQAAAH0AAABQSwMEFAAAAAAAAAAhACKR/0KYAAAAmAAAAA8AFABpbWFnZV9zaGFwZS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQAAAAAAAAACAAAAAAAAAAIAAAAAAAAAUEsBAhQDFAAAAAAAAAAhAKMgiISgAAAAoAAAAAcAAAAAAAAAAAAAAIABAAAAAHhfcy5ucHlQSwECFAMUAAAAAAAAACEAZFKoqKAAAACgAAAADQAAAAAAAAAAAAAAgAHZAAAAbWV0YV9qc29uLm5weVBLAQIUAxQAAAAAAAAAIQAikf9CmAAAAJgAAAAPAAAAAAAAAAAAAACAAbgBAABpbWFnZV9zaGFwZS5ucHlQSwUGAAAAAAMAAwCtAAAAkQIAAAAA";

    /// <summary><c>np.savez_compressed(f, b=np.arange(5, dtype=np.uint8), a=np.array(0.5))</c> (deflated entries).</summary>
    public const string NpzCompressed = "UEsDBBQAAAAIAAAAIQDSQj9HSQAAAIUAAAAFABQAYi5ucHkBABAAhQAAAAAAAABJAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loF5Taqiuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GqY6mjoKtQoUAC4GRiZmFgBQSwMEFAAAAAgAAAAhAHDukmlHAAAAiAAAAAUAFABhLm5weQEAEACIAAAAAAAAAEcAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNmoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkamjoKtQoUAS4GMHhgDwBQSwECFAMUAAAACAAAACEA0kI/R0kAAACFAAAABQAAAAAAAAAAAAAAgAEAAAAAYi5ucHlQSwECFAMUAAAACAAAACEAcO6SaUcAAACIAAAABQAAAAAAAAAAAAAAgAGAAAAAYS5ucHlQSwUGAAAAAAIAAgBmAAAA/gAAAAAA";

    public static byte[] Bytes(string base64) => Convert.FromBase64String(base64);
}
