#!/bin/sh
# Every message of the sources has a Russian translation, with the same {N}
# placeholders: fails naming each message that has none, or whose
# translation's placeholders differ (po/messages.h). Run by ctest:
#   catalogue_test.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
find engine app storage workflows formats server tools po -name '*.cc' -o -name '*.h' -o -name '*.cc.in' |
  grep -v '^tools/bench/' | LC_ALL=C sort >"$tmp/files"
xgettext --from-code=UTF-8 --language=C++ --no-location --sort-output \
  --keyword=Tr:1 --keyword=TrC:1c,2 --keyword=TrN:1,2 --keyword=TrIn:2 \
  --keyword=N_:1 --keyword=NC_:1c,2 \
  --files-from="$tmp/files" -o "$tmp/rollout.pot"
msgcat --use-first -o "$tmp/ru.po" po/ru*.po
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$tmp/ru.po" "$tmp/rollout.pot"
status=0
missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" | grep -c '^msgid "' || true)
# The header entry (msgid "") counts when there is anything else.
if [ "$missing" -gt 1 ]; then
  echo "messages without a Russian translation in po/ru.po:"
  msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" | grep -A1 '^msg\(ctxt\|id\) "' | grep -v '^msgid ""$' | grep -v '^--$' | grep -v '^msgstr'
  status=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -c '^msgid "' || true)
if [ "$fuzzy" -gt 1 ]; then
  echo "fuzzy translations in po/ru.po (review them and drop the fuzzy flag):"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po" | grep '^msgid "' | grep -v '^msgid ""$'
  status=1
fi
# The placeholders {0}, {1}, ... of each translation against its message
# (every plural form against the plural message).
cat >"$tmp/check.sh" <<'CHECK'
#!/bin/sh
[ -z "$MSGEXEC_MSGID" ] && exit 0
t=$(cat)
[ -z "$t" ] && exit 0
ids() { printf '%s' "$1" | sed 's/{{//g; s/}}//g' | grep -o '{[0-9]*}' | sort -u | tr '\n' ' '; }
want=$(ids "$MSGEXEC_MSGID")
if [ -n "${MSGEXEC_MSGID_PLURAL:-}" ]; then
  want=$( (ids "$MSGEXEC_MSGID" | tr ' ' '\n'; ids "$MSGEXEC_MSGID_PLURAL" | tr ' ' '\n') | grep . | sort -u | tr '\n' ' ')
fi
got=$(ids "$t")
if [ -n "${MSGEXEC_MSGID_PLURAL:-}" ]; then
  # A plural form may leave out the number ("один день"); none may add one.
  for g in $got; do case " $want " in *" $g "*) ;; *) echo "placeholder $g not in: $MSGEXEC_MSGID" >&2; exit 1;; esac; done
elif [ "$want" != "$got" ]; then
  echo "placeholders differ ($want / $got): $MSGEXEC_MSGID" >&2
  exit 1
fi
CHECK
chmod +x "$tmp/check.sh"
if ! msgexec -i "$tmp/merged.po" "$tmp/check.sh" 2>"$tmp/placeholders"; then
  cat "$tmp/placeholders"
  status=1
fi
msgfmt --check -o /dev/null "$tmp/merged.po" || status=1
total=$(grep -c '^msgid "' "$tmp/rollout.pot" || true)
echo "catalogue: $((total - 1)) messages in the sources"
exit $status
