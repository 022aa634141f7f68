package io.swarmrec.store;

/** A user found by {@link InteractionStore#similarUsersByCooccurrence}: {@code common} distinct items shared. */
public record SimilarUser(String user, int common) {}
