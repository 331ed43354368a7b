package io.ghactivity.loader;

import static io.ghactivity.contracts.Marts.FACT_EVENTS;
import static io.ghactivity.contracts.Marts.QUALITY_CHECKS;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The quality checks of a loaded hour, run on the rows actually in {@code github_events} for that hour (inside the
 * load transaction, so a failure rolls the load back): rows = manifest rows, no duplicate ids, every
 * {@code created_at} inside the hour, no nulls in {@link LakeSchema.Column#required() required} columns.
 */
public final class QualityChecks {
    public static final String ROWS_MATCH_MANIFEST = "rows_match_manifest";
    public static final String NO_DUPLICATE_IDS = "no_duplicate_ids";
    public static final String CREATED_AT_IN_HOUR = "created_at_in_hour";
    public static final String REQUIRED_NOT_NULL = "required_not_null";

    private QualityChecks() {
    }

    /** The one scan that measures all four checks. */
    public static String measureSql(GhArchiveHour hour) {
        String required = LakeSchema.COLUMNS.stream().filter(LakeSchema.Column::required)
                .map(c -> WarehouseSchema.quote(c.name()) + " IS NULL").collect(Collectors.joining(" OR "));
        return "SELECT COUNT(*), COUNT(id) - COUNT(DISTINCT id),"
                + " COALESCE(SUM(CASE WHEN created_at < " + HourSql.timestamp(hour) + " OR created_at >= "
                + HourSql.timestamp(hour.next()) + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN " + required + " THEN 1 ELSE 0 END), 0)"
                + " FROM " + FACT_EVENTS + " WHERE event_hour = " + HourSql.timestamp(hour);
    }

    /** Runs the checks for {@code hour}; {@code expectedRows} is the manifest's row count. */
    public static List<CheckResult> run(Connection c, GhArchiveHour hour, long expectedRows) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(measureSql(hour))) {
            rs.next();
            long rows = rs.getLong(1);
            long dups = rs.getLong(2);
            long outside = rs.getLong(3);
            long nulls = rs.getLong(4);
            String requiredNames = LakeSchema.COLUMNS.stream().filter(LakeSchema.Column::required)
                    .map(LakeSchema.Column::name).collect(Collectors.joining(", "));
            return List.of(
                    new CheckResult(ROWS_MATCH_MANIFEST, rows == expectedRows,
                            "loaded " + rows + " rows, the manifest lists " + expectedRows),
                    new CheckResult(NO_DUPLICATE_IDS, dups == 0, dups + " rows repeat an id already in the hour"),
                    new CheckResult(CREATED_AT_IN_HOUR, outside == 0, outside + " rows have created_at outside "
                            + hour + ":00..:59 UTC"),
                    new CheckResult(REQUIRED_NOT_NULL, nulls == 0, nulls + " rows have a null in " + requiredNames));
        }
    }

    /** Replaces the stored check rows of the hour (one row per check, the latest run). */
    public static void record(Connection c, GhArchiveHour hour, int revision, List<CheckResult> checks, String checkedAt)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + QUALITY_CHECKS + " WHERE event_hour = " + HourSql.timestamp(hour));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + QUALITY_CHECKS
                + " (event_hour, check_name, passed, detail, revision, checked_at) VALUES ("
                + HourSql.timestamp(hour) + ", ?, ?, ?, ?, CAST(? AS TIMESTAMP))")) {
            for (CheckResult r : checks) {
                ps.setString(1, r.name());
                ps.setBoolean(2, r.passed());
                ps.setString(3, r.detail());
                ps.setInt(4, revision);
                ps.setString(5, checkedAt);
                ps.executeUpdate();
            }
        }
    }

    /**
     * {@link #record} in a transaction of its own (the connection must be in autocommit): readers see the previous
     * rows or the new ones, never the hour without checks between the delete and the inserts.
     */
    public static void replace(Connection c, GhArchiveHour hour, int revision, List<CheckResult> checks, String checkedAt)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            record(c, hour, revision, checks, checkedAt);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The stored checks of an hour, for {@code gh-activity check} and tests. */
    public static List<CheckResult> stored(Connection c, GhArchiveHour hour) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT check_name, passed, detail FROM " + QUALITY_CHECKS
                + " WHERE event_hour = " + HourSql.timestamp(hour) + " ORDER BY check_name");
             ResultSet rs = ps.executeQuery()) {
            List<CheckResult> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(new CheckResult(rs.getString(1), rs.getBoolean(2), rs.getString(3)));
            }
            return out;
        }
    }
}
