package io.swarmrec.algo.linear;

/** The rows of a dense square float matrix, wherever they are kept (Java heap or native memory). */
interface DenseRows {

  /** The number of rows (and columns). */
  int size();

  /** {@code out += weight * row(row)}. */
  void addRow(int row, float weight, float[] out);

  /** Rows kept in one row-major Java array. */
  static DenseRows heap(float[] data, int n) {
    return new DenseRows() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public void addRow(int row, float weight, float[] out) {
        io.swarmrec.core.vector.VectorOps.get().axpy(weight, data, row * n, out, 0, n);
      }
    };
  }
}
