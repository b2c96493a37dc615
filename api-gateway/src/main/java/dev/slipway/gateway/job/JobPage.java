package dev.slipway.gateway.job;

import dev.slipway.model.JobView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a job listing.
 *
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
record JobPage(List<JobView> items, @Nullable String nextCursor) {}
