package com.moesif.core;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the SDK's counters. Every event that was captured is accounted for exactly once:
 * {@code captured == sent + sampledOut + shed + filtered + dropped + failed + pending}.
 *
 * @param captured events built from a completed call (after {@code skip})
 * @param skipped calls passed through because {@code skip} said so (not part of captured)
 * @param sampledOut events discarded by the server's sampling ({@code sample_rate} of the app config)
 * @param shed calls let go by load shedding: successful calls not kept while shipping was behind
 *     (each kept one carries a {@code weight} that stands for them), and events merged into
 *     another during a collector outage (the survivor's weight adds theirs); see {@code
 *     LOAD_SHEDDING}
 * @param filtered events a {@code maskEvent} hook returned null for
 * @param dropped events discarded because the queue was full (events or bytes) or closed
 * @param bodiesOmitted events kept without their bodies (each body replaced by a short note) because
 *     the queue held more than 1/32 of {@code MAX_QUEUE_BYTES} when their bodies started or when they
 *     arrived; counted in
 *     {@code sent} etc. like any other event
 * @param bodiesWithheld bodies (request or response, each counted) replaced by a short note because
 *     the masks had to look inside them but could not parse them (JSON that is malformed, nested
 *     too deep or in another encoding; a corrupt compressed JSON or form body); the events are
 *     counted in {@code sent} etc. like any other
 * @param failed events lost to upload errors after retries, or that could not be serialised
 * @param sent events the collector accepted
 * @param pending events queued or in an upload still under way
 * @param queuedBytes the queue's estimate of the bytes its events hold now (bounded by {@code
 *     MAX_QUEUE_BYTES})
 * @param batches batches the collector accepted
 * @param bytesSent compressed bytes of accepted batches
 * @param uploadNanos time from each accepted batch's first upload attempt to its acceptance
 *     (retries and their backoff included), summed: divided by {@code batches}, the mean upload
 *     latency
 * @param retries upload attempts that were retried
 * @param internalErrors errors inside the SDK that were caught so the application never saw them
 * @param hookErrors exceptions thrown by configuration hooks (caught)
 * @param outgoingFailures outgoing calls that failed without a response (connection refused,
 *     timeout, cancellation): no event is built for them, they are only counted
 * @param shedDivisor the load-shedding divisor now in force: 1 keeps every call, {@code w > 1}
 *     keeps 1 successful call in {@code w} (and every error)
 * @param sdkCpuPercent the SDK's share of the process's CPU in the last one-second window, in
 *     percent of what the process used: its threads, its work on request threads (sampled) and
 *     its part of garbage collection and other JVM work (by its share of the bytes allocated).
 *     Measured from 30 s after start, for the {@code MAX_SDK_CPU_PERCENT} trigger; 0 before the
 *     first window, and always when {@code LOAD_SHEDDING} is off, {@code MAX_SDK_CPU_PERCENT} is 0
 *     or the JVM cannot measure thread CPU time
 * @param lastError the most recent error message, or null
 */
public record MoesifStats(
    long captured,
    long skipped,
    long sampledOut,
    long shed,
    long filtered,
    long dropped,
    long bodiesOmitted,
    long bodiesWithheld,
    long failed,
    long sent,
    long pending,
    long queuedBytes,
    long batches,
    long bytesSent,
    long uploadNanos,
    long retries,
    long internalErrors,
    long hookErrors,
    long outgoingFailures,
    int shedDivisor,
    double sdkCpuPercent,
    @Nullable String lastError) {}
