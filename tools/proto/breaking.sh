#!/usr/bin/env bash
# `buf breaking`: the proto files of the working tree (committed or not) against a base commit.
#
# The base:
#   - $MATE_BREAKING_BASE, when set (any git revision);
#   - on a branch: where it forked from main (merge-base with origin/main, else with local main);
#   - on main itself, as in CI on a fresh clone where HEAD is main: the previous commit (HEAD~1),
#     so the last commit and any uncommitted change are both checked;
#   - no previous commit (the repository's first commit): nothing to compare, skipped.
# A base without proto files has nothing to break either.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"

log() { printf 'proto:breaking: %s\n' "$*"; }
fail() { printf 'proto:breaking: error: %s\n' "$*" >&2; exit 1; }
rev() { git rev-parse -q --verify "$1^{commit}" 2>/dev/null; }

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  log "not a git checkout: no base to compare with, skipped"
  exit 0
fi

head="$(rev HEAD)" || { log "no commit yet: skipped"; exit 0; }
base=""
why=""

if [[ -n "${MATE_BREAKING_BASE:-}" ]]; then
  base="$(rev "$MATE_BREAKING_BASE")" || fail "MATE_BREAKING_BASE=$MATE_BREAKING_BASE is not a commit"
  why="MATE_BREAKING_BASE=$MATE_BREAKING_BASE"
else
  for main_ref in origin/main main; do
    rev "$main_ref" >/dev/null || continue
    fork="$(git merge-base HEAD "$main_ref")" ||
      fail "no merge-base of HEAD and $main_ref (shallow clone? fetch with full history, e.g. fetch-depth: 0)"
    if [[ "$fork" != "$head" ]]; then
      base="$fork"
      why="merge-base of HEAD and $main_ref"
    fi
    break # HEAD is on main (or main is missing from here): the previous commit is the base
  done
  if [[ -z "$base" ]]; then
    if base="$(rev HEAD~1)"; then
      why="previous commit (HEAD~1)"
    elif [[ "$(git rev-parse --is-shallow-repository)" == "true" ]]; then
      fail "shallow clone: HEAD~1 is missing. Fetch more history (e.g. fetch-depth: 0) or set MATE_BREAKING_BASE"
    else
      log "HEAD is the repository's first commit: nothing to compare with, skipped"
      exit 0
    fi
  fi
fi

short="$(git rev-parse --short "$base")"
if ! git ls-tree -r --name-only "$base" -- proto | grep -q '\.proto$'; then
  log "no proto files at base $short ($why): nothing to break, skipped"
  exit 0
fi

# The base's own buf.yaml describes its module layout; without one, proto/ is the module.
if git cat-file -e "$base:buf.yaml" 2>/dev/null; then
  against=".git#ref=$base"
else
  against=".git#ref=$base,subdir=proto"
fi

log "checking proto/ against $short ($why)"
if ! buf breaking --against "$against"; then
  printf '%s\n' \
    "proto:breaking: error: incompatible change to the proto files (see above)." \
    "  Add new fields with new numbers, mark removed ones 'reserved'; an incompatible shape is a new v2 package and topic." >&2
  exit 1
fi
log "no breaking changes"
