package io.swarmrec.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency directions of docs/ARCHITECTURE.md ("Modules and dependency rules"), enforced: core knows
 * nothing of I/O, algorithms know only core, the server knows no algorithm internals, the load generator
 * knows the service only over HTTP, and nothing depends on the CLI or the benchmarks.
 * Maven already forbids a module from importing one it does not declare; these rules also catch a
 * dependency declared against the intended direction and package-level shortcuts inside a module.
 */
@AnalyzeClasses(packages = "io.swarmrec", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule modules = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("core").definedBy("io.swarmrec.core..")
      .layer("algo").definedBy("io.swarmrec.algo..")
      .layer("eval").definedBy("io.swarmrec.eval..")
      .layer("store").definedBy("io.swarmrec.store..")
      .layer("cache").definedBy("io.swarmrec.cache..")
      .layer("server").definedBy("io.swarmrec.server..")
      .layer("cli").definedBy("io.swarmrec.cli..")
      .layer("bench").definedBy("io.swarmrec.bench..")
      .layer("load").definedBy("io.swarmrec.load..")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("bench").mayNotBeAccessedByAnyLayer()
      .whereLayer("load").mayOnlyBeAccessedByLayers("cli", "bench")
      .whereLayer("server").mayOnlyBeAccessedByLayers("cli", "bench")
      .whereLayer("eval").mayOnlyBeAccessedByLayers("cli", "bench")
      .whereLayer("store").mayOnlyBeAccessedByLayers("server", "cli", "bench")
      .whereLayer("cache").mayOnlyBeAccessedByLayers("server", "cli", "bench")
      .whereLayer("algo").mayOnlyBeAccessedByLayers("eval", "server", "cli", "bench")
      .withOptionalLayers(true);

  @ArchTest
  static final ArchRule loadTalksHttpOnly = noClasses().that().resideInAPackage("io.swarmrec.load..")
      .should().dependOnClassesThat().resideInAnyPackage("io.swarmrec.core..", "io.swarmrec.algo..",
          "io.swarmrec.eval..", "io.swarmrec.store..", "io.swarmrec.cache..", "io.swarmrec.server..")
      .because("the load generator measures the service from outside, through its HTTP API and /metrics only,"
          + " so that it can load any deployment and never shares code paths with what it measures");

  @ArchTest
  static final ArchRule coreDoesNoIo = noClasses().that().resideInAPackage("io.swarmrec.core..")
      .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
          "java.sql..", "java.nio.channels..")
      .because("swarmrec-core holds data structures and kernels only; I/O lives in store, eval and server");

  @ArchTest
  static final ArchRule algoDoesNoIo = noClasses().that().resideInAPackage("io.swarmrec.algo..")
      .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
      .because("recommenders train from Interactions, never from files, sockets or databases");

  @ArchTest
  static final ArchRule serverSeesOnlyTheAlgorithmApi = noClasses().that().resideInAPackage("io.swarmrec.server..")
      .should().dependOnClassesThat(resideInAPackage("io.swarmrec.algo.*..")
          .and(com.tngtech.archunit.base.DescribedPredicate.not(
              resideInAnyPackage("io.swarmrec.algo.rerank..", "io.swarmrec.algo.explain.."))))
      .because("the server talks to recommenders through io.swarmrec.algo's small API (with its model-independent"
          + " re-ranking and explanation stages), never to their internals");

  @ArchTest
  static final ArchRule algorithmsStayIndependent = noClasses().that()
      .resideInAnyPackage("io.swarmrec.algo.popularity..", "io.swarmrec.algo.itemknn..", "io.swarmrec.algo.userknn..",
          "io.swarmrec.algo.als..", "io.swarmrec.algo.svd..", "io.swarmrec.algo.linear..")
      .should().dependOnClassesThat().resideInAPackage("io.swarmrec.algo.hybrid..")
      .because("a blend composes models; no model depends on the blend");

  @ArchTest
  static final ArchRule engineKnowsNoTransport = noClasses().that().resideInAPackage("io.swarmrec.server.engine..")
      .should().dependOnClassesThat().resideInAnyPackage("io.swarmrec.server.http..", "io.netty..",
          "com.fasterxml.jackson..")
      .because("the engine is a library (swarmrec recommend, embedding); HTTP, JSON and status codes live at the edge");
}
