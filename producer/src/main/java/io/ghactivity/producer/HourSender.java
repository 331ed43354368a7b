package io.ghactivity.producer;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Topics;
import io.ghactivity.contracts.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns the lines of one hour file into records: a valid event goes to the events topic (value = the line bytes
 * exactly, key = id, timestamp = created_at, headers = type, file, line), anything else to the DLQ with its reason.
 */
final class HourSender {
    private static final byte[] DIGIT_PAIRS = digitPairs();
    private final Producer<byte[], byte[]> producer;
    private final EventValidator validator;
    private final String topic;
    private HourAcks acks;
    private final ReplayCounters counters;
    private final Pacer pacer;
    private final Refusals refusals;
    private final TopicLimits limits;
    private final Map<String, Header> typeHeaders = new HashMap<>();
    private Header fileHeader;
    private long events;
    private long dlq;

    HourSender(Producer<byte[], byte[]> producer, String topic, TopicLimits limits, ReplayCounters counters, Pacer pacer,
               Refusals refusals) {
        this.producer = producer;
        this.validator = new EventValidator();
        this.topic = topic;
        this.counters = counters;
        this.pacer = pacer;
        this.refusals = refusals;
        this.limits = limits;
    }

    void beginFile(String fileName, HourAcks hourAcks) {
        acks = hourAcks;
        fileHeader = new RecordHeader(Topics.HEADER_SOURCE_FILE, fileName.getBytes(StandardCharsets.UTF_8));
        events = 0;
        dlq = 0;
    }

    long events() {
        return events;
    }

    long dlq() {
        return dlq;
    }

    /** Sends one item: validated lines, an oversized line or a damaged tail (plain lines are validated here). */
    void handle(Object item) throws InterruptedException {
        if (item instanceof ReadItem.Lines plain) {
            item = ValidatedLines.of(plain, validator);
        }
        if (item instanceof ValidatedLines v) {
            ReadItem.Lines lines = v.lines();
            for (int i = 0; i < lines.count(); i++) {
                boolean last = lines.lastUnterminated() && i == lines.count() - 1;
                line(lines.buf(), lines.starts()[i], lines.ends()[i], lines.lineNumbers()[i], last, v.verdicts()[i]);
            }
        } else if (item instanceof ReadItem.Oversized o) {
            reject(o.head(), DlqReason.OVERSIZED, "line of " + o.length() + " bytes exceeds the limit of "
                    + Topics.MAX_EVENT_BYTES + "; the value holds its first " + o.head().length + " bytes", o.lineNumber());
        } else if (item instanceof ReadItem.Damaged d && d.reason() == DlqReason.GZIP_JUNK) {
            reject(d.tail(), d.reason(), d.detail(), d.lineNumber());
        } else if (item instanceof ReadItem.Damaged d) {
            reject(d.tail(), d.reason(), d.detail() + " (after line " + (d.lineNumber() - 1) + "; value = the "
                    + d.tail().length + " decompressed bytes after the last complete line)", d.lineNumber());
        }
    }

    private void line(byte[] buf, int start, int end, long lineNumber, boolean unterminated, Verdict v) throws InterruptedException {
        byte[] value = Arrays.copyOfRange(buf, start, end);
        if (!v.isValid()) {
            // A final line without '\n' that does not parse is the archive's "file cut mid-event" defect.
            DlqReason reason = unterminated ? DlqReason.TRUNCATED_LINE : v.reason();
            String detail = unterminated ? "last line has no newline and is invalid (" + v.reason().code() + ": " + v.detail() + ")" : v.detail();
            reject(value, reason, detail, lineNumber);
            return;
        }
        if (value.length > limits.maxEventBytes()) { // only below our own limit when the topic was made smaller
            reject(value, DlqReason.OVERSIZED, "event of " + value.length + " bytes is larger than topic " + topic
                    + " accepts (max.message.bytes " + limits.maxMessageBytes() + ")", lineNumber);
            return;
        }
        pacer.await(v.event().createdAtMillis());
        // The type and file headers are immutable, so one instance each serves every record that carries them.
        RecordHeaders headers = new RecordHeaders(new Header[] {
                typeHeaders.computeIfAbsent(v.event().type(), t -> new RecordHeader(Topics.HEADER_TYPE, t.getBytes(StandardCharsets.UTF_8))),
                fileHeader, new RecordHeader(Topics.HEADER_SOURCE_LINE, ascii(lineNumber))});
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, v.event().createdAtMillis(),
                ascii(v.event().id()), value, headers);
        acks.sending();
        producer.send(record, refusals.forEvent(acks, record, lineNumber));
        events++;
        counters.events.incrementAndGet();
    }

    private void reject(byte[] value, DlqReason reason, String detail, long lineNumber) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_DLQ_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_DLQ_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        headers.add(fileHeader);
        headers.add(Topics.HEADER_SOURCE_LINE, ascii(lineNumber));
        acks.sending();
        producer.send(new ProducerRecord<>(Topics.DLQ, null, null, null, value, headers), acks.dlq);
        dlq++;
        counters.rejected(reason);
    }

    /** "000102…9899": the two digits of 0..99 at [2n, 2n + 1]. */
    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int n = 0; n < 100; n++) {
            pairs[2 * n] = (byte) ('0' + n / 10);
            pairs[2 * n + 1] = (byte) ('0' + n % 10);
        }
        return pairs;
    }

    /** Decimal ASCII of a non-negative long without an intermediate String, two digits per division. */
    static byte[] ascii(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        byte[] b = new byte[n];
        int i = n;
        while (v >= 100) {
            int pair = (int) (v % 100) * 2;
            v /= 100;
            b[--i] = DIGIT_PAIRS[pair + 1];
            b[--i] = DIGIT_PAIRS[pair];
        }
        if (v >= 10) {
            b[--i] = DIGIT_PAIRS[(int) v * 2 + 1];
            b[--i] = DIGIT_PAIRS[(int) v * 2];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        return b;
    }
}
