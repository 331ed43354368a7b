package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.testsupport.KafkaBrokerProcess;
import io.ghactivity.testsupport.LocalS3;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The whole job on s3a against a real S3-compatible server (s3proxy): lake, checkpoint, manifests, metrics. */
class S3LakeIT {

    @Test
    @Timeout(300)
    void streamsIntoS3aAndWritesManifestsThatListExactlyTheCommittedObjects(@TempDir Path dir) throws Exception {
        GhArchiveHour hour = GhArchiveHour.parse("2022-06-07T12");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"));
             LocalS3 s3 = LocalS3.start(dir.resolve("s3"), "lake");
             TopicFixture topics = new TopicFixture(broker.bootstrap(), "s3", 2)) {
            SparkSession spark = SparkTestSession.get();
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            SparkSessions.s3aEndpoint(s3.endpoint(), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)
                    .forEach((k, v) -> hadoop.set(k.substring("spark.hadoop.".length()), v));
            List<String> lines = TestEvents.hourOfPushes(hour, 50_000, 120);
            topics.sendEvents(lines);
            topics.sendEvents(lines.subList(0, 7));
            topics.sendMarker(hour, lines.size());

            String lake = "s3a://lake/gh";
            StreamJob job = StreamJobIT.run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "s3-run")
                    .withMaxOffsetsPerTrigger(60));
            assertThat(job.metrics().size()).as("several bounded batches").isGreaterThan(1);

            try (S3Client client = s3.client()) {
                String key = "gh/_manifests/events/dt=2022-06-07/hr=12.json";
                byte[] json = client.getObjectAsBytes(r -> r.bucket("lake").key(key)).asByteArray();
                HourManifest m = HourManifest.fromJson(json, key);
                assertThat(m.rows()).isEqualTo(120);
                Set<String> listed = new HashSet<>();
                m.files().forEach(f -> listed.add(f.path().substring("s3a://lake/".length())));
                Set<String> parquetObjects = new HashSet<>();
                for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket("lake").prefix("gh/events/dt=2022-06-07/hr=12/")).contents()) {
                    parquetObjects.add(o.key());
                }
                assertThat(listed).isEqualTo(parquetObjects);
                assertThat(client.listObjectsV2(r -> r.bucket("lake").prefix("gh/_metrics/stream/")).contents()).isNotEmpty();
                assertThat(client.listObjectsV2(r -> r.bucket("lake").prefix("gh/_checkpoints/stream/commits/")).contents()).isNotEmpty();

                String[] files = m.files().stream().map(HourManifest.DataFile::path).toArray(String[]::new);
                List<Row> rows = spark.read().parquet(files).select("id").collectAsList();
                Set<Long> ids = new HashSet<>();
                rows.forEach(r -> ids.add(r.getLong(0)));
                assertThat(rows).hasSize(120);
                assertThat(ids).isEqualTo(StreamJobIT.ids(50_000, 120));
            }
            assertThat(spark.read().parquet(lake + "/events").count()).isEqualTo(120);
        }
    }
}
