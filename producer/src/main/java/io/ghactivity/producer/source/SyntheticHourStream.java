package io.ghactivity.producer.source;

import io.ghactivity.contracts.synthetic.SyntheticModel;
import java.io.InputStream;

/** An InputStream over one synthetic hour: renders the next event into a buffer whenever the reader needs bytes. */
final class SyntheticHourStream extends InputStream {
    private final SyntheticModel.HourEvents events;
    private final SyntheticRenderer renderer;
    private final JsonOut out = new JsonOut();
    private int next;
    private int pos;
    private int available;

    SyntheticHourStream(SyntheticModel.HourEvents events, SyntheticRenderer renderer) {
        this.events = events;
        this.renderer = renderer;
    }

    private boolean refill() {
        if (next >= events.size()) {
            return false;
        }
        renderer.render(events.get(next++), out);
        out.put('\n');
        pos = 0;
        available = out.length();
        return true;
    }

    @Override
    public int read() {
        if (pos >= available && !refill()) {
            return -1;
        }
        return out.buffer()[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pos >= available && !refill()) {
                break;
            }
            int k = Math.min(len - n, available - pos);
            System.arraycopy(out.buffer(), pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }
}
