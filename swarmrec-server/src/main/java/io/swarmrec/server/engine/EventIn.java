package io.swarmrec.server.engine;

import io.swarmrec.store.Event;

/**
 * A validated incoming event: the store's {@link Event} (whose constructor enforces the store's rules, so
 * anything that gets this far can be stored, trained on and rebuilt from) and the client's optional event
 * id, which makes a resent event count once.
 *
 * @param id the client's id of the event, or null
 */
public record EventIn(String id, Event event) {}
