package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link FastEventScan} against the Jackson rule it shortcuts: on real GH Archive lines and on
 * hundreds of thousands of mutants of them, whenever the fast scan answers, Jackson must give exactly the same verdict;
 * and on real lines the fast scan must answer (else it would be a slow path with extra steps).
 */
class FastEventScanTest {
    private static final String STAMP = "\"created_at\":\"2022-06-01T00:00:00Z\"";
    /** Bytes that change JSON structure, escapes, numbers, literals and UTF-8, plus a few plain ones. */
    private static final byte[] INTERESTING = "{}[],:\"\\ \t\r\n0123456789-+.eEtrufalsn/bu'xZT".getBytes(StandardCharsets.UTF_8);

    private static List<byte[]> realLines;
    private final EventValidator validator = new EventValidator();

    @BeforeAll
    static void readRealLines() throws IOException {
        Path real = Path.of(System.getProperty("gh.root", "..")).resolve("../shared/data/real").normalize();
        realLines = new ArrayList<>();
        realLines.addAll(lines(gunzip(real.resolve("honeypotio-githubarchive/2015-01-01-12.json.gz"))));
        realLines.addAll(lines(Files.readAllBytes(real.resolve("pinot/2021-07-21-few-hours.json"))));
        realLines.addAll(lines(gunzip(real.resolve("quickwit/gharchive-bulk.json.gz")))); // bulk action lines: rejections
        assertThat(realLines).hasSizeGreaterThan(9000);
    }

    @Test
    void decidesRealEventsItselfWithJacksonsVerdict() {
        int decided = 0;
        int valid = 0;
        for (byte[] line : realLines) {
            Verdict jackson = validator.validateWithJackson(line, 0, line.length);
            Verdict fast = FastEventScan.scan(line, 0, line.length, validator);
            if (fast != FastEventScan.NOT_SURE) {
                assertThat(fast).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(jackson);
                decided++;
            }
            valid += jackson.isValid() ? 1 : 0;
        }
        assertThat(valid).isGreaterThan(9000);
        assertThat(decided).as("real valid lines the fast scan decided itself").isEqualTo(valid);
    }

    @Test
    void agreesWithJacksonOnMutantsOfRealLines() {
        SplittableRandom random = new SplittableRandom(20220601);
        int mutants = 0;
        int decidedValid = 0;
        int rejectedByJackson = 0;
        for (byte[] line : realLines) {
            for (int k = 0; k < 30; k++) {
                byte[] mutant = mutate(line, random);
                Verdict jackson = validator.validateWithJackson(mutant, 0, mutant.length);
                Verdict fast = FastEventScan.scan(mutant, 0, mutant.length, validator);
                if (fast != FastEventScan.NOT_SURE) {
                    assertThat(fast).as("mutant %s", new String(mutant, StandardCharsets.UTF_8)).isEqualTo(jackson);
                    decidedValid++;
                }
                rejectedByJackson += jackson.isValid() ? 0 : 1;
                mutants++;
            }
        }
        // Both kinds must be well represented, or the comparison proves little.
        assertThat(mutants).isGreaterThan(270_000);
        assertThat(rejectedByJackson).isGreaterThan(mutants / 4);
        assertThat(decidedValid).isGreaterThan(mutants / 10);
    }

