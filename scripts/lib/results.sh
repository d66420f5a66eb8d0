# shellcheck shell=bash
# Summing test results (sourced by scripts/test.sh and e2e-node.sh). Both print
# "passed failed skipped"; problems go to stderr.

# trx_sum FILE...: the <Counters> of the TRX files, summed. xunit v3 under VSTest reports a skipped
# test as outcome NotExecuted but leaves the notExecuted counter at 0: skipped = total - executed.
trx_sum() {
    local f counters p=0 x=0 s=0 total executed notexec
    # attr NAME: the attribute NAME of $counters, 0 when absent.
    attr() {
        local v
        v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"
        echo "${v:-0}"
    }
    for f in "$@"; do
        counters="$(tr '\n' ' ' <"$f" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
        [[ -n "$counters" ]] || { echo "    warning: no <Counters> in $f" >&2; continue; }
        p=$((p + $(attr passed)))
        x=$((x + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
        total=$(attr total) executed=$(attr executed) notexec=$(attr notExecuted)
        s=$((s + (total - executed > notexec ? total - executed : notexec)))
    done
    echo "$p $x $s"
}

# tap_sum LOG EXIT-CODE: the summary node --test printed last ("# pass N" ...); a run with no
# summary, no test, or a non-zero exit code without a failed test counts one failure more.
tap_sum() {
    local log=$1 rc=$2 tests pass fail cancelled skipped todo
    count() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$log" | tail -n 1; }
    tests="$(count tests)" pass="$(count pass)" fail="$(count fail)"
    cancelled="$(count cancelled)" skipped="$(count skipped)" todo="$(count todo)"
    if [[ -z "$tests" || -z "$pass" || -z "$fail" ]]; then
        echo "    FAILED: node --test printed no summary (exit code $rc)" >&2
        echo "0 1 0"
        return
    fi
    fail=$((fail + ${cancelled:-0}))
    if ((tests == 0)); then
        echo "    FAILED: node --test ran no test" >&2
        fail=$((fail + 1))
    elif ((rc != 0 && fail == 0)); then
        echo "    FAILED: node --test exited with $rc without a failed test" >&2
        fail=$((fail + 1))
    fi
    echo "$pass $fail $((${skipped:-0} + ${todo:-0}))"
}
