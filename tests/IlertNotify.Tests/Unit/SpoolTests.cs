using System.Text;
using IlertNotify.Events;
using IlertNotify.Settings;
using IlertNotify.Spool;

namespace IlertNotify.Tests.Unit;

public sealed class SpoolTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ilert-spool-").FullName;

    private static IlertEvent Event(string incident = "h/s") => new()
    {
        Url = new Uri("https://api.ilert.com/api/v1/events/nagios"),
        Incident = incident,
        NotificationType = "PROBLEM",
        Proxy = "environment",
        VerifyTls = true,
        TimeoutSeconds = 10,
        Source = "0123456789abcdef",
        RateBudget = new RateBudget(20, TimeSpan.FromSeconds(30)),
        Created = new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero),
        Body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><event>\n\n</event>"),
    };

    [Theory]
    [InlineData("00000")]
    [InlineData("0")]
    [InlineData("1\n")]
    [InlineData("9223372036854775807\n")]
    [InlineData("9999999999999998\n")]
    [InlineData("0000000000000000001")]
    // Well-formed, as we write it, but below the queue (a backup restored, a hand edit): a hint, not the truth.
    [InlineData("0000000000000000001\n")]
    [InlineData("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0")]
    public void A_damaged_sequence_file_that_still_parses_is_reseeded_so_new_events_sort_after_queued_ones(string damaged)
    {
        var spool = SpoolDirectory.Open(directory);
        var queued = Enumerable.Range(0, 3).Select(i => spool.Add(Event($"h{i}"), DateTimeOffset.UtcNow).Path).ToList();
        File.WriteAllText(spool.SequencePath, damaged);

        var next = spool.Add(Event("h3"), DateTimeOffset.UtcNow).Path;

        Assert.Equal(4, SpoolFileName.SequenceOf(Path.GetFileName(next)));
        Assert.Equal([.. queued, next], spool.EventFiles());
    }

    [Fact]
    public void Names_sort_in_save_order_whatever_the_clock_did_and_after_every_name_of_earlier_versions()
    {
        var now = DateTimeOffset.UtcNow;
        // The clock jumps around, even years back: the sequence alone decides.
        var names = Enumerable.Range(1, 2000).Select(i => SpoolFileName.Next(i * 7919L, now.AddSeconds(i % 3 == 0 ? -3 * i : i))).ToList();
        var earlierVersion = "20991231T235959.9999999Z-0000ffff-000001-7fffffff";

        Assert.Equal(names, names.Order(StringComparer.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(string.CompareOrdinal(earlierVersion, names[0]) < 0);
        Assert.Equal(7919L * 2000, SpoolFileName.SequenceOf(names[^1]));
        Assert.Null(SpoolFileName.SequenceOf(earlierVersion));
    }

    [Fact]
    public void The_sequence_counts_up_across_spool_instances_and_reseeds_from_the_queue_when_its_file_is_lost()
    {
        var spool = SpoolDirectory.Open(directory);
        var first = spool.Add(Event("a"), DateTimeOffset.UtcNow).Path;
        var second = SpoolDirectory.Open(directory).Add(Event("b"), DateTimeOffset.UtcNow.AddHours(-1)).Path;
        File.Delete(spool.SequencePath);
        var third = spool.Add(Event("c"), DateTimeOffset.UtcNow.AddDays(-1)).Path;

        var sequences = new[] { first, second, third }.Select(f => SpoolFileName.SequenceOf(Path.GetFileName(f))).ToArray();
        Assert.Equal(new long?[] { 1, 2, 3 }, sequences);
        Assert.Equal(spool.EventFiles(), new[] { first, second, third });
    }

    [Fact]
    public void A_spool_file_round_trips_with_its_delivery_state()
    {
        var original = Event();
        var next = DateTimeOffset.UnixEpoch.AddDays(20000);

        var (parsed, record) = SpoolFileFormat.Parse(SpoolFileFormat.Serialize(original, new DeliveryRecord(3, next, "HTTP 503 line one\nline two")));

        Assert.Equal(original.Body, parsed.Body);
        Assert.Equal(original with { Body = parsed.Body }, parsed);
        Assert.Equal(new DeliveryRecord(3, next, "HTTP 503 line one line two"), record);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ilert-notify-spool 1\nurl: x")]
    [InlineData("something else\n\nbody")]
    public void Truncated_or_foreign_files_are_format_errors(string content)
    {
        Assert.ThrowsAny<FormatException>(() => SpoolFileFormat.Parse(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void A_header_is_read_without_the_body_even_when_it_is_longer_than_one_read()
    {
        var spool = SpoolDirectory.Open(directory);
        var file = spool.Add(Event(), DateTimeOffset.UtcNow).Path;
        spool.Update(SpoolDirectory.Read(file), new DeliveryRecord(1, null, new string('e', 10_000)));

        var header = SpoolDirectory.ReadHeader(file);

        Assert.Empty(header.Event.Body);
        Assert.Equal(10_000, header.Record.LastError!.Length);
        Assert.Equal(SpoolDirectory.Read(file).Event with { Body = [] }, header.Event);
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_a_format_error_for_the_planner_too()
    {
        var file = Path.Combine(directory, "cut.event");
        File.WriteAllText(file, "ilert-notify-spool 1\nurl: https://x/\nincident: h");

        Assert.Throws<FormatException>(() => SpoolDirectory.ReadHeader(file));
    }

    [Fact]
    public void Events_are_listed_oldest_first_and_temp_files_are_ignored()
    {
        var spool = SpoolDirectory.Open(directory);
        var first = spool.Add(Event("a"), DateTimeOffset.UtcNow).Path;
        var second = spool.Add(Event("b"), DateTimeOffset.UtcNow).Path;
        File.WriteAllText(Path.Combine(directory, "00000000T000000.0000000Z-half-written.tmp"), "ilert-notify-spool 1\nurl");

        Assert.Equal([first, second], spool.EventFiles());
        Assert.Equal("a", SpoolDirectory.Read(first).Event.Incident);
    }

    [Fact]
    public void Only_temp_files_older_than_the_limit_are_removed()
    {
        var spool = SpoolDirectory.Open(directory);
        var old = Path.Combine(directory, "old.tmp");
        var young = Path.Combine(directory, "young.tmp");
        File.WriteAllText(old, "");
        File.WriteAllText(young, "");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        Assert.Equal(1, spool.RemoveStaleTempFiles(TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public void An_update_keeps_the_name_and_so_the_position()
    {
        var spool = SpoolDirectory.Open(directory);
        var file = spool.Add(Event(), DateTimeOffset.UtcNow).Path;

        spool.Update(SpoolDirectory.Read(file), new DeliveryRecord(Attempts: 2));

        Assert.Equal([file], spool.EventFiles());
        Assert.Equal(2, SpoolDirectory.Read(file).Record.Attempts);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void A_failed_event_keeps_its_content_and_gets_a_reason()
    {
        var spool = SpoolDirectory.Open(directory);
        var file = spool.Add(Event(), DateTimeOffset.UtcNow).Path;

        spool.MoveToFailed(file, "status: 401");

        Assert.Empty(spool.EventFiles());
        var failed = Assert.Single(spool.FailedFiles());
        Assert.Equal("h/s", SpoolDirectory.Read(failed).Event.Incident);
        Assert.Equal("status: 401\n", File.ReadAllText(Path.ChangeExtension(failed, ".reason")));
    }

    [Fact]
    public void The_lock_is_exclusive_between_holders_and_free_again_after_release()
    {
        var path = Path.Combine(directory, ".lock");
        using (var held = SpoolLock.TryAcquire(path, TimeSpan.Zero))
        {
            Assert.NotNull(held);
            // flock locks belong to the open file description: a second open is a second contender.
            Assert.Null(SpoolLock.TryAcquire(path, TimeSpan.FromMilliseconds(200)));
        }
        using var again = SpoolLock.TryAcquire(path, TimeSpan.Zero);
        Assert.NotNull(again);
    }

    [Fact]
    public void An_unwritable_spool_is_reported_with_its_path()
    {
        var blocker = Path.Combine(directory, "file-not-dir");
        File.WriteAllText(blocker, "");

        var error = Assert.Throws<SpoolException>(() => SpoolDirectory.Open(Path.Combine(blocker, "spool")));
        Assert.Contains(blocker, error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
