#!/bin/bash
# The example manifests parse, and the SeccompProfile matches the Security
# Profiles Operator's CRD fields; the docs' JSON snippets are valid.
. "$(dirname "$0")/../lib.sh"

test_kubernetes_manifests_are_valid() {
	"$PY" -c 'import yaml' 2>/dev/null || skip "needs python3-yaml"
	"$PY" - "$ROOT/examples" <<'PY'
import sys, glob, re, yaml, json
root = sys.argv[1]
docs = {}
for f in sorted(glob.glob(root + "/kubernetes/*.yaml")):
    for d in yaml.safe_load_all(open(f)):
        assert isinstance(d, dict) and "apiVersion" in d and "kind" in d, f
        docs[d["kind"]] = d
# The SeccompProfile, against security-profiles-operator api/seccompprofile/v1.
sp = docs["SeccompProfile"]
assert sp["apiVersion"] == "security-profiles-operator.x-k8s.io/v1"
assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", sp["metadata"]["name"])
assert "namespace" not in sp["metadata"], "SeccompProfile v1 is cluster-scoped"
spec = sp["spec"]
assert set(spec) <= {"defaultAction", "architectures", "syscalls", "flags", "baseProfileName",
                     "listenerPath", "listenerMetadata", "disabled"}, set(spec)
actions = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
           "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG"}
arches = {"SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"}
ops = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
       "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"}
assert spec["defaultAction"] in actions
assert set(spec["architectures"]) <= arches
for r in spec["syscalls"]:
    assert set(r) <= {"names", "action", "errnoRet", "args"}, r
    assert r["action"] in actions and len(r["names"]) >= 1
    assert 0 <= r.get("errnoRet", 0) <= 4095
    for a in r.get("args", []):
        assert set(a) <= {"index", "value", "valueTwo", "op"} and 0 <= a["index"] <= 5
        assert a["op"] in ops and a.get("value", 0) >= 0
pod = docs["Pod"]["spec"]["containers"][0]["securityContext"]
assert pod["seccompProfile"]["type"] == "Localhost"
ds = docs["DaemonSet"]["spec"]["template"]["spec"]
assert ds["hostPID"] is True and ds["containers"][0]["securityContext"]["privileged"] is True
hook = json.load(open(root + "/podman/learnprof-hook.json"))
assert hook["version"] == "1.0.0" and hook["hook"]["args"][1] == "oci-hook"
assert set(hook["stages"]) <= {"prestart", "createRuntime", "poststop"}
print("ok")
PY
}

test_spo_example_is_what_learnprof_generates() {
	expect_eq "$("$LP" seccomp --args --format spo --name app "$ROOT/tests/golden/merged-ab.json" 2>/dev/null)" \
		"$(cat "$ROOT/examples/kubernetes/seccompprofile.yaml")" "example up to date"
}

run_tests "$@"
