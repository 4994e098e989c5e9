package io.roomcast.hooks;

import java.io.Serializable;

/**
 * One webhook waiting in the cluster's queue: which receiver, the exact body it gets (signed as is
 * on every attempt), and when it was queued (retries end {@code hooks.retrySeconds} after it). The
 * receiver's secret stays in each node's config, never in the cluster.
 */
record Pending(String url, String body, long created) implements Serializable {}
