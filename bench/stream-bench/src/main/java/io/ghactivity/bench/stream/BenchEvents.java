package io.ghactivity.bench.stream;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.synthetic.SyntheticEvent;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Benchmark input: the shared synthetic model's June 2022 events (ids, types, times, actors, repos follow the real
 * profile) rendered as GH Archive JSON lines of realistic size — ≈ 4.5 KB on average (FACTS.md), most of it in the
 * payload (commit messages, issue and PR bodies), with the typed payload fields the lake extracts. Public because
 * bench-iceberg (bench/iceberg-bench) writes the same events.
 */
public final class BenchEvents {
    private static final String[] WORDS = {"fix", "the", "build", "update", "readme", "merge", "pull", "request", "from",
        "branch", "main", "add", "tests", "for", "parser", "refactor", "docs", "bump", "version", "dependency", "release",
        "notes", "typo", "in", "config", "handle", "null", "case", "when", "empty", "input", "improve", "performance"};

    private final SyntheticModel model = new SyntheticModel(7, 1.0);
    private final StringBuilder sb = new StringBuilder(16 * 1024);

    /** The first {@code n} events of June 2022, in hour order. */
    public void forEach(long n, Consumer<String> sink) {
        long[] left = {n};
        for (GhArchiveHour h = GhArchiveHour.parse("2022-06-01T00"); left[0] > 0; h = h.next()) {
            SyntheticModel.HourEvents events = model.hourEvents(h);
            for (int i = 0; i < events.size() && left[0] > 0; i++, left[0]--) {
                sink.accept(render(events.get(i)));
            }
        }
    }

    String render(SyntheticEvent e) {
        sb.setLength(0);
        long r = e.random();
        sb.append("{\"id\":\"").append(e.id()).append("\",\"type\":\"").append(e.type()).append("\",\"actor\":{\"id\":")
                .append(e.actorId()).append(",\"login\":\"").append(SyntheticModel.actorLogin(e.actorId()))
                .append("\",\"display_login\":\"").append(SyntheticModel.actorLogin(e.actorId()))
                .append("\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/users/").append(SyntheticModel.actorLogin(e.actorId()))
                .append("\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/").append(e.actorId()).append("?\"},")
                .append("\"repo\":{\"id\":").append(e.repoId()).append(",\"name\":\"").append(model.repoName(e.repoId(), e.orgId()))
                .append("\",\"url\":\"https://api.github.com/repos/").append(model.repoName(e.repoId(), e.orgId())).append("\"},")
                .append("\"payload\":");
        int textLength = 1000 + (int) ((r >>> 8) % 5800); // mean ≈ 3.9 KB of text, ≈ 4.5 KB per line in all
        switch (e.type()) {
            case "PushEvent" -> {
                int size = 1 + (int) (r & 3);
                sb.append("{\"repository_id\":").append(e.repoId()).append(",\"push_id\":").append(e.id() / 3)
                        .append(",\"size\":").append(size).append(",\"distinct_size\":").append(size)
                        .append(",\"ref\":\"refs/heads/main\",\"head\":\"").append(sha(r)).append("\",\"before\":\"")
                        .append(sha(r >>> 1)).append("\",\"commits\":[");
                for (int c = 0; c < size; c++) {
                    sb.append(c == 0 ? "" : ",").append("{\"sha\":\"").append(sha(r + c))
                            .append("\",\"author\":{\"email\":\"").append(sha(r - c), 0, 40)
                            .append("@users.noreply.github.com\",\"name\":\"dev\"},\"message\":\"");
                    text(r + c, textLength / size);
                    sb.append("\",\"distinct\":true}");
                }
                sb.append("]}");
            }
            case "PullRequestEvent" -> {
                long number = 1 + (r % 5000);
                sb.append("{\"action\":\"").append((r & 1) == 0 ? "opened" : "closed").append("\",\"number\":").append(number)
                        .append(",\"pull_request\":{\"number\":").append(number).append(",\"state\":\"open\",\"title\":\"");
                text(r, 60);
                sb.append("\",\"body\":\"");
                text(r >>> 3, textLength);
                sb.append("\",\"merged\":").append((r & 2) == 0).append("}}");
            }
            case "CreateEvent", "DeleteEvent" -> {
                sb.append("{\"ref\":\"feature-").append(r % 1000).append("\",\"ref_type\":\"")
                        .append((r & 1) == 0 ? "branch" : "tag").append("\",\"pusher_type\":\"user\",\"description\":\"");
                text(r, textLength);
                sb.append("\"}");
            }
            default -> {
                sb.append("{\"action\":\"").append((r & 1) == 0 ? "created" : "started").append("\",\"body\":\"");
                text(r, textLength);
                sb.append("\"}");
            }
        }
        sb.append(",\"public\":true,\"created_at\":\"").append(Instant.ofEpochSecond(e.createdAtSecond())).append('"');
        if (e.orgId() != 0) {
            sb.append(",\"org\":{\"id\":").append(e.orgId()).append(",\"login\":\"").append(SyntheticModel.orgLogin(e.orgId()))
                    .append("\"}");
        }
        return sb.append('}').toString();
    }

    private void text(long seed, int length) {
        int end = sb.length() + length;
        long x = seed;
        while (sb.length() < end) {
            x = SyntheticModel.mix(x + 0x9E3779B97F4A7C15L);
            sb.append(WORDS[(int) ((x >>> 33) % WORDS.length)]).append(' ');
        }
    }

    private static String sha(long seed) {
        return String.format("%016x%016x%08x", SyntheticModel.mix(seed), SyntheticModel.mix(seed + 1), (int) seed);
    }
}
