package io.swarmrec.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter out = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();
  private final Progress progress =
      new Progress(new PrintWriter(out), "evaluating", "users", nanos::get, 2_000_000_000L);

  @Test
  void staysSilentWithinTheFirstInterval() {
    nanos.set(1_999_999_999L);
    progress.update(10, 100);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void printsAtMostOneLinePerInterval() {
    nanos.set(2_000_000_000L);
    progress.update(1_000, 4_000);
    nanos.set(3_000_000_000L);
    progress.update(1_500, 4_000);
    nanos.set(4_000_000_000L);
    progress.update(2_000, 0);
    assertThat(out.toString().lines()).containsExactly(
        "evaluating: 1,000/4,000 users (25%), 500 users/s",
        "evaluating: 2,000 users, 500 users/s");
  }

  @Test
  void noneNeverPrints() {
    Progress.NONE.update(1, 1);
    assertThat(out.toString()).isEmpty();
  }
}
