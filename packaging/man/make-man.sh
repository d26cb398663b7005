#!/usr/bin/env bash
# make-man.sh PROGRAM NAME-LINE H2M OUT.1.gz [SUBCOMMAND...]
# A man page from PROGRAM's --help and --version (help2man), with the extra
# sections of H2M and, for each SUBCOMMAND, its own --help under COMMANDS.
set -euo pipefail
program=$1 name=$2 h2m=$3 out=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$h2m" "$tmp/include.h2m"
if [ $# -gt 0 ]; then
  {
    echo "[COMMANDS]"
    for cmd in "$@"; do
      echo ".SS $cmd"
      echo ".nf"
      # roff: a backslash is \e, a line may not start with . or '.
      "$program" "$cmd" --help | sed -e "s|$program|$(basename "$program")|g" -e 's/\\/\\e/g' \
        -e "s/^\([.']\)/\\\\\&\1/"
      echo ".fi"
    done
  } >>"$tmp/include.h2m"
fi
# The page's date is $SOURCE_DATE_EPOCH when set (the commit's time: the same
# page from the same commit), else today.
help2man --no-info --no-discard-stderr --section=1 \
  --name="$name" --include="$tmp/include.h2m" --output="$tmp/page.1" "$program"
gzip -9n <"$tmp/page.1" >"$out"
