# Sourced by ./swarmrec and .ci/run: exports JAVA_HOME pointing at a JDK >= 21 (25 preferred),
# or prints one line saying what to install and exits 1.
swarmrec_java_major() { # $1 = JAVA_HOME candidate; prints the feature version or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
swarmrec_find_jdk() {
  local best="" best_v=0 c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$c" ] && [ -d "$c" ] || continue
    v=$(swarmrec_java_major "$c")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
    # JAVA_HOME wins when it is new enough
    if [ "$c" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best=$c; break; fi
  done
  if [ -z "$best" ]; then
    echo "swarmrec: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm); install JDK 25, e.g. 'apt-get install temurin-25-jdk' or openjdk-25-jdk, and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's own libraries call sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it quietly.
  if [ "$best_v" -ge 24 ] || [ "$(swarmrec_java_major "$best")" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
}
