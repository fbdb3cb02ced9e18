/**
 * The store's implementation: connections and migrations, the bounded writer, rollups, queries,
 * compaction and the task queue's JDBC loop. Not an API: only {@link
 * io.vigil.store.internal.DefaultStore} is public, for {@link io.vigil.store.Store#open}.
 */
package io.vigil.store.internal;
