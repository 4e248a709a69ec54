package dev.cadenza.model;

/**
 * Whether a backend can do something (run here, build an architecture), and if not, why, in words a user can act
 * on.
 *
 * @param possible whether it can
 * @param reason why not; empty when it can
 */
public record Capability(boolean possible, String reason) {
  private static final Capability YES = new Capability(true, "");

  /** Checks that a refusal has a reason and an acceptance none. */
  public Capability {
    if (possible == !reason.isEmpty()) {
      throw new IllegalArgumentException(possible ? "a capability has no reason" : "a refusal needs a reason");
    }
  }

  /** It can. */
  public static Capability yes() {
    return YES;
  }

  /** It cannot, for this reason. */
  public static Capability no(String reason) {
    return new Capability(false, reason);
  }
}
