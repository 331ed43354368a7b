package io.ghactivity.stream.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.execution.datasources.v2.DataSourceRDDPartition;
import scala.Option;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@link InputPartition}s behind one partition of a {@code DataSourceRDD} (Spark internal), on every supported
 * Spark: 4.0 holds a {@code Seq} of them ({@code inputPartitions()}), 4.1+ an {@code Option} ({@code inputPartition()}).
 * No public API exposes a micro-batch's planned Kafka offset ranges to {@code foreachBatch}.
 */
public final class DataSourcePartitions {
    private static final Method ACCESSOR = find();

    private DataSourcePartitions() {
    }

    /** The input partitions of {@code p}, or null when {@code p} is not a data source partition (or Spark changed). */
    public static List<InputPartition> of(Partition p) {
        if (!(p instanceof DataSourceRDDPartition) || ACCESSOR == null) {
            return null;
        }
        Object v;
        try {
            v = ACCESSOR.invoke(p);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
        List<InputPartition> out = new ArrayList<>();
        if (v instanceof Option<?> o) {
            if (o.isDefined()) {
                out.add((InputPartition) o.get());
            }
        } else if (v instanceof Seq<?> s) {
            CollectionConverters.asJava(s).forEach(x -> out.add((InputPartition) x));
        } else {
            return null;
        }
        return out;
    }

    private static Method find() {
        for (String name : List.of("inputPartition", "inputPartitions")) { // 4.1+, 4.0
            try {
                return DataSourceRDDPartition.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                // try the other version's name
            }
        }
        return null; // the caller reads through the source's rows instead (with a warning)
    }
}
