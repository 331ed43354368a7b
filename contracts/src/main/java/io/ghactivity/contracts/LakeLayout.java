package io.ghactivity.contracts;

/**
 * Where things live in the lake, for a root that is a local directory, a {@code file:} URI or {@code s3a://bucket/prefix}.
 *
 * <pre>
 * ROOT/events/dt=YYYY-MM-DD/hr=HH/*.parquet      one row per unique event (Parquet, zstd, TIMESTAMP_MICROS)
 * ROOT/_manifests/events/dt=YYYY-MM-DD/hr=HH.json the closed hour: its committed files, rows, min/max created_at
 * ROOT/_checkpoints/NAME/                         streaming checkpoints
 * ROOT/rejects/                                   records that reached the topic but are not valid events, with reason
 * ROOT/_metrics/stream/                           per-micro-batch metrics (JSON lines)
 * </pre>
 *
 * <p>There is no {@code late/}: a valid event for an hour already closed is written to that hour's partition and
 * re-opens it as a new manifest revision, which the loader reloads (docs/architecture.md, Closing an hour).
 */
public record LakeLayout(String root) {

    public static final String PARTITION_DATE = "dt";
    public static final String PARTITION_HOUR = "hr";

    public LakeLayout {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("the lake root is empty: give a directory or s3a://bucket/prefix");
        }
        while (root.length() > 1 && root.endsWith("/") && !root.endsWith("://")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    public boolean isS3() {
        return root.startsWith("s3a://") || root.startsWith("s3://");
    }

    public String events() {
        return root + "/events";
    }

    /** Relative partition path, e.g. {@code dt=2022-06-05/hr=07}. */
    public static String partitionPath(GhArchiveHour hour) {
        return PARTITION_DATE + "=" + hour.dt() + "/" + PARTITION_HOUR + "=" + hour.hr();
    }

    public String eventsPartition(GhArchiveHour hour) {
        return events() + "/" + partitionPath(hour);
    }

    public String manifests() {
        return root + "/_manifests/events";
    }

    public String manifest(GhArchiveHour hour) {
        return manifests() + "/" + PARTITION_DATE + "=" + hour.dt() + "/" + PARTITION_HOUR + "=" + hour.hr() + ".json";
    }

    public String checkpoint(String name) {
        return root + "/_checkpoints/" + name;
    }

    public String rejects() {
        return root + "/rejects";
    }

    public String streamMetrics() {
        return root + "/_metrics/stream";
    }
}
