package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.Topics;
import org.junit.jupiter.api.Test;

class TopicLimitsTest {
    @Test
    void ourOwnTopicsChangeNothing() {
        TopicLimits limits = TopicLimits.of(Topics.MAX_RECORD_BATCH_BYTES);
        assertThat(limits.maxEventBytes()).isEqualTo(Topics.MAX_EVENT_BYTES);
        assertThat(limits.batchBytes()).isEqualTo(KafkaSettings.BATCH_BYTES);
        assertThat(limits.belowOurs()).isFalse();
    }

    @Test
    void aStricterTopicGetsSmallerEventsAndBatchesBelowItsLimit() {
        TopicLimits kafkaDefault = TopicLimits.of(1_048_588);
        assertThat(kafkaDefault.belowOurs()).isTrue();
        assertThat(kafkaDefault.maxEventBytes()).isLessThan(1_048_588).isGreaterThan(1_000_000);
        assertThat(kafkaDefault.batchBytes()).isLessThanOrEqualTo(1_048_588 / 2);

        TopicLimits tiny = TopicLimits.of(100_000);
        assertThat(tiny.maxEventBytes()).isEqualTo(100_000 - 1_000 - 1_024);
        assertThat(tiny.batchBytes()).isEqualTo(50_000); // a split batch can always fit: Kafka splits by batch.size
    }
}
