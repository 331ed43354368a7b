package io.ghactivity.stream.spark;

import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/** The lazy row-by-row mapping every {@code mapPartitions} parser of the job returns (nothing is buffered). */
final class RowIterators {
    private RowIterators() {
    }

    static Iterator<Row> map(Iterator<Row> rows, Function<Row, Row> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return f.apply(rows.next());
            }
        };
    }
}
