#!/usr/bin/env bash
# Gates a SageMaker pipeline deployment on `sagemaker-access-doctor preflight` (docs/preflight.md):
# runs the deploy command only when no check of the pipeline is denied.
#
#   examples/preflight-gate.sh DEFINITION.json [-- DEPLOY COMMAND...]
#
# Environment: PIPELINE_ROLE (the pipeline's role ARN, checked for sagemaker:Create* and
# iam:PassRole), SNAPSHOT (a snapshot file; without it preflight reads live AWS with the job's
# credentials), ACCESS_DOCTOR_CMD (how to run the tool; default: npx --no-install sagemaker-access-doctor).
# Exit: 0 deployed (or nothing to deploy), 3 a check is denied (nothing deployed), 2 or 1 preflight
# could not run, else the deploy command's own exit code.
set -uo pipefail

definition=${1:?usage: preflight-gate.sh DEFINITION.json [-- DEPLOY COMMAND...]}
shift
[ "${1:-}" = "--" ] && shift

read -r -a tool <<< "${ACCESS_DOCTOR_CMD:-npx --no-install sagemaker-access-doctor}"
args=(preflight --pipeline-definition "$definition" --format text)
[ -n "${PIPELINE_ROLE:-}" ] && args+=(--pipeline-role "$PIPELINE_ROLE")
[ -n "${SNAPSHOT:-}" ] && args+=(--snapshot "$SNAPSHOT")

"${tool[@]}" "${args[@]}"
code=$?
case $code in
  0) echo "preflight-gate: no check is denied" ;;
  3) echo "preflight-gate: a check is denied: not deploying (the findings above say what to fix)" >&2; exit 3 ;;
  *) echo "preflight-gate: preflight could not run (exit $code): not deploying" >&2; exit "$code" ;;
esac
[ $# -eq 0 ] && exit 0
echo "preflight-gate: deploying: $*"
exec "$@"
