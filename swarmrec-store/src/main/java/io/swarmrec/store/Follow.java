package io.swarmrec.store;

/**
 * One change of the follow graph: {@code follower} starts ({@code follow = true}) or stops following
 * {@code followee}. Both are user ids under {@link Event#requireId}; a user cannot follow themselves.
 */
public record Follow(String follower, String followee, boolean follow) {
  public Follow {
    Event.requireId("follower", follower);
    Event.requireId("followee", followee);
    if (follower.equals(followee)) {
      throw new IllegalArgumentException("user '" + follower + "' cannot follow themselves");
    }
  }
}
