#!/usr/bin/env bash
# Smoke test of the artillery scenarios, independent of CI: starts a lobby on a free local port,
# runs the scenarios briefly against it, stops the lobby, and passes when every run completed
# with no failed virtual user and the lobby took its room processes with it.
#
#   bash load/artillery/smoke.sh                  # create-and-play.yml and duel.yml
#   bash load/artillery/smoke.sh duel.yml         # only these (paths from load/artillery)
#
# Needs the project built (npm run build at the top level). Installs artillery into
# load/artillery/node_modules first if it is missing (about 600 MB). Takes about 30 s.
# Prints one line per scenario, then "artillery smoke: PASS (...)" or "artillery smoke: FAIL
# (...)", and exits 0 or 1. The reports and logs are kept (in a temporary folder it names)
# only when it fails.
set -euo pipefail

cd "$(dirname "$0")"

readonly cli=../../dist/cli/cli.js
readonly artillery=./node_modules/.bin/artillery
readonly scenario_timeout_seconds=60
readonly lobby_start_timeout_seconds=15
# How long a process has to end after SIGTERM before it gets SIGKILL.
readonly stop_timeout_seconds=5

if (($# > 0)); then scenarios=("$@"); else scenarios=(create-and-play.yml duel.yml); fi

if [[ ! -f $cli ]]; then
  echo "artillery smoke: FAIL (dist/cli/cli.js is missing: run npm run build at the top level)"
  exit 1
fi
if [[ ! -x $artillery ]]; then
  echo "installing artillery into load/artillery (about 600 MB, a minute or so)..." >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund >&2
fi

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/vimtron-artillery-smoke.XXXXXX")
lobby_pid=
artillery_pids=()
failures=()
keep_work_dir=1

# Sends SIGTERM to a child, gives it stop_timeout_seconds to end, then SIGKILLs it, and reaps
# it. Returns 1 if it had to kill.
stop_child() {
  local pid=$1 waited=0 killed=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < stop_timeout_seconds * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    killed=1
  fi
  wait "$pid" 2>/dev/null || true
  return "$killed"
}

# Safe to call twice.
stop_lobby() {
  [[ -n $lobby_pid ]] || return 0
  local pid=$lobby_pid
  lobby_pid=
  if ! stop_child "$pid"; then
    failures+=("the lobby ignored SIGTERM for ${stop_timeout_seconds} s and was killed")
  fi
}

on_exit() {
  local status=$? pid child
  if ((${#artillery_pids[@]} > 0)); then
    # Interrupted during the runs. artillery holds nothing worth a graceful stop (after SIGTERM
    # it lingers on its telemetry), so each one (the child of its `timeout`, which then exits)
    # is killed at once. bash's "Killed" notices about them would be noise.
    exec 2>/dev/null
    for pid in "${artillery_pids[@]}"; do
      [[ -n $pid ]] || continue
      for child in $(ps -o pid= --ppid "$pid" || true); do
        kill -KILL "$child" 2>/dev/null || true
      done
    done
    for pid in "${artillery_pids[@]}"; do
      [[ -z $pid ]] || stop_child "$pid" || true
    done
  fi
  stop_lobby
  if ((keep_work_dir)); then
    echo "reports and logs kept in $work_dir"
  else
    rm -rf "$work_dir"
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- start the lobby and read its port ----------------------------------------------------
node "$cli" server --port 0 --host 127.0.0.1 --pool 2 \
  >"$work_dir/lobby.out" 2>"$work_dir/lobby.err" &
lobby_pid=$!

# Polled every 0.1 s, as bash cannot wait for a line of a file with a deadline. The space after
# the port makes sure the line was read whole.
port=
for ((i = 0; i < lobby_start_timeout_seconds * 10; i++)); do
  line=$(grep -m 1 -E '^vimtron lobby listening on ws://127\.0\.0\.1:[0-9]+ ' \
    "$work_dir/lobby.out" || true)
  if [[ $line =~ :([0-9]+)\  ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$lobby_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "artillery smoke: FAIL (the lobby did not start listening within" \
    "${lobby_start_timeout_seconds} s); its output:"
  cat "$work_dir/lobby.out" "$work_dir/lobby.err" | tail -n 20 | sed 's/^/  /'
  exit 1
fi
target=ws://127.0.0.1:$port

# --- run the scenarios --------------------------------------------------------------------
# They run side by side: besides mixing the load, this halves the wall time, as artillery
# lingers about 12 s after its summary on a machine that cannot resolve its telemetry host (it
# sends an anonymous "test run" event even with ARTILLERY_DISABLE_TELEMETRY). Under `timeout`,
# so that a hung virtual user cannot hold the run forever.
for scenario in "${scenarios[@]}"; do
  name=$(basename "$scenario" .yml)
  ARTILLERY_DISABLE_TELEMETRY=true \
    timeout --kill-after="$stop_timeout_seconds" "$scenario_timeout_seconds" \
    "$artillery" run --target "$target" --output "$work_dir/$name.json" "$scenario" \
    >"$work_dir/$name.log" 2>&1 &
  artillery_pids+=($!)
done

# Reads an artillery JSON report; prints "COMPLETED SUMMARY" and exits 1 if the run failed.
check_report() {
  node - "$1" <<'JS'
const report = require(process.argv[2]);
const counters = report.aggregate?.counters ?? {};
const count = (name) => counters[name] ?? 0;
const created = count('vusers.created');
const completed = count('vusers.completed');
const failed = count('vusers.failed');
const problems = [];
if (failed > 0) problems.push(`${failed} failed`);
if (completed === 0) problems.push('no vuser completed');
if (created !== completed + failed) {
  problems.push(`${created} created but ${completed + failed} finished`);
}
for (const [name, n] of Object.entries(counters)) {
  if (name.startsWith('errors.')) problems.push(`error "${name.slice('errors.'.length)}" x${n}`);
}
const summary = `${completed} vusers completed, ${failed} failed, ` +
  `${count('vimtron.rounds_started')} rounds started` +
  (problems.length > 0 ? ` (${problems.join(', ')})` : '');
console.log(`${completed} ${summary}`);
process.exit(problems.length > 0 ? 1 : 0);
JS
}

total_completed=0
for index in "${!scenarios[@]}"; do
  name=$(basename "${scenarios[index]}" .yml)
  report=$work_dir/$name.json
  artillery_status=0
  wait "${artillery_pids[index]}" || artillery_status=$?
  artillery_pids[index]=

  if ((artillery_status == 124)); then
    failures+=("$name did not finish within ${scenario_timeout_seconds} s")
  elif ((artillery_status != 0)); then
    failures+=("$name: artillery exited with status $artillery_status")
  fi
  verdict=
  if [[ -f $report ]] && verdict=$(check_report "$report"); then
    read -r completed summary <<<"$verdict"
    total_completed=$((total_completed + completed))
    echo "  $name: $summary"
  elif [[ -n $verdict ]]; then
    failures+=("$name: ${verdict#* }")
    echo "  $name: ${verdict#* }"
  else
    failures+=("$name: no readable report")
    echo "  $name: no readable report; the end of its output:"
    tail -n 15 "$work_dir/$name.log" | sed 's/^/    /'
  fi
done
artillery_pids=()

# --- stop the lobby; its room processes must go with it -------------------------------------
if ! kill -0 "$lobby_pid" 2>/dev/null; then
  failures+=("the lobby exited during the run")
fi
# Prints the start time of a live process (nothing for a zombie or no process), which tells a
# room process from a later process that got its PID.
start_time() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  read -r -a fields <<<"${stat##*) }"
  [[ ${fields[0]} == Z ]] || echo "${fields[19]}"
}
declare -A room_start_times=()
for pid in $(ps -o pid= --ppid "$lobby_pid" || true); do
  room_start_times[$pid]=$(start_time "$pid")
done
stop_lobby
for pid in "${!room_start_times[@]}"; do
  if [[ -n ${room_start_times[$pid]} && $(start_time "$pid") == "${room_start_times[$pid]}" ]]; then
    failures+=("room process $pid outlived the lobby and was killed")
    kill -KILL "$pid" 2>/dev/null || true
  fi
done

if ((${#failures[@]} == 0)); then
  keep_work_dir=0
  echo "artillery smoke: PASS ($total_completed vusers completed, 0 failed)"
  exit 0
fi
reasons=$(printf '%s; ' "${failures[@]}")
echo "artillery smoke: FAIL (${reasons%; })"
exit 1
