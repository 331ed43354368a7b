package io.ghactivity.contracts.cli;

import io.ghactivity.contracts.GhArchiveHour;
import picocli.CommandLine;

/** Lets picocli options be typed {@link GhArchiveHour}: {@code --from 2022-06-01T00}. */
public final class HourConverter implements CommandLine.ITypeConverter<GhArchiveHour> {
    @Override
    public GhArchiveHour convert(String value) {
        try {
            return GhArchiveHour.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
