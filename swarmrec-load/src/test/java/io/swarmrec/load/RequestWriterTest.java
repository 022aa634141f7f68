package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The raw bytes the generator writes are well-formed HTTP/1.1 with the bodies the API expects. */
class RequestWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoadSpec spec = LoadSpec.builder("http://127.0.0.1:8080/pre").users(1000).items(50).k(7)
      .batchSize(4).eventsPerRequest(3).userPrefix("agent-").build();

  private static FullHttpRequest decode(ByteBuf bytes) {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(1 << 20));
    ch.writeInbound(bytes);
    FullHttpRequest r = ch.readInbound();
    assertThat(r.decoderResult().isSuccess()).isTrue();
    Object more = ch.readInbound();
    assertThat(more).as("exactly one request").isNull();
    return r;
  }

  private FullHttpRequest write(Endpoint e, long seed) {
    ByteBuf out = Unpooled.buffer();
    new RequestWriter(spec).write(e, new SplittableRandom(seed), out);
    return decode(out);
  }

  @Test
  void singleRecommendation() {
    FullHttpRequest r = write(Endpoint.REC, 1);
    assertThat(r.method().name()).isEqualTo("GET");
    assertThat(r.uri()).matches("/pre/v1/users/agent-\\d{1,3}/recommendations\\?k=7");
    assertThat(r.headers().get("Host")).isEqualTo("127.0.0.1:8080");
    r.release();
  }

  @Test
  void batchBody() throws Exception {
    FullHttpRequest r = write(Endpoint.BATCH, 2);
    assertThat(r.uri()).isEqualTo("/pre/v1/recommendations/batch");
    JsonNode body = JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    assertThat(body.path("k").asInt()).isEqualTo(7);
    assertThat(body.path("users")).hasSize(4).allSatisfy(u -> assertThat(u.asText()).matches("agent-\\d+"));
    r.release();
  }

  @Test
  void eventsBody() throws Exception {
    FullHttpRequest r = write(Endpoint.EVENTS, 3);
    assertThat(r.uri()).isEqualTo("/pre/v1/events");
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
    JsonNode body = JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    assertThat(body).hasSize(3).allSatisfy(ev -> {
      assertThat(ev.path("user").asText()).matches("agent-\\d+");
      assertThat(ev.path("item").asText()).matches("i\\d+");
      assertThat(Integer.parseInt(ev.path("item").asText().substring(1))).isBetween(0, 49);
      assertThat(ev.path("type").asText()).isEqualTo("view");
    });
    r.release();
  }

  @Test
  void missCacheGivesEveryRecommendationItsOwnScene() throws Exception {
    LoadSpec bust = LoadSpec.builder("http://127.0.0.1:8080").users(3).k(5).batchSize(2).missCache(true).build();
    RequestWriter w = new RequestWriter(bust);
    SplittableRandom rnd = new SplittableRandom(9);
    java.util.Set<String> scenes = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      ByteBuf out = Unpooled.buffer();
      w.write(Endpoint.REC, rnd, out);
      FullHttpRequest r = decode(out);
      assertThat(r.uri()).matches("/v1/users/a[0-2]/recommendations\\?k=5&scene=x\\d+-\\d+");
      scenes.add(r.uri().substring(r.uri().indexOf("scene=")));
      r.release();
    }
    assertThat(scenes).as("users repeat, scenes do not").hasSize(50);

    ByteBuf out = Unpooled.buffer();
    w.write(Endpoint.BATCH, rnd, out);
    FullHttpRequest r = decode(out);
    JsonNode body = JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    assertThat(body.path("users")).hasSize(2);
    assertThat(body.path("k").asInt()).isEqualTo(5);
    assertThat(body.path("scene").asText()).matches("x\\d+-\\d+");
    r.release();

    ByteBuf again = Unpooled.buffer();
    new RequestWriter(bust).write(Endpoint.REC, new SplittableRandom(9), again);
    FullHttpRequest first = decode(again);
    assertThat(scenes).as("a later run with the same seed repeats no scene")
        .doesNotContain(first.uri().substring(first.uri().indexOf("scene=")));
    first.release();
  }

  @Test
  void sameSeedSameBytes() {
    ByteBuf a = Unpooled.buffer();
    ByteBuf b = Unpooled.buffer();
    RequestWriter w = new RequestWriter(spec);
    SplittableRandom ra = new SplittableRandom(5);
    SplittableRandom rb = new SplittableRandom(5);
    for (Endpoint e : Endpoint.values()) {
      w.write(e, ra, a);
      w.write(e, rb, b);
    }
    assertThat(ascii(a)).isEqualTo(ascii(b));
  }

  private static String ascii(ByteBuf b) {
    return b.toString(StandardCharsets.US_ASCII);
  }
}
