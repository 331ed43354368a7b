package io.ghactivity.loader;

import static io.ghactivity.contracts.Marts.LOAD_LOG;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.loader.LoadListener.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Loads one closed hour from a {@link Lake} into a {@link Warehouse} in ONE transaction: staging (exactly the files
 * the manifest lists), delete+insert of the hour's facts, {@code distinct_gaps} and marts refresh, quality checks,
 * {@code load_log} and {@code quality_checks} rows — all committed together or not at all. A failed check rolls back,
 * then its results are recorded in a transaction of their own, so the warehouse keeps the previous state of the hour
 * and still says why the new one was refused.
 *
 * <p>Idempotent: an hour already loaded from the same manifest revision and checksum is skipped unless forced;
 * loading again (or out of order) yields the same facts and marts.
 */
public final class HourLoader {
    private final Warehouse warehouse;
    private final Lake lake;
    private final LoadListener listener;

    public HourLoader(Warehouse warehouse, Lake lake, LoadListener listener) {
        this.warehouse = warehouse;
        this.lake = lake;
        this.listener = listener;
    }

    /** What load_log holds for an hour. */
    public record Logged(int revision, String checksum, long rows) {
    }

    /** Loads {@code hour}; throws {@link LoadFailure} (exit code 1, 3 or 4) when it cannot or must not. */
    public LoadResult load(GhArchiveHour hour, boolean force) throws Exception {
        long t0 = System.nanoTime();
        String where = lake.layout().manifest(hour);
        byte[] bytes = lake.readManifest(hour).orElseThrow(() -> new LoadFailure("no manifest for " + hour
                + ": expected " + where + " (the hour is not closed yet, or the lake root is wrong)", LoadFailure.NO_MANIFEST));
        HourManifest m = parse(bytes, where, hour);
        String checksum = checksum(m);
        try (Connection c = warehouse.connect()) {
            Optional<Logged> logged = logged(c, hour);
            if (!force && logged.isPresent() && logged.get().revision() == m.revision()
                    && logged.get().checksum().equals(checksum)) {
                return LoadResult.ok(hour.toString(), logged.get().rows(), m.revision(), seconds(t0),
                        LoadResult.Status.SKIPPED);
            }
            List<CheckResult> checks = inTransaction(c, hour, m, where, checksum, t0);
            List<CheckResult> failed = checks.stream().filter(r -> !r.passed()).toList();
            if (!failed.isEmpty()) {
                // After the rollback, in a transaction of its own: the refused attempt's checks, so the failure is on record.
                QualityChecks.replace(c, hour, m.revision(), checks, now());
                throw new LoadFailure("quality check failed for " + hour + " (revision " + m.revision() + "): "
                        + String.join("; ", failed.stream().map(r -> r.name() + ": " + r.detail()).toList())
                        + " — nothing was loaded; the warehouse keeps its previous state of this hour", LoadFailure.QUALITY_CHECK_FAILED);
            }
            listener.onStep(hour, Step.COMMITTED, seconds(t0));
            return LoadResult.ok(hour.toString(), m.rows(), m.revision(), seconds(t0), LoadResult.Status.LOADED);
        }
    }

    /** Runs the load transaction; returns the checks (committed when all passed, rolled back otherwise). */
    private List<CheckResult> inTransaction(Connection c, GhArchiveHour hour, HourManifest m, String where,
                                            String checksum, long t0) throws Exception {
        dropTemps(c);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            warehouse.stage(c, m, lake);
            listener.onStep(hour, Step.STAGED, seconds(t0));
            List<String> sql = new HourSql(hour).replaceHour(maxLoadedHour(c) < hour.epochHour());
            for (int i = 0; i < sql.size(); i++) {
                long ts = System.nanoTime();
                st.execute(sql.get(i));
                listener.onStatement(sql.get(i), seconds(ts));
                if (i == 1) { // the hour's facts are deleted and re-inserted
                    listener.onStep(hour, Step.FACT_REPLACED, seconds(t0));
                }
            }
            listener.onStep(hour, Step.MARTS_REFRESHED, seconds(t0));
            long tc = System.nanoTime();
            List<CheckResult> checks = QualityChecks.run(c, hour, m.rows());
            listener.onStatement(QualityChecks.measureSql(hour), seconds(tc));
            listener.onStep(hour, Step.CHECKED, seconds(t0));
            if (checks.stream().allMatch(CheckResult::passed)) {
                QualityChecks.record(c, hour, m.revision(), checks, now());
                writeLoadLog(c, hour, m, where, checksum, seconds(t0));
                long tc2 = System.nanoTime();
                c.commit();
                listener.onStatement("COMMIT", seconds(tc2));
            } else {
                c.rollback();
            }
            return checks;
        } catch (Exception e) {
            c.rollback();
            if (e instanceof LoadFailure) {
                throw e;
            }
            throw new LoadFailure("loading " + hour + " failed, nothing was loaded (rolled back): " + firstLine(e), e);
        } finally {
            c.setAutoCommit(true);
            dropTemps(c);
        }
    }

    static HourManifest parse(byte[] bytes, String where, GhArchiveHour hour) {
        HourManifest m;
        try {
            m = HourManifest.fromJson(bytes, where);
        } catch (RuntimeException e) {
            throw LoadFailure.of("corrupt manifest, nothing was loaded: " + e.getMessage());
        }
        if (!m.hour().equals(hour.toString())) {
            throw LoadFailure.of("corrupt manifest, nothing was loaded: " + where + " is for hour " + m.hour() + ", not " + hour);
        }
        return m;
    }

    /** Identity of what a manifest says to load: hour, revision, rows and the exact file list. */
    public static String checksum(HourManifest m) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((m.hour() + "|" + m.revision() + "|" + m.rows() + "|" + m.fileListJson()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long maxLoadedHour(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(HourSql.maxLoadedHourSql())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static Optional<Logged> logged(Connection c, GhArchiveHour hour) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT revision, checksum, rows_loaded FROM "
                + LOAD_LOG + " WHERE event_hour = " + HourSql.timestamp(hour))) {
            return rs.next() ? Optional.of(new Logged(rs.getInt(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
        }
    }

    private static void writeLoadLog(Connection c, GhArchiveHour hour, HourManifest m, String where, String checksum,
                                     double seconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + LOAD_LOG + " WHERE event_hour = " + HourSql.timestamp(hour));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LOAD_LOG
                + " (event_hour, manifest, revision, rows_loaded, checksum, loaded_at, seconds) VALUES ("
                + HourSql.timestamp(hour) + ", ?, ?, ?, ?, CAST(? AS TIMESTAMP), ?)")) {
            ps.setString(1, where);
            ps.setInt(2, m.revision());
            ps.setLong(3, m.rows());
            ps.setString(4, checksum);
            ps.setString(5, now());
            ps.setDouble(6, seconds);
            ps.executeUpdate();
        }
    }

    private static void dropTemps(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String t : HourSql.TEMP_TABLES) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    static String now() {
        return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).toString().replace('T', ' ');
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String firstLine(Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
