package io.ghactivity.testsupport.s3faults;

/** What {@link FaultyS3Proxy} can do to one request instead of relaying it plainly. */
public enum S3Fault {
    /** Answered {@code 500 InternalError} without reaching the server (the client must retry). */
    INTERNAL_ERROR_500(true),
    /** Answered {@code 503 SlowDown} without reaching the server (S3's throttling answer; the client must back off). */
    SLOW_DOWN_503(true),
    /** Relayed to the server, then the connection is reset (TCP RST) halfway through the response. */
    RESET_MID_RESPONSE(true),
    /** Relayed after a delay: slow, but complete and correct. */
    SLOW_RESPONSE(false);

    private final boolean failsRequest;

    S3Fault(boolean failsRequest) {
        this.failsRequest = failsRequest;
    }

    /** True when the client does not get a successful answer to this attempt. */
    public boolean failsRequest() {
        return failsRequest;
    }
}
