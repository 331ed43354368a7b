package io.ghactivity.producer.source;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * One opened hour: the stream of its bytes and whether they are gzip-compressed.
 *
 * @param fileName name carried in the records' source header, e.g. {@code 2022-06-05-7.json.gz}
 * @param file     the local file {@code in} reads, when there is one (lets the replay decode it whole with
 *                 libdeflate); null for generated input
 */
public record HourInput(String fileName, InputStream in, boolean gzip, Path file) {
    /** An hour with no local file behind it. */
    public HourInput(String fileName, InputStream in, boolean gzip) {
        this(fileName, in, gzip, null);
    }
}
