namespace ImageClone.Tests.Support;

public class PseudoRandomStreamFixtureTests
{
    [Test]
    public void Read_OddSizedPieces_GivesSameBytesAsOneRead()
    {
        var whole = ReadAll(new PseudoRandomStream(42, 10_007), 10_007);
        using var pieces = new PseudoRandomStream(42, 10_007);
        var assembled = new MemoryStream();
        var buffer = new byte[13];
        int read;
        while ((read = pieces.Read(buffer, 0, buffer.Length)) > 0)
        {
            assembled.Write(buffer, 0, read);
        }

        assembled.ToArray().Should().Equal(whole);
    }

    [Test]
    public void Seek_ToOffset_ReadsSameBytesAsFromStart()
    {
        var whole = ReadAll(new PseudoRandomStream(7, 4096), 4096);
        using var stream = new PseudoRandomStream(7, 4096);

        stream.Seek(1001, SeekOrigin.Begin);

        ReadAll(stream, 3095).Should().Equal(whole[1001..]);
    }

    [Test]
    public void Read_DifferentSeeds_GiveDifferentBytes()
    {
        ReadAll(new PseudoRandomStream(1, 64), 64).Should().NotEqual(ReadAll(new PseudoRandomStream(2, 64), 64));
    }

    private static byte[] ReadAll(Stream stream, int expected)
    {
        using (stream)
        {
            var bytes = new byte[expected + 1];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            read.Should().Be(expected);
            return bytes[..read];
        }
    }
}
