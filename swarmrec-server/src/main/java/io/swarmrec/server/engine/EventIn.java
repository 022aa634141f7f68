package io.swarmrec.server.engine;

/**
 * A validated incoming event.
 *
 * @param value the rating value, NaN when none
 * @param epochSecond the event time (the server's clock when the client sent none)
 */
public record EventIn(String user, String item, String type, float value, long epochSecond) {}
