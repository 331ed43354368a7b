package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.source.HourInput;
import io.ghactivity.producer.source.HourSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Replays a range of hours into Kafka, hour by hour: per file, a reader thread decompresses and splits it into line
 * chunks, a validator thread checks every line, and this thread turns them into records. When a file is fully handed
 * to the producer, {@link MarkerWriter} waits for all of its acks, sends its {@link HourEndMarker}, waits for that ack
 * and records the hour as delivered (crash safety, see {@link ReplayState}) — while the next file is already flowing.
 */
public final class Replay {
    private static final Object END = new Object();

    private final ReplayConfig config;
    private final PrintStream err;
    private final ReplayCounters counters = new ReplayCounters();
    private final List<GhArchiveHour> missing = new ArrayList<>();
    private final String runId = UUID.randomUUID().toString();
    private volatile boolean stopped;
    private Pacer pacer;

    public Replay(ReplayConfig config, PrintStream err) {
        this.config = config;
        this.err = err;
    }

    /** Asks a running replay (typically in follow mode) to stop after the hour in progress. */
    public void stop() {
        stopped = true;
    }

    public ReplayTotals run() throws InterruptedException {
        TopicSetup.EventsTopic topic = TopicSetup.prepare(config.kafka(), config.topic(), config.partitions(),
                config.retentionBytes(), config.connectTimeout());
        TopicLimits limits = TopicLimits.of(topic.maxMessageBytes());
        if (limits.belowOurs()) {
            err.printf("replay: %s accepts records up to %,d bytes (its max.message.bytes): events over %,d bytes go to "
                    + "the DLQ as oversized, batches are cut at %,d bytes%n", config.topic(), topic.maxMessageBytes(),
                    limits.maxEventBytes(), limits.batchBytes());
        }
        ReplayState state = new ReplayState(config.stateDir());
        long total = config.follow() ? 0 : GhArchiveHour.rangeInclusive(config.from(), config.to()).size();
        if (state.deliveredCount() > 0) {
            err.printf("replay: resuming: %d hour(s) already delivered according to %s are skipped%n",
                    state.deliveredCount(), config.stateDir());
        }
        DeliveryTracker tracker = new DeliveryTracker();
        Properties producerSettings = config.kafka().producer();
        producerSettings.put(ProducerConfig.BATCH_SIZE_CONFIG, limits.batchBytes());
        Optional<HourInflater> inflater = config.source().gzipFiles() ? config.gunzip().inflater(err) : Optional.empty();
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings);
        try (HourOpener opener = new HourOpener(config.source(), inflater.orElse(null), config.follow());
             Progress progress = new Progress(counters, total, config.progressEvery(), err);
             Refusals refusals = new Refusals(producer, counters, err);
             MarkerWriter markers = new MarkerWriter(producer, tracker, state, config.source(), counters, config.topic(),
                     runId, config.connectTimeout().plusMinutes(5))) {
            pacer = new Pacer(config.speed());
            HourSender sender = new HourSender(producer, config.topic(), limits, counters, pacer, refusals);
            GhArchiveHour hour = config.from();
            if (config.resumeFollow() && state.lastDelivered().map(h -> h.next().compareTo(config.from()) < 0).orElse(false)) {
                hour = state.lastDelivered().get().next();
                err.printf("replay: follow: resuming after %s, the last hour delivered before the restart%n", hour.previous());
            }
            FollowGaps gaps = new FollowGaps();
            while (!stopped && (config.follow() || hour.compareTo(config.to()) <= 0)) {
                if (config.follow()) {
                    lookForOverdueHours(gaps, state, sender, tracker, markers);
                }
                if (state.isDelivered(hour)) {
                    counters.hoursDone.incrementAndGet();
                    hour = hour.next();
                    continue;
                }
                markers.throwIfFailed();
                Optional<HourInput> input;
                try {
                    input = opener.open(hour);
                } catch (IOException e) {
                    recordFinishedHours(producer, markers);
                    throw e;
                }
                if (input.isEmpty()) {
                    if (config.follow()) {
                        if (Instant.now().isBefore(hour.endInstant().plus(config.maxPublishDelay())) && !published(hour.next())) {
                            sleepPolling(); // not yet published: GH Archive uploads in order, a few minutes after the hour
                            continue;
                        }
                        // A later hour is out (or this one is long overdue): do not hold everything back for it.
                        state.markOverdue(hour);
                        gaps.lookedAt(hour);
                        err.printf("replay: follow: %s is not published while later hours are (or it ended over %s ago);"
                                + " going on, and looking for it again every %s until %s%n", hour,
                                config.maxPublishDelay(), config.pollInterval(), giveUpAt(hour));
                        counters.hoursDone.incrementAndGet();
                        hour = hour.next();
                        continue;
                    }
                    err.printf("replay: %s: missing at the source (%s), skipped%n", hour, config.source().describe());
                    missing.add(hour);
                    counters.hoursDone.incrementAndGet();
                    hour = hour.next();
                    continue;
                }
                nextToDeliver(hour, state).ifPresent(opener::openAhead);
                deliver(hour, input.get(), sender, tracker, markers);
                hour = hour.next();
            }
            producer.flush();
            markers.drain();
            ReplayTotals summary = new ReplayTotals(markers.delivered.get(), counters.events.get(), counters.dlq.get(),
                    List.copyOf(missing), counters.bytes.get(), progress.elapsedSeconds());
            progress.print();
            printDlqCounts();
            opener.gunzipSummary().ifPresent(line -> err.println("replay: " + line));
            if (refusals.resent() > 0) {
                err.printf("replay: %d event(s) shared a batch with an event the broker refused and were sent again%n",
                        refusals.resent());
            }
            return summary;
        } catch (IOException e) {
            throw new UserError("cannot read from " + config.source().describe() + ": " + e.getMessage(), e);
        } finally {
            // On success everything is already acked; on failure, do not wait the whole delivery timeout to exit.
            producer.close(Duration.ofSeconds(30));
        }
    }

    private void deliverHour(GhArchiveHour hour, HourInput input, HourSender sender, HourAcks acks, MarkerWriter markers)
            throws InterruptedException, IOException {
        sender.beginFile(input.fileName(), acks);
        // Three stages, one thread each, so decompression, parsing and compression/sending overlap on the cores:
        // reader (gunzip + split) -> validator (EventValidator per line) -> this thread (records -> producer).
        BlockingQueue<Object> split = new ArrayBlockingQueue<>(8);
        BlockingQueue<Object> validated = new ArrayBlockingQueue<>(8);
        Thread reader = daemon("replay-reader-" + hour, () -> read(input, split));
        Thread validator = daemon("replay-validator-" + hour, () -> validate(split, validated));
        try {
            for (Object item = validated.take(); item != END; item = validated.take()) {
                if (item instanceof IOException e) {
                    throw e;
                }
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                sender.handle(item);
                markers.throwIfFailed(); // a failed send of an earlier hour stops the run early
            }
        } finally {
            reader.interrupt();
            validator.interrupt();
        }
    }

    private void deliver(GhArchiveHour hour, HourInput input, HourSender sender, DeliveryTracker tracker,
                         MarkerWriter markers) throws InterruptedException, IOException {
        markers.beginHour();
        HourAcks acks = new HourAcks(tracker);
        pacer.window(hour.startInstant().toEpochMilli(), hour.endInstant().toEpochMilli());
        deliverHour(hour, input, sender, acks, markers);
        markers.close(hour, input.fileName(), sender.events(), sender.dlq(), acks);
    }

    /** When follow mode stops looking for an overdue hour and reports it missing. */
    private Instant giveUpAt(GhArchiveHour hour) {
        return hour.endInstant().plus(config.missingRetryFor());
    }

    /** Whether the source has {@code hour} now (for GH Archive this downloads it into the cache, where it is used next). */
    private boolean published(GhArchiveHour hour) throws IOException {
        Optional<HourInput> input = config.source().open(hour);
        if (input.isPresent()) {
            input.get().in().close();
        }
        return input.isPresent();
    }

    /**
     * Follow mode: looks again, at most once per poll interval each, for the overdue hours of this run and of earlier
     * runs (the state keeps them); delivers one that has appeared, out of order, and reports one whose time is up as
     * missing for good.
     */
    private void lookForOverdueHours(FollowGaps gaps, ReplayState state, HourSender sender, DeliveryTracker tracker,
                                     MarkerWriter markers) throws IOException, InterruptedException {
        for (GhArchiveHour gap : state.overdue()) {
            if (stopped || state.isDelivered(gap) || gaps.delivering.contains(gap) || !gaps.due(gap, config.pollInterval())) {
                continue; // delivered (or on its way: its marker records it) or looked for recently
            }
            gaps.lookedAt(gap);
            Optional<HourInput> input = config.source().open(gap);
            if (input.isPresent()) {
                err.printf("replay: follow: %s, overdue, is published now: delivering it%n", gap);
                gaps.delivering.add(gap);
                deliver(gap, input.get(), sender, tracker, markers); // its marker records it as delivered and found
            } else if (Instant.now().isAfter(giveUpAt(gap))) {
                err.printf("replay: follow: %s is still not published %s after it ended: reported missing, not looked for"
                        + " again%n", gap, config.missingRetryFor());
                state.resolveGap(gap, false);
                missing.add(gap);
            }
        }
    }

    /** When each overdue hour was last looked for, so a poll loop does not ask the source for it every time round. */
    private static final class FollowGaps {
        private final Map<GhArchiveHour, Long> lastLook = new java.util.HashMap<>();
        private final java.util.Set<GhArchiveHour> delivering = new java.util.HashSet<>();

        boolean due(GhArchiveHour hour, Duration every) {
            Long last = lastLook.get(hour);
            return last == null || System.nanoTime() - last >= every.toNanos();
        }

        void lookedAt(GhArchiveHour hour) {
            lastLook.put(hour, System.nanoTime());
        }
    }

    /**
     * Before stopping on a source that keeps failing: lets the hours already sent get their markers and their place in
     * the state, so the rerun the message asks for starts at the hour that failed, not before it.
     */
    private void recordFinishedHours(Producer<byte[], byte[]> producer, MarkerWriter markers) {
        try {
            producer.flush();
            markers.drain();
        } catch (RuntimeException | InterruptedException e) {
            err.println("replay: could not finish the hours already sent (they are redone by the rerun): " + e.getMessage());
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Validator thread: attaches a verdict to every line; other items and errors pass through unchanged. */
    private static void validate(BlockingQueue<Object> in, BlockingQueue<Object> out) {
        EventValidator validator = new EventValidator();
        try {
            for (Object item = in.take(); ; item = in.take()) {
                out.put(item instanceof ReadItem.Lines lines ? ValidatedLines.of(lines, validator) : item);
                if (item == END || item instanceof Exception) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sender gave up on this hour
        } catch (RuntimeException e) {
            out.offer(e);
        }
    }

    /** Reader thread: decompress, split, hand over; errors travel through the queue to the sender thread. */
    private void read(HourInput input, BlockingQueue<Object> queue) {
        try (InputStream in = input.in()) {
            LineChunker chunker = new LineChunker(in, input.gzip(), LineChunker.DEFAULT_CHUNK, Topics.MAX_EVENT_BYTES);
            long counted = 0;
            for (ReadItem item = chunker.next(); item != null; item = chunker.next()) {
                counters.bytes.addAndGet(chunker.bytesRead() - counted);
                counted = chunker.bytesRead();
                queue.put(item);
            }
            counters.bytes.addAndGet(chunker.bytesRead() - counted);
            in.close(); // before END: a decoded hour's buffer must be free again when the run ends (HourInflater.close)
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sender gave up on this hour
        } catch (IOException | RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The hour after {@code hour} that this run will deliver, if any: the one worth opening ahead. */
    private Optional<GhArchiveHour> nextToDeliver(GhArchiveHour hour, ReplayState state) {
        GhArchiveHour next = hour.next();
        while (state.isDelivered(next) && (config.follow() || next.compareTo(config.to()) <= 0)) {
            next = next.next();
        }
        return config.follow() || next.compareTo(config.to()) <= 0 ? Optional.of(next) : Optional.empty();
    }

    private void sleepPolling() throws InterruptedException {
        long until = System.nanoTime() + config.pollInterval().toNanos();
        while (!stopped && System.nanoTime() < until) {
            Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private void printDlqCounts() {
        Map<DlqReason, Long> byReason = counters.dlqByReason();
        if (!byReason.isEmpty()) {
            StringBuilder sb = new StringBuilder("replay: DLQ by reason:");
            byReason.forEach((r, n) -> sb.append(' ').append(r.code()).append('=').append(n));
            err.println(sb);
        }
    }
}
