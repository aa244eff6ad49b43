package dev.tune4j.serve;

import java.util.concurrent.Semaphore;

/**
 * TEI's admission: one permit per input, taken without waiting. A request whose inputs do not all find a permit
 * is refused at once (429), so the server never holds an unbounded line of waiting work.
 */
final class Admission {

    private final Semaphore permits;
    private final int capacity;

    Admission(int maxConcurrentInputs) {
        this.permits = new Semaphore(maxConcurrentInputs);
        this.capacity = maxConcurrentInputs;
    }

    /** Takes {@code inputs} permits, all or none, or throws the Overloaded error. */
    void acquire(int inputs) {
        if (!permits.tryAcquire(inputs)) {
            throw overloaded();
        }
    }

    /** TEI's 429 answer, counted as {@code te_request_failure{err="overloaded"}}. */
    static ApiError overloaded() {
        return new ApiError(ErrorType.Overloaded, "Model is overloaded", "overloaded");
    }

    void release(int inputs) {
        permits.release(inputs);
    }

    /** Inputs admitted and not yet answered. */
    int inFlight() {
        return capacity - permits.availablePermits();
    }
}
