# The REST calls docker/test.sh walks through, as functions over curl and jq; sourced, not run. They talk to
# $VIREO_URL with the bearer token in $VIREO_TOKEN (api_sign_in sets it) and fail the caller (non-zero) with
# what the console answered.

# api METHOD PATH [JSON]: the answer's body on stdout; a status of 400 or above fails, printing the body.
api() {
  local method=$1 path=$2 body=${3:-} out code
  out=$(mktemp)
  code=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $VIREO_TOKEN" \
    ${body:+-H 'Content-Type: application/json' --data "$body"} "$VIREO_URL$path") || { rm -f "$out"; return 1; }
  if [ "$code" -ge 400 ]; then
    echo "$method $path answered $code: $(head -c 600 "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

# api_sign_in USER PASSWORD: signs in with the form, as a browser does, and makes a personal API token with that
# session (the only way to get a first one); later calls use the token.
api_sign_in() {
  local user=$1 password=$2 jar csrf
  jar=$(mktemp)
  csrf=$(curl -sS -c "$jar" "$VIREO_URL/login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
  [ -n "$csrf" ] || { echo "no CSRF token on /login" >&2; rm -f "$jar"; return 1; }
  curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{redirect_url}' --data-urlencode "username=$user" \
    --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$VIREO_URL/login" | grep -q '/login' \
    && { echo "sign-in as $user refused" >&2; rm -f "$jar"; return 1; }
  csrf=$(curl -sS -b "$jar" -c "$jar" "$VIREO_URL/account" \
    | sed -n 's/.*name="csrf-token"[^>]*content="\([^"]*\)".*/\1/p' | head -1)
  VIREO_TOKEN=$(curl -sS -f -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
    --data '{"name": "container-test", "validDays": 1}' "$VIREO_URL/api/v1/me/tokens" | jq -r .secret)
  rm -f "$jar"
  [ -n "$VIREO_TOKEN" ] && [ "$VIREO_TOKEN" != null ]
}

# wait_until SECONDS WHAT COMMAND...: runs COMMAND every half second until it succeeds, or fails naming WHAT.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "gave up after ${seconds}s waiting for $what" >&2; return 1; }
    sleep 0.5
  done
}

task_succeeded() { [ "$(api GET "/api/v1/tasks/$1" | jq -r .state)" = SUCCEEDED ]; }
task_failed() { case "$(api GET "/api/v1/tasks/$1" | jq -r .state)" in FAILED|CANCELLED) return 0 ;; esac; return 1; }
vm_state_is() { [ "$(api GET "/api/v1/vms/$1" | jq -r .powerState)" = "$2" ]; }
serial_has() { api GET "/api/v1/vms/$1/serial" | grep -q "$2"; }

# api_build_appliance NAME: builds it (a cache hit when it was built before) and prints its template's id.
api_build_appliance() {
  local task
  task=$(api POST "/api/v1/appliances/$1/build" | jq -r .id) || return 1
  wait_until 900 "appliance $1" task_done "$task" || return 1
  task_succeeded "$task" || { echo "building $1 failed: $(api GET "/api/v1/tasks/$task" | jq -r .failureReason)" >&2; return 1; }
  api GET /api/v1/appliances | jq -er --arg name "$1" '.[] | select(.entry.name == $name) | .templateId'
}
task_done() { task_succeeded "$1" || task_failed "$1"; }
