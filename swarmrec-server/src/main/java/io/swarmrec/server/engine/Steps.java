package io.swarmrec.server.engine;

import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.SimulationSteps;
import io.swarmrec.core.topk.ScoredIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Simulation steps: the answers for a set of users now, as a batch would give them (the users' newest
 * events count, items deleted since the build are left out, short lists are filled from popularity), but
 * scoring again only the users whose inputs changed since the previous step with the same algorithm and k:
 * their overlay events (compared by identity: every new event replaces a user's overlay entry), the model
 * (a swap rescores everyone) or the catalogue's generation (item deletions). The rest come from the
 * previous step's table ({@link SimulationSteps}) with source {@code step}; rescored ones have source
 * {@code computed}. No deadline and no permits: a step is a bulk job for a simulation driver, run on one
 * worker thread that fans out over every core. Users unknown to the model are scored at every step.
 */
final class Steps {
  private final ModelManager models;
  private final Catalogue catalogue;
  private final Guards guards;
  private final Reads reads;
  private final Exposure exposure;
  private final Map<String, Table> tables = new HashMap<>(); // by algo, list length and rules; guarded by itself

  Steps(ModelManager models, Catalogue catalogue, Guards guards, Reads reads, Exposure exposure) {
    this.exposure = exposure;
    this.models = models;
    this.catalogue = catalogue;
    this.guards = guards;
    this.reads = reads;
  }

  CompletableFuture<List<RecResult>> step(List<String> users, int k, String algo, FeedRules rules) {
    Recommender rec = reads.servedOrFail(models.current(), algo); // refused before any work
    return guards.onWorker(() -> stepNow(users, k, algo, rec, rules));
  }

  /** Per (algo, list length): the table and what its answers were computed from. */
  private static final class Table {
    final SimulationSteps table;
    final Model model;
    final Overlay.Delta[] inputs; // the overlay entry each user was last scored with
    final long[] shown; // the exposure version each user was last scored with
    final boolean[] popular; // the answer came from popularity alone (unknown to the model's algorithm)
    final boolean[] exhausted;
    long generation;

    Table(Model model, int want, long generation) {
      this.model = model;
      int n = model.data().numUsers();
      this.table = new SimulationSteps(n, want);
      this.inputs = new Overlay.Delta[n];
      this.shown = new long[n];
      this.popular = new boolean[n];
      this.exhausted = new boolean[n];
      this.generation = generation;
    }
  }

  private List<RecResult> stepNow(List<String> users, int k, String algo, Recommender requested, FeedRules rules) {
    Model m = models.current();
    Recommender rec = m.recommender(algo) != null ? m.recommender(algo) : requested;
    int want = k + catalogue.slack(100);
    if (rules.networkShare() > 0) { // mixes in posts stored since the build, by external id: no step table
      List<RecResult> out = new ArrayList<>(users.size());
      for (String u : users) {
        out.add(reads.compute(m, RecRequest.of(u, k, algo).withRules(rules)));
      }
      return out;
    }
    boolean ruled = reads.feed().applies(RecRequest.of("-", k, algo).withRules(rules));
    boolean clock = rules.usesWallClock();
    synchronized (tables) {
      Table st = table(m, algo + (rules != FeedRules.NONE ? "?" + rules.canonical() : ""), want);
      if (clock) {
        st.table.changedAll(); // answers under the wall clock go stale by themselves
      }
      int[] dense = new int[users.size()];
      int known = 0;
      for (int i = 0; i < dense.length; i++) {
        String u = users.get(i);
        int id = models.isForgotten(u) ? -1 : m.data().users().get(u);
        dense[i] = id;
        if (id >= 0) {
          Overlay.Delta d = models.overlay().get(u);
          long v = exposure.version(u);
          if (d != st.inputs[id] || v != st.shown[id]) {
            st.table.changed(id);
            st.inputs[id] = d;
            st.shown[id] = v;
          }
          known++;
        }
      }
      int[] agents = new int[known];
      for (int i = 0, n = 0; i < dense.length; i++) {
        if (dense[i] >= 0) {
          agents[n++] = dense[i];
        }
      }
      st.table.stepWith(m, agents, agent -> {
        RecRequest req = RecRequest.of(m.data().users().key(agent), k, algo).withRules(rules);
        Scoring s = Scoring.of(m, models, req, catalogue.deleted);
        if (ruled) {
          Feed.Answer a = reads.feed().compute(m, s, req, rec);
          st.popular[agent] = !a.algo().equals(rec.name());
          st.exhausted[agent] = a.exhausted();
          return a.list();
        }
        ScoredIds scored = Reads.scoreDense(m, rec, s);
        st.popular[agent] = scored == null;
        return scored == null ? m.popular().recommend(s.user(), s.want(), s.options()) : scored;
      }, rec::batchOrder);
      int number = st.table.steps();
      List<RecResult> out = new ArrayList<>(users.size());
      for (int i = 0; i < dense.length; i++) {
        int id = dense[i];
        if (id < 0) {
          out.add(reads.compute(m, RecRequest.of(users.get(i), k, algo).withRules(rules)));
          continue;
        }
        Scoring s = new Scoring(id, k, want, null, catalogue.deleted, users.get(i));
        String source = st.table.scoredAt(id) == number ? "computed" : "step";
        RecResult r = s.toResult(m, st.table.result(id), st.popular[id] ? m.popular().name() : algo, false, source);
        out.add(ruled ? new RecResult(r.user(), r.algo(), false, source, r.modelVersion(), r.items(), r.scores(), null,
            0, st.exhausted[id] || r.items().length < k, null) : r);
      }
      return out;
    }
  }

  /** The table for (algo, want) on model {@code m}, made anew after a swap; invalidated by the generation. */
  private Table table(Model m, String algo, int want) {
    String key = algo + "/" + want;
    Table st = tables.get(key);
    if (st == null || st.model != m) {
      if (st != null) {
        tables.clear(); // tables of an old model are dead weight
      }
      st = new Table(m, want, catalogue.generation());
      tables.put(key, st);
    }
    long generation = catalogue.generation();
    if (st.generation != generation) {
      st.table.changedAll();
      st.generation = generation;
    }
    return st;
  }
}