    @Test
    void agreesWithJacksonOnHandWrittenEdgeCases() {
        List<String> cases = List.of(
                "{\"id\":\"1\",\"type\":\"X\"," + STAMP + "}",
                " \t{\"id\":1,\"type\":\"X\"," + STAMP + "} \r",
                "\uFEFF{\"id\":1,\"type\":\"X\"," + STAMP + "}", // BOM: Jackson skips it, the scan defers
                "{\"id\":0,\"type\":\"X\"," + STAMP + "}",
                "{\"id\":007,\"type\":\"X\"," + STAMP + "}", // leading zeros: not JSON
                "{\"id\":\"007\",\"type\":\"X\"," + STAMP + "}",
                "{\"id\":123456789012345678,\"type\":\"X\"," + STAMP + "}",
                "{\"id\":1234567890123456789,\"type\":\"X\"," + STAMP + "}", // 19 digits: still a long for Jackson
                "{\"id\":\"1234567890123456789\",\"type\":\"X\"," + STAMP + "}",
                "{\"id\":12345678901234567890123,\"type\":\"X\"," + STAMP + "}",
                "{\"id\":1e3,\"type\":\"X\"," + STAMP + "}",
                "{\"id\":1,\"id\":2,\"type\":\"X\"," + STAMP + "}", // duplicate: Jackson keeps the last
                "{\"\\u0069d\":5,\"type\":\"X\"," + STAMP + "}", // escaped name spelling "id"
                "{\"id\":5,\"type\":\"Push\\u0045vent\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"héllo\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"2022-02-30T00:00:00Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"2022-06-01T24:00:00Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00.5Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00+00:00\"}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":{\"a\":[1,-0,0.5,1e-7,2E+3,true,false,null,\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"]}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":[1,]}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":\"\\x\"}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":\"\\u12G4\"}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":\"tab\there\"}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":NaN}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":.5}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":1.}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":tru}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":truex}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",'p':1}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + "}{}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":" + "[".repeat(70) + "]".repeat(70) + "}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":" + "[".repeat(600) + "]".repeat(600) + "}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"" + "n".repeat(60_000) + "\":1}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":" + "9".repeat(1200) + "}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":\"\u0000\"}",
                // hostile-input bounds (issue 16): each side of every limit, decided the same on both paths
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"1969-12-31T23:59:59Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"1970-01-01T00:00:00Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"0001-01-01T00:00:00Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"9999-12-31T23:59:59Z\"}",
                "{\"id\":5,\"type\":\"X\",\"created_at\":\"+10000-01-01T00:00:00Z\"}",
                "{\"id\":5,\"type\":\"" + "T".repeat(64) + "\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"" + "T".repeat(65) + "\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"<b onmouseover=x>\"," + STAMP + "}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"actor\":{\"id\":1,\"login\":\"" + "a".repeat(512) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"actor\":{\"id\":1,\"login\":\"" + "a".repeat(513) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"org\":{\"login\":\"" + "a".repeat(513) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"repo\":{\"name\":\"" + "a".repeat(513) + "\",\"url\":\"u\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"repo\":{\"url\":\"" + "a".repeat(513) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"repo\":{\"n\\u0061me\":\"" + "a".repeat(513) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"payload\":{\"action\":\"" + "a".repeat(513) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"payload\":{\"ref_type\":\"" + "é".repeat(257) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"payload\":{\"ref_type\":\"" + "\\t".repeat(400) + "\"}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"payload\":{\"issue\":{\"action\":\"" + "a".repeat(600) + "\"}}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"payload\":{\"action\":7,\"ref_type\":null}}",
                "{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
                "{}",
                "[]",
                "");
        for (String c : cases) {
            byte[] line = c.getBytes(StandardCharsets.UTF_8);
            Verdict fast = FastEventScan.scan(line, 0, line.length, validator);
            Verdict jackson = validator.validateWithJackson(line, 0, line.length);
            if (fast != FastEventScan.NOT_SURE) {
                assertThat(fast).as(c.length() > 300 ? c.substring(0, 300) : c).isEqualTo(jackson);
            }
            assertThat(validator.validate(line)).isEqualTo(jackson);
        }
        // The plain GH Archive form is decided by the fast scan itself.
        byte[] plain = cases.get(0).getBytes(StandardCharsets.UTF_8);
        assertThat(FastEventScan.scan(plain, 0, plain.length, validator)).isNotNull();
    }

    @Test
    void malformedUtf8InsideAStringIsLeftToJackson() {
        byte[] prefix = ("{\"id\":5,\"type\":\"X\"," + STAMP + ",\"p\":\"").getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82})) {
            byte[] line = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            System.arraycopy(bad, 0, line, prefix.length, bad.length);
            line[line.length - 2] = '"';
            line[line.length - 1] = '}';
            assertThat(FastEventScan.scan(line, 0, line.length, validator)).isNull();
            assertThat(validator.validate(line).reason()).isEqualTo(DlqReason.INVALID_UTF8);
        }
    }

    /** One random edit: replace, insert or delete a byte (often a structural one), or cut the line short. */
    private static byte[] mutate(byte[] line, SplittableRandom random) {
        int at = random.nextInt(line.length + 1);
        byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
        return switch (random.nextInt(5)) {
            case 0 -> java.util.Arrays.copyOf(line, at);
            case 1 -> splice(line, at, Math.min(line.length, at + 1), new byte[] {b});
            case 2 -> splice(line, at, at, new byte[] {b});
            case 3 -> splice(line, at, Math.min(line.length, at + 1), new byte[0]);
            default -> nearRequiredField(line, random, b);
        };
    }

    /** Edits a byte just after "id", "type" or "created_at", where the scan reads values itself. */
    private static byte[] nearRequiredField(byte[] line, SplittableRandom random, byte b) {
        String[] names = {"\"id\":", "\"type\":", "\"created_at\":"};
        byte[] name = names[random.nextInt(names.length)].getBytes(StandardCharsets.UTF_8);
        int found = indexOf(line, name);
        if (found < 0) {
            return line;
        }
        int at = Math.min(line.length, found + name.length + random.nextInt(24));
        return random.nextBoolean() ? splice(line, at, Math.min(line.length, at + 1), new byte[] {b})
                : splice(line, at, at, new byte[] {b});
    }

    private static int indexOf(byte[] line, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= line.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (line[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] splice(byte[] line, int from, int to, byte[] insert) {
        byte[] out = new byte[line.length - (to - from) + insert.length];
        System.arraycopy(line, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(line, to, out, from + insert.length, line.length - to);
        return out;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> lines(byte[] all) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start) {
                    out.add(java.util.Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
