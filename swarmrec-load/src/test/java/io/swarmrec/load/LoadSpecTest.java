package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Spec validation, the mix and the command line: bad input fails early with a one-line message. */
class LoadSpecTest {

  private static void rejects(UnaryOperator<LoadSpec.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(LoadSpec.builder("http://127.0.0.1:8080")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void validatesEverySetting() {
    rejects(b -> b.rate(0), "rate");
    rejects(b -> b.rate(Double.NaN), "rate");
    rejects(b -> b.duration(Duration.ZERO), "duration");
    rejects(b -> b.warmup(Duration.ofSeconds(-1)), "warmup");
    rejects(b -> b.duration(Duration.ofHours(7)), "must not exceed");
    rejects(b -> b.rampUp(Duration.ofSeconds(30)), "rampUp");
    rejects(b -> b.connections(0), "connections");
    rejects(b -> b.inFlight(0), "inFlight");
    rejects(b -> b.threads(0), "threads");
    rejects(b -> b.users(0), "users");
    rejects(b -> b.zipfExponent(-1), "zipfExponent");
    rejects(b -> b.userPrefix("a b"), "userPrefix");
    rejects(b -> b.itemPrefix("\"x"), "itemPrefix");
    rejects(b -> b.k(0), "k");
    rejects(b -> b.batchSize(0), "batchSize");
    rejects(b -> b.timeout(Duration.ZERO), "timeout");
    rejects(b -> b.mix(null), "mix");
  }

  @Test
  void onlyPlainHttpToLoopbackUnlessAllowed() {
    assertThatThrownBy(() -> LoadSpec.builder("https://127.0.0.1:8443").build()).hasMessageContaining("http://");
    assertThatThrownBy(() -> LoadSpec.builder("not a url").build()).hasMessageContaining("url");
    assertThatThrownBy(() -> LoadSpec.builder("http://127.0.0.1:8080/x?y=1").build()).hasMessageContaining("query");
    assertThatThrownBy(() -> LoadSpec.builder("http://192.0.2.1:8080").build()).hasMessageContaining("loopback");
    assertThat(LoadSpec.builder("http://192.0.2.1:8080").allowRemote(true).build().host()).isEqualTo("192.0.2.1");
    LoadSpec local = LoadSpec.builder("http://localhost:9000/base/").build();
    assertThat(local.port()).isEqualTo(9000);
    assertThat(local.basePath()).isEqualTo("/base");
  }

  @Test
  void closedLoopNeedsNoRate() {
    LoadSpec s = LoadSpec.builder("http://127.0.0.1:8080").closedLoop(true).rate(0).build();
    assertThat(s.closedLoop()).isTrue();
    assertThat(s.withRate(500).closedLoop()).isFalse();
    assertThat(s.withRate(500).rate()).isEqualTo(500);
  }

  @Test
  void mixIsParsedAndNormalised() {
    Mix m = Mix.parse("rec=8, events=2");
    assertThat(m.rec()).isEqualTo(0.8);
    assertThat(m.batch()).isZero();
    assertThat(m.events()).isEqualTo(0.2);
    assertThat(m.toString()).isEqualTo("rec=0.800,events=0.200");
    assertThatThrownBy(() -> Mix.parse("rec=1,foo=2")).hasMessageContaining("unknown endpoint 'foo'");
    assertThatThrownBy(() -> Mix.parse("rec")).hasMessageContaining("endpoint=share");
    assertThatThrownBy(() -> Mix.parse("rec=x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Mix.parse("rec=1,rec=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> Mix.parse("rec=0")).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Mix(-1, 2, 0)).hasMessageContaining(">= 0");
  }

  @Test
  void commandLineBuildsTheSpec() {
    LoadMain.Invocation inv = LoadMain.parse(new String[] {"--url", "http://127.0.0.1:8080", "--rate", "20000",
        "--duration", "30s", "--warmup=5s", "--connections", "64", "--users", "100_000", "--mix", "rec=0.9,batch=0.1",
        "--json", "--ramp-up", "2s", "--seed", "7"});
    LoadSpec s = inv.spec();
    assertThat(s.rate()).isEqualTo(20_000);
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.rampUp()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.connections()).isEqualTo(64);
    assertThat(s.users()).isEqualTo(100_000);
    assertThat(s.mix().batch()).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(s.seed()).isEqualTo(7);
    assertThat(inv.json()).isTrue();
    assertThat(inv.search()).isNull();

    LoadMain.Invocation closed = LoadMain.parse(new String[] {"--url", "http://127.0.0.1:8080", "--closed"});
    assertThat(closed.spec().closedLoop()).isTrue();
    LoadMain.Invocation max = LoadMain.parse(new String[] {"--url", "http://127.0.0.1:8080", "--find-max-rate",
        "--p99", "5ms", "--start-rate", "500"});
    assertThat(max.search().p99Limit()).isEqualTo(Duration.ofMillis(5));
    assertThat(max.search().startRate()).isEqualTo(500);
  }

  @Test
  void commandLineErrorsNameTheOption() {
    String[][] bad = {
        {"--rate", "5"},
        {"--url", "http://127.0.0.1:1", "--rate", "fast"},
        {"--url", "http://127.0.0.1:1", "--duration", "soon"},
        {"--url", "http://127.0.0.1:1", "--connections"},
        {"--url", "http://127.0.0.1:1", "--conections", "3"},
        {"--url", "http://127.0.0.1:1", "--closed", "--rate", "5"},
        {"--url", "http://127.0.0.1:1", "--p99", "5ms"},
        {"--url", "http://127.0.0.1:1", "--users", "99999999999"},
        {"--url", "http://127.0.0.1:1", "stray"},
    };
    String[] expected = {"--url is required", "--rate must be a number", "--duration must be a duration",
        "--connections needs a value", "unknown option --conections", "--rate does not apply to --closed",
        "--p99 only applies to --find-max-rate", "--users is out of range", "unexpected argument 'stray'"};
    for (int i = 0; i < bad.length; i++) {
      String[] args = bad[i];
      assertThatThrownBy(() -> LoadMain.parse(args)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(expected[i]);
    }
  }

  @Test
  void durationsReadAndPrintInShortForm() {
    assertThat(Format.parseDuration("x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Format.parseDuration("x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Format.parseDuration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Format.parseDuration("x", "PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Format.parseDuration("x", "7")).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> Format.parseDuration("--timeout", "3 weeks")).hasMessageContaining("--timeout");
    assertThat(Format.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Format.duration(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Format.duration(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Format.duration(Duration.ofMillis(250))).isEqualTo("250ms");
  }
}
