package io.ghactivity.testsupport.s3faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Decides, per request, whether and how {@link FaultyS3Proxy} misbehaves. Three sources, checked in this order:
 * <ol>
 *   <li>an <em>outage</em>: while on, every request is answered 503 SlowDown (a fault that outlasts any budget);</li>
 *   <li>rules: the first request matching a predicate gets a given fault (e.g. fail one UploadPart), or every
 *       matching request does until {@link #clearRules()} (a fault that outlasts the budget for some objects only);</li>
 *   <li>a seeded schedule: each request gets a fault with probability {@code rate}, the kinds taken in turn (so a
 *       run with at least as many faults as kinds sees every kind); the same request (method and target) never fails twice in a row, so every operation succeeds by
 *       its second attempt — well inside any retry budget, whatever the thread interleaving.</li>
 * </ol>
 * Resets are only applied to requests the server may see twice (never a POST such as CompleteMultipartUpload, whose
 * repeat after success would be a real error on S3 too).
 */
public final class FaultPlan {
    private final Random random;
    private final double rate;
    private final List<S3Fault> kinds;
    private final List<Rule> rules = new ArrayList<>();
    private final Map<S3Request, Boolean> failedLast = new ConcurrentHashMap<>();
    private volatile boolean outage;
    private int turn;

    private record Rule(Predicate<S3Request> matches, S3Fault fault, boolean once, boolean[] used) {
    }

    private FaultPlan(long seed, double rate, List<S3Fault> kinds) {
        this.random = new Random(seed);
        this.rate = rate;
        this.kinds = List.copyOf(kinds);
    }

    /** No scheduled faults: only rules and outages. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, List.of());
    }

    /** Faults of the given kinds on about {@code rate} of the requests, drawn from {@code seed}. */
    public static FaultPlan seeded(long seed, double rate, S3Fault... kinds) {
        return new FaultPlan(seed, rate, List.of(kinds));
    }

    /** The first request that {@code matches} gets {@code fault}. */
    public synchronized FaultPlan once(Predicate<S3Request> matches, S3Fault fault) {
        rules.add(new Rule(matches, fault, true, new boolean[1]));
        return this;
    }

    /** Every request that {@code matches} gets {@code fault}, until {@link #clearRules()}. */
    public synchronized FaultPlan always(Predicate<S3Request> matches, S3Fault fault) {
        rules.add(new Rule(matches, fault, false, new boolean[1]));
        return this;
    }

    /** Drops every rule (the fault clears); the seeded schedule and outage switch stay as they are. */
    public synchronized void clearRules() {
        rules.clear();
    }

    /** Starts or ends an outage (every request answered 503 SlowDown). */
    public void outage(boolean on) {
        outage = on;
    }

    /** The fault for this request, or null to relay it plainly. */
    synchronized S3Fault decide(S3Request r) {
        if (outage) {
            return S3Fault.SLOW_DOWN_503;
        }
        for (Rule rule : rules) {
            if (!rule.used()[0] && rule.matches().test(r)) {
                rule.used()[0] = rule.once();
                return rule.fault();
            }
        }
        boolean failedLastTime = failedLast.remove(r) != null;
        if (kinds.isEmpty() || random.nextDouble() >= rate) {
            return null;
        }
        S3Fault f = kinds.get(turn % kinds.size());
        if (f == S3Fault.RESET_MID_RESPONSE && !r.repeatable()) {
            f = S3Fault.SLOW_DOWN_503;
        }
        if (f.failsRequest()) {
            if (failedLastTime) {
                return null; // failed last time: this attempt goes through
            }
            failedLast.put(r, Boolean.TRUE);
        }
        turn++;
        return f;
    }
}
