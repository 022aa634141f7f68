package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VarintEntryCodecTest {

  private static VarintEntryCodec.Entry sample() {
    CachedRecs recs = new CachedRecs(new String[] {"item-1", "ünïcødé", "", "emoji-\uD83D\uDE00", "a:b{c}"},
        new float[] {3.5f, -0.25f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY}, "itemknn", true,
        Long.MAX_VALUE, -5L);
    return new VarintEntryCodec.Entry(Long.MAX_VALUE - 1, 42, 1_700_000_000_000L, recs);
  }

  @Test
  void roundTripsEveryField() {
    VarintEntryCodec.Entry e = sample();
    VarintEntryCodec.Entry back = VarintEntryCodec.decode(VarintEntryCodec.encode(e));
    assertThat(back).isEqualTo(e);
    assertThat(back.recs().degraded()).isTrue();
    assertThat(Float.floatToRawIntBits(back.recs().score(2))).isEqualTo(Float.floatToRawIntBits(Float.NaN));
  }

  @Test
  void roundTripsAnEmptyListAndRandomLists() {
    Random rnd = new Random(7);
    for (int t = 0; t < 200; t++) {
      int n = t == 0 ? 0 : rnd.nextInt(50);
      String[] ids = new String[n];
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        ids[i] = Long.toString(rnd.nextLong(), 36);
        scores[i] = rnd.nextFloat() * 100 - 50;
      }
      CachedRecs r = new CachedRecs(ids, scores, "als", rnd.nextBoolean(), rnd.nextLong(), rnd.nextLong());
      VarintEntryCodec.Entry e = new VarintEntryCodec.Entry(rnd.nextLong() & Long.MAX_VALUE, rnd.nextInt(1000),
          rnd.nextLong(), r);
      assertThat(VarintEntryCodec.decode(VarintEntryCodec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void isCompact() {
    String[] ids = new String[20];
    float[] scores = new float[20];
    for (int i = 0; i < 20; i++) {
      ids[i] = "i" + (100000 + i);
    }
    byte[] bytes = VarintEntryCodec.encode(new VarintEntryCodec.Entry(123456789L, 3, 1_700_000_000_000L,
        new CachedRecs(ids, scores, "itemknn", false, 7, 1_700_000_000_000L)));
    // per item: 1 length byte + 7 chars + 4 score bytes; plus header, algorithm and checksum
    assertThat(bytes.length).isLessThan(20 * 12 + 48);
  }

  @Test
  void firstByteIsTheFormatVersionAndUnknownVersionsAreRejected() {
    byte[] bytes = VarintEntryCodec.encode(sample());
    assertThat(bytes[0]).isEqualTo((byte) VarintEntryCodec.VERSION);
    bytes[0] = 9;
    assertThatThrownBy(() -> VarintEntryCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported cache entry format version 9");
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] bytes = VarintEntryCodec.encode(sample());
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> VarintEntryCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsEverySingleBitFlip() {
    byte[] bytes = VarintEntryCodec.encode(sample());
    for (int bit = 8; bit < bytes.length * 8; bit++) { // the version byte has its own check
      byte[] flipped = bytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> VarintEntryCodec.decode(flipped))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("corrupt");
    }
  }

  @Test
  void rejectsTrailingBytesAndHostileCountsEvenWithAValidChecksum() {
    ByteWriter w = new ByteWriter(32);
    w.writeByte(VarintEntryCodec.VERSION);
    w.writeByte(0);
    w.writeVarLong(1);
    w.writeVarLong(1);
    w.writeSignedVarLong(1);
    w.writeSignedVarLong(1);
    w.writeSignedVarLong(1);
    w.writeString("als");
    w.writeVarLong(Integer.MAX_VALUE); // claims two billion items
    w.writeInt(crcOf(w));
    byte[] hostile = w.toByteArray();
    assertThatThrownBy(() -> VarintEntryCodec.decode(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }

  private static int crcOf(ByteWriter w) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(w.buffer(), 0, w.size());
    return (int) crc.getValue();
  }

  @Test
  void translatesDenseIdsThroughTheDictionary() {
    IdDictionary items = new IdDictionary();
    items.getOrAdd("x");
    items.getOrAdd("y");
    items.getOrAdd("z");
    CachedRecs r = CachedRecs.of(new ScoredIds(new int[] {2, 0}, new float[] {0.9f, 0.1f}), items, "pop", false, 1, 2);
    assertThat(r.itemIds()).containsExactly("z", "x");
    assertThat(r.scores()).containsExactly(0.9f, 0.1f);
  }

  @Test
  void rejectsMismatchedArrays() {
    assertThatThrownBy(() -> new CachedRecs(new String[] {"a"}, new float[0], "als", false, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in length");
  }
}
