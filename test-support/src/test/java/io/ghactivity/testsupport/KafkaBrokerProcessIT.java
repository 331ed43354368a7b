package io.ghactivity.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real KRaft broker: starts from Maven Central jars, keeps data across a restart, shuts down cleanly. */
class KafkaBrokerProcessIT {

    @Test
    @Timeout(240)
    void brokerStartsServesAndKeepsDataAcrossRestart(@TempDir Path dir) throws Exception {
        int port;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir)) {
            port = broker.port();
            createTopic(broker.bootstrap(), "t");
            produce(broker.bootstrap(), "t", List.of("a", "b", "c"));
            assertThat(TopicReader.readAll(broker.bootstrap(), "t", Duration.ofSeconds(30))).hasSize(3);
        }
        try (KafkaBrokerProcess again = KafkaBrokerProcess.start(dir, port)) {
            var records = TopicReader.readAll(again.bootstrap(), "t", Duration.ofSeconds(30));
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
            assertThat(again.logTail()).doesNotContain("ERROR");
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(String bootstrap, String topic, List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
