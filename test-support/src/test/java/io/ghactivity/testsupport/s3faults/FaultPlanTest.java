package io.ghactivity.testsupport.s3faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan's promises: reproducible from its seed, every kind in turn, no request failed twice in a row, rules, outage. */
class FaultPlanTest {

    @Test
    void aSeedGivesTheSameScheduleAndEveryKindAndNoRequestFailsTwiceInARow() {
        List<S3Fault> a = schedule(FaultPlan.seeded(42, 0.6, S3Fault.values()));
        assertThat(schedule(FaultPlan.seeded(42, 0.6, S3Fault.values()))).isEqualTo(a);
        Set<S3Fault> seen = EnumSet.noneOf(S3Fault.class);
        a.stream().filter(f -> f != null).forEach(seen::add);
        assertThat(seen).containsExactlyInAnyOrder(S3Fault.values());

        FaultPlan retried = FaultPlan.seeded(7, 1.0, S3Fault.INTERNAL_ERROR_500);
        S3Request same = new S3Request("GET", "/b/k");
        for (int i = 0; i < 10; i++) {
            assertThat(retried.decide(same)).isEqualTo(i % 2 == 0 ? S3Fault.INTERNAL_ERROR_500 : null);
        }
    }

    @Test
    void resetsSpareRequestsTheServerMustNotSeeTwice() {
        FaultPlan plan = FaultPlan.seeded(1, 1.0, S3Fault.RESET_MID_RESPONSE);
        assertThat(plan.decide(new S3Request("POST", "/b/k?uploadId=u"))).isEqualTo(S3Fault.SLOW_DOWN_503);
        assertThat(plan.decide(new S3Request("GET", "/b/k"))).isEqualTo(S3Fault.RESET_MID_RESPONSE);
    }

    @Test
    void rulesAndOutageComeFirst() {
        FaultPlan plan = FaultPlan.none().once(S3Request::isUploadPart, S3Fault.INTERNAL_ERROR_500)
                .always(r -> r.path().endsWith(".json"), S3Fault.SLOW_DOWN_503);
        S3Request part = new S3Request("PUT", "/b/k?partNumber=1&uploadId=u");
        assertThat(plan.decide(part)).isEqualTo(S3Fault.INTERNAL_ERROR_500);
        assertThat(plan.decide(part)).isNull();
        S3Request manifest = new S3Request("GET", "/b/m.json");
        assertThat(plan.decide(manifest)).isEqualTo(S3Fault.SLOW_DOWN_503);
        assertThat(plan.decide(manifest)).isEqualTo(S3Fault.SLOW_DOWN_503);
        plan.clearRules();
        assertThat(plan.decide(manifest)).isNull();
        plan.outage(true);
        assertThat(plan.decide(part)).isEqualTo(S3Fault.SLOW_DOWN_503);
        plan.outage(false);
        assertThat(plan.decide(part)).isNull();
    }

    private static List<S3Fault> schedule(FaultPlan plan) {
        List<S3Fault> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(plan.decide(new S3Request(i % 3 == 0 ? "PUT" : "GET", "/b/k" + i)));
        }
        return out;
    }
}
