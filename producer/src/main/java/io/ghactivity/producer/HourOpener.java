package io.ghactivity.producer;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.source.HourInput;
import io.ghactivity.producer.source.HourSource;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens the replay's hours, the next one ahead in the background while the current one is sent: a download, or a
 * whole-file libdeflate decode (≈ 0.5 s per 2022 hour), then overlaps the sending instead of stalling it at every hour
 * boundary. Only hours opened ahead are decoded whole; an hour opened when its turn has come (the first one, or one
 * that was not yet published when it was looked for ahead) streams through java.util.zip, because decoding it first
 * would stop the whole pipeline for that long. At most one hour is opened ahead, so at most two decoded hours exist.
 */
final class HourOpener implements AutoCloseable {
    private final HourSource source;
    private final HourInflater inflater; // null: gzip files stream through java.util.zip
    private final boolean reopenAbsent;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replay-open-ahead");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong gzipHours = new AtomicLong();
    private GhArchiveHour aheadHour;
    private Future<Optional<HourInput>> ahead;

    /**
     * @param reopenAbsent follow mode: an hour that was not there when opened ahead is looked for again when its turn
     *                     comes (it may have been published since); a bounded replay takes the first answer
     */
    HourOpener(HourSource source, HourInflater inflater, boolean reopenAbsent) {
        this.source = source;
        this.inflater = inflater;
        this.reopenAbsent = reopenAbsent;
    }

    /** The hour, from the open-ahead if it was for this hour, else opened now; empty if the source does not have it. */
    Optional<HourInput> open(GhArchiveHour hour) throws IOException, InterruptedException {
        if (ahead != null && aheadHour.equals(hour)) {
            Future<Optional<HourInput>> f = ahead;
            ahead = null;
            Optional<HourInput> early = await(f);
            if (early.isPresent() || !reopenAbsent) {
                return early;
            }
        } else {
            discardAhead();
        }
        return openNow(hour, false);
    }

    /** Starts opening {@code hour} in the background; a previous open-ahead that was not used is discarded. */
    void openAhead(GhArchiveHour hour) {
        discardAhead();
        aheadHour = hour;
        ahead = background.submit(() -> openNow(hour, true));
    }

    /** Whether the open-ahead, if any, has finished (tests wait for it). */
    boolean aheadDone() {
        return ahead == null || ahead.isDone();
    }

    private Optional<HourInput> openNow(GhArchiveHour hour, boolean decode) throws IOException, InterruptedException {
        Optional<HourInput> input = source.open(hour);
        input.filter(HourInput::gzip).ifPresent(i -> gzipHours.incrementAndGet());
        if (input.isEmpty() || inflater == null || !decode) {
            return input;
        }
        try {
            return Optional.of(inflater.decode(input.get()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            input.get().in().close();
            throw e;
        }
    }

    /** With an inflater, how many gzip hours it decoded whole and how many streamed, for the end of the run. */
    Optional<String> gunzipSummary() {
        if (inflater == null || gzipHours.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "gunzip: %d of %d gzip hour file(s) decoded whole by libdeflate "
                + "(%,d MB of buffers outside the heap), the rest streamed through java.util.zip (the first hour, hours not "
                + "yet published when looked for ahead, damaged files, several gzip members, over 1.5 GB decoded)",
                inflater.decodedHours(), gzipHours.get(), inflater.nativeBytes() >> 20));
    }

    private static Optional<HourInput> await(Future<Optional<HourInput>> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Waits for an unused open-ahead and closes what it opened, so a decoded hour's buffer is free again. */
    private void discardAhead() {
        if (ahead == null) {
            return;
        }
        Future<Optional<HourInput>> f = ahead;
        ahead = null;
        try {
            Optional<HourInput> unused = await(f);
            if (unused.isPresent()) {
                unused.get().in().close();
            }
        } catch (IOException e) {
            // the hour was not used; it is opened again, and fails again visibly, when its turn comes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the open-ahead without waiting for a download; frees the inflater's memory if no hour is still out. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(true);
            if (ahead.isDone() && !ahead.isCancelled()) {
                try {
                    ahead.get().ifPresent(this::closeQuietly);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // failed in the background and never used: nothing was opened
                }
            }
            ahead = null;
        }
        background.shutdownNow();
        if (inflater != null) {
            inflater.close();
        }
    }

    private void closeQuietly(HourInput input) {
        try {
            input.in().close();
        } catch (IOException e) {
            // closing an unused input; nothing to report
        }
    }
}
