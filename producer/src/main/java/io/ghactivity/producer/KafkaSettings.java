package io.ghactivity.producer;

import io.ghactivity.contracts.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every Kafka client property the producer uses, each set in one place with the reason for its value.
 *
 * @param bootstrap     {@code host:port[,host:port]}
 * @param compression   {@code lz4} (default), {@code zstd}, {@code gzip}, {@code snappy} or {@code none}
 * @param tls           connect with TLS (implied by {@code mskIam})
 * @param mskIam        authenticate to Amazon MSK with IAM (aws-msk-iam-auth; credentials from the default AWS chain)
 * @param truststore    optional JKS/PKCS12 trust store for a private CA (null: the JVM's default trust store)
 * @param truststorePassword its password, or null
 */
public record KafkaSettings(String bootstrap, String compression, boolean tls, boolean mskIam, Path truststore,
                            String truststorePassword) {

    /** Records per partition are batched up to this many bytes before compression. */
    static final int BATCH_BYTES = 512 * 1024;

    /** Connection and security settings shared by the producer and the admin client. */
    public Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "gh-activity-replay");
        if (mskIam) {
            // MSK IAM: SASL over TLS; the IAM login module signs with credentials from the default AWS provider chain.
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
            p.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
            p.put(SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;");
            p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        } else if (tls) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        }
        if (truststore != null) {
            // Only for a private CA; MSK's certificates chain to public roots the JVM already trusts.
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
            if (truststorePassword != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
            }
        }
        return p;
    }

    /** The replay producer: lossless, ordered per partition, fast. */
    public Properties producer() {
        Properties p = common();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Every in-sync replica must have the record before it counts as sent: an acked event is never lost.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries never duplicate or reorder records within a partition (broker-side sequence numbers).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Keep retrying transient broker trouble for up to 5 minutes before a send is reported as failed.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        // The maximum idempotence allows; keeps the pipe full while a batch is in flight.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Event JSON compresses ~5-8x; lz4 is the cheapest per MB on CPU, zstd the smallest on disk.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        // Large batches (~100 events of 4.5 KB) amortise per-request cost and compress better.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        // Replay is throughput work: wait a little for batches to fill rather than send many small ones.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // 128 MB of accumulator: room for several batches per partition while staying well inside a 512 MB heap.
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        // A 5 MB event (Topics.MAX_EVENT_BYTES) plus key and headers must fit one request.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BATCH_BYTES);
        // If the accumulator is full (broker slower than the file), block the sender rather than fail.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        return p;
    }

    /** Admin client for the reachability check and topic creation: fail fast instead of hanging on a dead broker. */
    public Properties admin(int timeoutMs) {
        Properties p = common();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return p;
    }
}
