package io.irsuite.platform.retention;

import java.time.Duration;

/**
 * What {@link Retention} prunes from one table: the rows matching {@code condition}, where
 * {@code $1} is the cutoff (now minus {@code keep}). A service declares its own rules as beans
 * (for example through a {@code @Produces} method); the outbox and inbox rules are the platform's.
 *
 * @param name      for logs and the {@code ir_retention_pruned_rows_total{rule}} metric
 * @param table     the table (a constant of the service's code, never input)
 * @param condition SQL over the table's columns with {@code $1} as the cutoff timestamp
 * @param keep      how long matching rows are kept
 */
public record RetentionRule(String name, String table, String condition, Duration keep) {
}
