package io.swarmrec.server.http;

/** What a route answers: a complete {@link Reply} or a {@link Streamed} body written in chunks. */
public sealed interface Response permits Reply, Streamed {}
