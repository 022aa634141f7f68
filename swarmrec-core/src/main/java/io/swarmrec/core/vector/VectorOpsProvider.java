package io.swarmrec.core.vector;

/**
 * Chooses the {@link VectorOps} implementation once, when first asked (class initialisation is the lazy,
 * thread-safe singleton). A JVM without the incubator module silently gets the scalar kernels: that is a
 * supported configuration, not an error. A module that is present but fails to link is reported on stderr.
 */
final class VectorOpsProvider {
  static final String PROPERTY = "swarmrec.simd";
  private static final String MODULE = "jdk.incubator.vector";
  private static final String PANAMA_CLASS = "io.swarmrec.core.vector.PanamaVectorOps";

  static final VectorOps SELECTED = select(System.getProperty(PROPERTY));

  private VectorOpsProvider() {}

  /** The implementation for a value of the {@code swarmrec.simd} property (null = unset = enabled). */
  static VectorOps select(String simdProperty) {
    VectorOps panama = "false".equalsIgnoreCase(simdProperty) ? null : panamaOrNull();
    return panama != null ? panama : ScalarVectorOps.INSTANCE;
  }

  /** A new Panama implementation when the module is in the boot layer, else null. */
  static VectorOps panamaOrNull() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      return (VectorOps) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // core does no I/O: the chosen implementation is visible through VectorOps.get()
    }
  }
}
