package io.ghactivity.loader;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.LakeLayout;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the hour back from a manifest's path relative to {@code _manifests/events/}: {@code dt=2022-06-05/hr=07.json}. */
final class ManifestPaths {
    private static final Pattern RELATIVE = Pattern.compile(
            LakeLayout.PARTITION_DATE + "=(\\d{4}-\\d{2}-\\d{2})/" + LakeLayout.PARTITION_HOUR + "=(\\d{2})\\.json");

    private ManifestPaths() {
    }

    static Optional<GhArchiveHour> hourOf(String relative) {
        Matcher m = RELATIVE.matcher(relative);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(GhArchiveHour.parse(m.group(1) + "T" + m.group(2)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
