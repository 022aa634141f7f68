package io.swarmrec.store.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Content vectors as bytes: little-endian float32, 4 bytes a dimension, no header (the length gives the
 * dimension). One BLOB/bytea column costs a quarter of a {@code real[]} text form, round-trips every
 * float bit-exactly, and reads back with one bulk copy.
 */
final class VectorBytes {
  private VectorBytes() {}

  static byte[] encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalStateException("stored vector has " + bytes.length + " bytes, not a multiple of 4");
    }
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
