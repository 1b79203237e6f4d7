#!/usr/bin/env bash
# `buf breaking`: the proto files of the working tree (committed or not) against base commits.
#
# Bases:
#   - $MATE_BREAKING_BASE, when set (any git revision; CI can pass the commit before a push);
#   - on a branch: where it forked from main (merge-base with origin/main, else with local main);
#   - on main itself (CI on a fresh clone, where HEAD is main): the parent of the last commit that
#     changed proto/ or buf.yaml (HEAD~1 when that is HEAD), so a proto change is still checked when
#     later commits were pushed with it; plus HEAD when proto/ has uncommitted changes.
#   - none of those (proto/ came with the first commit and is unchanged since): skipped.
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

bases=()
reasons=()
add_base() { bases+=("$1"); reasons+=("$2"); }

if [[ -n "${MATE_BREAKING_BASE:-}" ]]; then
  base="$(rev "$MATE_BREAKING_BASE")" || fail "MATE_BREAKING_BASE=$MATE_BREAKING_BASE is not a commit"
  add_base "$base" "MATE_BREAKING_BASE=$MATE_BREAKING_BASE"
else
  for main_ref in origin/main main; do
    rev "$main_ref" >/dev/null || continue
    fork="$(git merge-base HEAD "$main_ref")" ||
      fail "no merge-base of HEAD and $main_ref (shallow clone? fetch full history, e.g. fetch-depth: 0)"
    [[ "$fork" != "$head" ]] && add_base "$fork" "merge-base of HEAD and $main_ref"
    break # HEAD is on main: bases from main's own history below
  done
  if [[ ${#bases[@]} -eq 0 ]]; then
    if [[ -n "$(git status --porcelain -- proto buf.yaml)" ]]; then
      add_base "$head" "HEAD, for the uncommitted changes"
    fi
    if [[ "$(git rev-parse --is-shallow-repository)" == "true" ]]; then
      fail "shallow clone: the history of proto/ is incomplete. Fetch more (e.g. fetch-depth: 0) or set MATE_BREAKING_BASE"
    fi
    last_change="$(git log -1 --format=%H -- proto buf.yaml)"
    if [[ -n "$last_change" ]] && parent="$(rev "$last_change~1")"; then
      add_base "$parent" "parent of $(git rev-parse --short "$last_change"), the last commit that changed proto/"
    elif [[ ${#bases[@]} -eq 0 ]]; then
      if [[ -z "$last_change" ]]; then
        log "no commit has proto files yet: nothing to compare with, skipped"
      else
        log "proto/ has not changed since the repository's first commit: nothing to compare with, skipped"
      fi
      exit 0
    fi
  fi
fi

status=0
checked=0
for i in "${!bases[@]}"; do
  base="${bases[$i]}"
  short="$(git rev-parse --short "$base")"
  if ! git ls-tree -r --name-only "$base" -- proto | grep -q '\.proto$'; then
    log "no proto files at $short (${reasons[$i]}): nothing to break, skipped"
    continue
  fi
  # The base's own buf.yaml describes its module layout; without one, proto/ is the module.
  if git cat-file -e "$base:buf.yaml" 2>/dev/null; then
    against=".git#ref=$base"
  else
    against=".git#ref=$base,subdir=proto"
  fi
  log "checking proto/ against $short (${reasons[$i]})"
  buf breaking --against "$against" || status=1
  checked=$((checked + 1))
done

if [[ $status -ne 0 ]]; then
  printf '%s\n' \
    "proto:breaking: error: incompatible change to the proto files (see above)." \
    "  Add new fields with new numbers, mark removed ones 'reserved'; an incompatible shape is a new v2 package and topic." >&2
  exit 1
fi
if [[ $checked -gt 0 ]]; then log "no breaking changes"; fi
