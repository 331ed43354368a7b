package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.DlqReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LineChunkerTest {

    /** Collects lines as "number:text", plus markers for oversized/damaged items. */
    private static List<String> read(byte[] data, boolean gzip, int chunk, int maxLine) throws IOException {
        LineChunker c = new LineChunker(new ByteArrayInputStream(data), gzip, chunk, maxLine);
        List<String> out = new ArrayList<>();
        for (ReadItem item = c.next(); item != null; item = c.next()) {
            if (item instanceof ReadItem.Lines l) {
                for (int i = 0; i < l.count(); i++) {
                    String s = new String(l.buf(), l.starts()[i], l.ends()[i] - l.starts()[i], StandardCharsets.UTF_8);
                    boolean unterminated = l.lastUnterminated() && i == l.count() - 1;
                    out.add(l.lineNumbers()[i] + ":" + s + (unterminated ? "<no-newline>" : ""));
                }
            } else if (item instanceof ReadItem.Oversized o) {
                out.add(o.lineNumber() + ":OVERSIZED " + o.length() + " head=" + o.head().length);
            } else if (item instanceof ReadItem.Damaged d) {
                out.add(d.lineNumber() + ":" + d.reason().code() + " tail=" + new String(d.tail(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsLinesSkipsBlanksKeepsNumbersAndHandlesCrLf() throws IOException {
        assertThat(read(bytes("a\r\n\nbb\n   \nccc\n"), false, 4, 100))
                .containsExactly("1:a", "3:bb", "5:ccc");
    }

    @Test
    void flagsAnUnterminatedLastLine() throws IOException {
        assertThat(read(bytes("one\ntwo"), false, 1024, 100)).containsExactly("1:one", "2:two<no-newline>");
    }

    @Test
    void linesLongerThanTheChunkGrowTheBufferAndLongerThanTheLimitAreOversized() throws IOException {
        String big = "x".repeat(50);
        String huge = "y".repeat(300);
        List<String> lines = read(bytes("a\n" + big + "\n" + huge + "\nb\n"), false, 8, 100);
        assertThat(lines).containsExactly("1:a", "2:" + big, "3:OVERSIZED 300 head=100", "4:b");
    }

    @Test
    void keepsEverythingBeforeATruncatedGzipAndReportsTheTail() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("{\"line\":").append(i).append(",\"pad\":\"").append(Integer.toHexString(i * 7919)).append("\"}\n");
        }
        byte[] gz = gzip(bytes(sb.toString()));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        List<String> lines = read(cut, true, 1024, 1000);
        String last = lines.get(lines.size() - 1);
        assertThat(last).contains("truncated_gzip");
        List<String> good = lines.subList(0, lines.size() - 1);
        assertThat(good).isNotEmpty();
        for (int i = 0; i < good.size(); i++) { // every complete line before the damage, in order
            assertThat(good.get(i)).startsWith((i + 1) + ":{\"line\":" + i + ",");
        }
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("{\"a\":").append(i * 7919L * 31).append("}\n");
        }
        byte[] gz = gzip(bytes(sb.toString()));
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            gz[i] ^= 0x5a;
        }
        List<String> lines = read(gz, true, 1024, 1000);
        assertThat(lines.get(lines.size() - 1)).matches("\\d+:(corrupt_gzip|truncated_gzip) tail=.*");
        assertThat(read(bytes("this is not gzip at all\n"), true, 1024, 1000))
                .containsExactly("1:" + DlqReason.CORRUPT_GZIP.code() + " tail=");
    }

    @Test
    void lineNumbersStayExactAcrossChunksForAnyBytes() throws IOException {
        java.util.Random random = new java.util.Random(42);
        byte[] data = new byte[200_000];
        random.nextBytes(data);
        for (int i = 0; i < data.length; i += 1 + random.nextInt(300)) {
            data[i] = '\n';
        }
        data[data.length - 1] = '\n';
        List<String> lines = read(data, false, 4096, 100_000);
        // independent numbering: the 1-based number of the line each non-blank segment starts on
        List<Long> expected = new ArrayList<>();
        long line = 1;
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                String seg = new String(data, start, i - start, StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                if (!seg.isEmpty() && !seg.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
                    expected.add(line);
                }
                line++;
                start = i + 1;
            }
        }
        List<Long> got = new ArrayList<>();
        for (String l : lines) {
            got.add(Long.parseLong(l.substring(0, l.indexOf(':'))));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void newlineSearchFindsTheFirstNewlineAtEveryOffsetAndAlignment() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[1 + random.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : "\n\u000b\t\r\u008a".charAt(random.nextInt(5)));
            }
            int from = random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(LineChunker.indexOf(b, from, to)).as("round %d", round).isEqualTo(expected);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            bos.writeBytes(p);
        }
        return bos.toByteArray();
    }

    @Test
    void junkBetweenGzipMembersIsReportedAndTheMembersAfterItAreStillRead() throws IOException {
        // GZIPInputStream stopped silently at the junk: "3:c" and "4:d" were lost without a word.
        byte[] file = concat(gzip(bytes("a\nb\n")), bytes("<html>proxy error</html>"), gzip(bytes("c\nd\n")));
        assertThat(read(file, true, 1024, 1000)).containsExactly(
                "1:a", "2:b", "3:" + DlqReason.GZIP_JUNK.code() + " tail=<html>proxy error</html>", "3:c", "4:d");
        // junk that contains the gzip magic bytes but no header, and junk at the very end
        byte[] tricky = concat(gzip(bytes("a\n")), new byte[] {0x1f, (byte) 0x8b, 0x00, 'x'}, gzip(bytes("b\n")), bytes("zz"));
        assertThat(read(tricky, true, 1024, 1000)).containsExactly(
                "1:a", "2:" + DlqReason.GZIP_JUNK.code() + " tail=\u001f\ufffd\u0000x", "2:b",
                "3:" + DlqReason.GZIP_JUNK.code() + " tail=zz");
    }

    @Test
    void junkKeepsItsFirstBytesOnlyAndSaysHowLongItWas() throws IOException {
        byte[] file = concat(gzip(bytes("a\n")), bytes("j".repeat(5000)), gzip(bytes("b\n")));
        LineChunker c = new LineChunker(new ByteArrayInputStream(file), true, 1024, 100);
        assertThat(c.next()).isInstanceOf(ReadItem.Lines.class);
        ReadItem.Damaged junk = (ReadItem.Damaged) c.next();
        assertThat(junk.tail()).hasSize(100);
        assertThat(junk.detail()).startsWith("5000 bytes that are not gzip at byte " + gzip(bytes("a\n")).length
                + " of the compressed file, after line 1");
    }

    @Test
    void membersWithOptionalHeaderFieldsDecodeLikeGzipInputStream() throws IOException {
        byte[] body = gzip(bytes("x\ny\n"));
        // FEXTRA + FNAME + FCOMMENT + FHCRC: set the flags and splice the fields in after the 10-byte header
        byte[] header = Arrays.copyOf(body, 10);
        header[3] = 4 | 8 | 16 | 2;
        byte[] fields = concat(new byte[] {3, 0, 'e', 'x', 't'}, bytes("name.json\0"), bytes("a comment\0"), new byte[] {0, 0});
        byte[] member = concat(header, fields, Arrays.copyOfRange(body, 10, body.length));
        assertThat(read(concat(member, member), true, 1024, 1000)).containsExactly("1:x", "2:y", "3:x", "4:y");
    }

    @Test
    void decodesTheRealSamplesExactlyAsGzipInputStream() throws IOException {
        try (var files = java.nio.file.Files.walk(io.ghactivity.testsupport.ProjectPaths.realSamples())) {
            List<java.nio.file.Path> gz = files.filter(f -> f.toString().endsWith(".gz")).toList();
            assertThat(gz).isNotEmpty();
            for (java.nio.file.Path f : gz) {
                byte[] expected;
                try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(f))) {
                    expected = in.readAllBytes();
                }
                try (var in = new GzipMembers(java.nio.file.Files.newInputStream(f), 100)) {
                    assertThat(in.readAllBytes()).as(f.toString()).isEqualTo(expected);
                    assertThat(in.pollJunk()).isNull();
                }
            }
        }
    }

    @Test
    void aWrongTrailerIsCorruptAndAMemberCutShortIsTruncated() throws IOException {
        byte[] gz = gzip(bytes("a\nb\n"));
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 8] ^= 1;
        assertThat(read(badCrc, true, 1024, 1000)).last().asString().startsWith("3:" + DlqReason.CORRUPT_GZIP.code()); // both lines delivered first
        byte[] cut = Arrays.copyOf(gz, gz.length - 3);
        assertThat(read(cut, true, 1024, 1000)).last().asString().startsWith("3:" + DlqReason.TRUNCATED_GZIP.code());
        assertThat(read(new byte[0], true, 1024, 1000)).containsExactly("1:" + DlqReason.TRUNCATED_GZIP.code() + " tail=");
    }
}
