/**
 * The interaction store: the durable source of truth behind the in-memory model.
 *
 * <p>{@link io.swarmrec.store.InteractionStore} is an append-only log of {@link io.swarmrec.store.Event}s
 * with sequence ids (the model is built by scanning it and kept current by scanning again from the last
 * id seen), item metadata, and the origin document's queries: recent interactions of a user, similar
 * users by co-occurrence, batch user profiles, plus active users for cache warm-up.
 * {@link io.swarmrec.store.Stores#open} picks a backend from a URL:
 * <ul>
 *   <li>SQLite ({@code sqlite:DIR}, the embedded default): WAL mode, one writer and pooled readers;</li>
 *   <li>PostgreSQL ({@code postgresql://host/db?user=...}): HikariCP, COPY ingest, versioned migrations;</li>
 *   <li>memory ({@code memory:}): an in-process fake for unit tests elsewhere.</li>
 * </ul>
 * Both SQL backends share one schema ({@code V*.sql} next to each implementation) and one implementation
 * of the queries ({@code internal.JdbcInteractionStore}); the {@code internal} package is not API.
 */
package io.swarmrec.store;
