#!/usr/bin/env bash
# Builds a real git repository for an end-to-end test.
#
#   mkrepo.sh REPO STEP...
#
# Each STEP is a directory laid over REPO and committed: its files replace
# REPO's, a file `.delete` lists paths to remove, `.message` holds the commit
# message (default: the step's name), `.nocommit` leaves the step in the
# working tree uncommitted, `.author` ("Name <email>") sets that commit's
# author and `.committer` its committer (default: the repository's "Test
# Author <author@example.com>"). Commits get fixed dates, one minute apart.
# Afterwards REPO/build/compile_commands.json lists every .cc/.cpp file of
# the working tree except those named in REPO/.nocdb. With no STEP it only
# writes that database, e.g. for a clone of a repository built earlier.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: mkrepo.sh REPO STEP..." >&2
  exit 2
fi
repo=$1; shift
src_root=$(cd "$(dirname "$0")/../.." && pwd)
# Steps may be given relative to the caller's directory; we cd into REPO below.
steps=()
for step in "$@"; do
  if [ ! -d "$step" ]; then
    echo "mkrepo.sh: step '$step' is not a directory" >&2
    exit 2
  fi
  steps+=("$(cd "$step" && pwd -P)")
done
mkdir -p "$repo"
repo=$(cd "$repo" && pwd -P)
cd "$repo"
if [ ! -d .git ]; then
  git init -q -b main .
  git config user.name "Test Author"
  git config user.email author@example.com
  git config commit.gpgsign false
  printf '/build/\n' > .gitignore
fi
minute=0
for step in ${steps[@]+"${steps[@]}"}; do
  cp -R "$step"/. .
  if [ -f .delete ]; then
    while read -r p; do [ -n "$p" ] && git rm -q -r --cached "$p" >/dev/null 2>&1; rm -rf "$p"; done < .delete
    rm -f .delete
  fi
  msg=$(basename "$step")
  [ -f .message ] && msg=$(cat .message) && rm -f .message
  author=()
  if [ -f .author ]; then
    a=$(cat .author); rm -f .author
    name=${a%%<*}; name=${name% }; email=${a##*<}; email=${email%%>*}
    author=("GIT_AUTHOR_NAME=$name" "GIT_AUTHOR_EMAIL=$email")
  fi
  if [ -f .committer ]; then
    a=$(cat .committer); rm -f .committer
    name=${a%%<*}; name=${name% }; email=${a##*<}; email=${email%%>*}
    author+=("GIT_COMMITTER_NAME=$name" "GIT_COMMITTER_EMAIL=$email")
  fi
  if [ -f .nocommit ]; then rm -f .nocommit; continue; fi
  git add -A
  date="2026-01-01T00:$(printf %02d $minute):00Z"
  env ${author[@]+"${author[@]}"} GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git commit -q --allow-empty -m "$msg"
  minute=$((minute + 1))
done
mkdir -p build
{
  echo "["
  first=1
  while IFS= read -r f; do
    if [ -f .nocdb ] && grep -qxF "$f" .nocdb; then continue; fi
    [ $first = 1 ] || echo ","
    first=0
    printf '  {"directory": "%s", "file": "%s/%s", "arguments": ["clang++-19", "-std=c++17", "-I%s/include", "-I%s/annotations/include", "-c", "%s/%s"]}' \
      "$repo" "$repo" "$f" "$repo" "$src_root" "$repo" "$f"
  done < <(find . -path ./build -prune -o -path ./.git -prune -o \( -name '*.cc' -o -name '*.cpp' \) -print | sed 's|^\./||' | LC_ALL=C sort)
  echo
  echo "]"
} > build/compile_commands.json
