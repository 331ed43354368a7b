package io.ghactivity.producer.source;

import java.io.InputStream;

/**
 * One opened hour: the stream of its bytes and whether they are gzip-compressed.
 *
 * @param fileName name carried in the records' source header, e.g. {@code 2022-06-05-7.json.gz}
 */
public record HourInput(String fileName, InputStream in, boolean gzip) {
}
