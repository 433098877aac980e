# shellcheck shell=bash
# Sourced by the bin/ scripts and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Preference: $JAVA_HOME when it already is >= 21, else the newest JDK under /usr/lib/jvm.

claviger_java_major() {
  # Prints the feature version (e.g. 25) of the JDK in directory $1, or nothing.
  local home=$1 version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -f "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

claviger_pick_jdk() {
  local min=21 best="" best_major=0 dir major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(claviger_java_major "$JAVA_HOME")
    if [[ -n "$major" && "$major" -ge $min ]]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [[ -L "$dir" ]] && continue
    major=$(claviger_java_major "$dir")
    if [[ -n "$major" && "$major" -ge $min && "$major" -gt $best_major ]]; then
      best=$dir
      best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "claviger: no JDK >= $min found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME=$best
}

claviger_pick_jdk || exit 2
export PATH="$JAVA_HOME/bin:$PATH"
