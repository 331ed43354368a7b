package io.ghactivity.contracts.synthetic;

/**
 * Long-tailed popularity: maps a uniform number in [0,1) to a rank in [0, n) with P(rank k) roughly proportional to
 * 1/(k+1)^s — a few very active actors and repositories, a long tail of one-event ones, as on GitHub. Closed-form
 * inverse of the continuous power law, so one sample is one {@code pow}, fast enough for 96 M events.
 */
public final class Zipf {
    private final long n;
    private final double oneMinusS;
    private final double span;

    public Zipf(long n, double s) {
        if (n < 1 || s <= 0 || s == 1.0) {
            throw new IllegalArgumentException("need n >= 1 and s > 0, s != 1: n=" + n + " s=" + s);
        }
        this.n = n;
        this.oneMinusS = 1.0 - s;
        this.span = Math.pow(n + 1.0, oneMinusS) - 1.0;
    }

    public long rank(double u) {
        double x = Math.pow(span * u + 1.0, 1.0 / oneMinusS) - 1.0;
        long k = (long) x;
        return k < 0 ? 0 : Math.min(k, n - 1);
    }
}
