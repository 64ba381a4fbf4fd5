#!/usr/bin/env python3
"""Static checks of FlowDocs' delivery files: what can be proven without Docker, a cluster or AWS.

Called by deploy/check.sh (which adds shellcheck, actionlint, cfn-lint when they are installed). Each check
prints one line; any failure makes the exit code 1. Needs only python3 and PyYAML; renders the Kustomize
overlays with `kubectl kustomize` when kubectl is there, and with a small built-in renderer otherwise (it
understands exactly the Kustomize features deploy/k8s uses and refuses anything else).
"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

sys.dont_write_bytecode = True  # deploy/docker/context.py is imported; leave no __pycache__ behind

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENVIRONMENTS = ["dev", "stage", "prod"]
# Workloads that run the FlowDocs image; the others (db-user: MySQL client, otel-collector) run pinned
# third-party images.
APP_COMPONENTS = {"web", "worker", "migrate"}
SKIP_DIRS = {".git", "node_modules", "bin", "obj", ".test-services", "artifacts", "TestResults", "data"}

failures: list[str] = []
notes: list[str] = []
counts: dict[str, int] = {}


def fail(area: str, message: str) -> None:
    failures.append(f"{area}: {message}")


def passed(area: str, n: int = 1) -> None:
    counts[area] = counts.get(area, 0) + n


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# ---------------------------------------------------------------- YAML (with CloudFormation's short tags)
# libyaml's C parser when PyYAML has it: ten times faster than the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CfnLoader(SafeLoader):
    """SafeLoader that turns CloudFormation short forms (!Ref X, !Sub '...') into {'Ref': X} etc."""


def _cfn_tag(loader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    if suffix == "Condition":
        return {"Condition": value}
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_all(path: Path, loader=SafeLoader) -> list:
    with path.open(encoding="utf-8") as f:
        return [d for d in yaml.load_all(f, Loader=loader) if d is not None]


def yaml_files() -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            if name.endswith((".yaml", ".yml")):
                found.append(Path(dirpath) / name)
    return sorted(found)


def check_yaml_parses() -> None:
    for path in yaml_files():
        loader = CfnLoader if "cloudformation" in path.parts else SafeLoader
        try:
            load_all(path, loader)
            passed("yaml files parse")
        except yaml.YAMLError as e:
            fail("yaml", f"{rel(path)} does not parse: {e}")


# ---------------------------------------------------------------- Kustomize rendering
def render_with_kubectl(overlay: Path) -> list[dict]:
    out = subprocess.run(["kubectl", "kustomize", str(overlay)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return [d for d in yaml.load_all(out.stdout, Loader=SafeLoader) if d]


def _json_pointer(path: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]


def _apply_json6902(doc: dict, ops: list[dict], where: str) -> None:
    for op in ops:
        parts = _json_pointer(op["path"])
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        last = parts[-1]
        if op["op"] in ("replace", "add"):
            if isinstance(parent, list):
                idx = len(parent) if last == "-" else int(last)
                if op["op"] == "add":
                    parent.insert(idx, op["value"])
                else:
                    parent[idx] = op["value"]
            else:
                if op["op"] == "replace" and last not in parent:
                    raise RuntimeError(f"{where}: replace of missing path {op['path']}")
                parent[last] = op["value"]
        elif op["op"] == "remove":
            del parent[int(last) if isinstance(parent, list) else last]
        else:
            raise RuntimeError(f"{where}: patch op {op['op']} is not supported by the built-in renderer")


SUPPORTED_KUSTOMIZE_KEYS = {"apiVersion", "kind", "namespace", "resources", "labels", "images", "configMapGenerator", "patches"}


def render_builtin(directory: Path) -> list[dict]:
    """The subset of Kustomize that deploy/k8s uses; anything else is an error, never silently ignored."""
    k = yaml.load((directory / "kustomization.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
    unknown = set(k) - SUPPORTED_KUSTOMIZE_KEYS
    if unknown:
        raise RuntimeError(f"{rel(directory)}: built-in renderer does not support {sorted(unknown)}")
    docs: list[dict] = []
    for res in k.get("resources", []):
        target = (directory / res).resolve()
        if target.is_dir():
            docs.extend(render_builtin(target))
        elif target.is_file():
            docs.extend(copy.deepcopy(load_all(target)))
        else:
            raise RuntimeError(f"{rel(directory)}: resource {res} does not exist")
    for gen in k.get("configMapGenerator", []):
        data = {}
        for literal in gen.get("literals", []):
            key, _, value = literal.partition("=")
            data[key] = value
        existing = next((d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == gen["name"]), None)
        if gen.get("behavior") == "merge":
            if existing is None:
                raise RuntimeError(f"{rel(directory)}: configMapGenerator merge into missing {gen['name']}")
            existing["data"].update(data)
        else:
            meta = {"name": gen["name"]}
            if gen.get("options", {}).get("annotations"):
                meta["annotations"] = dict(gen["options"]["annotations"])
            docs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": data})
    for patch in k.get("patches", []):
        target = patch["target"]
        matches = [d for d in docs if d["kind"] == target["kind"] and d["metadata"]["name"] == target["name"]]
        if len(matches) != 1:
            raise RuntimeError(f"{rel(directory)}: patch target {target} matches {len(matches)} objects")
        _apply_json6902(matches[0], yaml.load(patch["patch"], Loader=SafeLoader), rel(directory))
    for group in k.get("labels", []):
        for d in docs:
            d["metadata"].setdefault("labels", {}).update(group["pairs"])
            template = d.get("spec", {}).get("template") if isinstance(d.get("spec"), dict) else None
            if group.get("includeTemplates") and template:
                template["metadata"].setdefault("labels", {}).update(group["pairs"])
    for image in k.get("images", []):
        for d in docs:
            for c in pod_containers(d):
                if c["image"].split(":")[0] == image["name"]:
                    c["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}" if "newTag" in image else image.get("newName", c["image"])
    if "namespace" in k:
        for d in docs:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = k["namespace"]
    return docs


def pod_spec(doc: dict) -> dict | None:
    if doc.get("kind") in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        return doc["spec"]["template"]["spec"]
    return None


def pod_containers(doc: dict) -> list[dict]:
    spec = pod_spec(doc)
    return (spec.get("initContainers", []) + spec.get("containers", [])) if spec else []


def render_overlays() -> dict[str, list[dict]]:
    rendered = {}
    use_kubectl = shutil.which("kubectl") is not None and os.environ.get("FLOWDOCS_CHECK_RENDERER") != "builtin"
    how = "kubectl kustomize" if use_kubectl else "built-in renderer (kubectl not installed)"
    for env in ENVIRONMENTS:
        overlay = DEPLOY / "k8s" / "overlays" / env
        try:
            rendered[env] = render_with_kubectl(overlay) if use_kubectl else render_builtin(overlay)
            passed(f"overlays rendered ({how})")
        except (RuntimeError, KeyError, OSError, yaml.YAMLError) as e:
            fail("kustomize", f"overlay {env} does not render: {e}")
    if use_kubectl:
        # The built-in renderer must agree with kubectl, or the fallback would check something else.
        for env, docs in rendered.items():
            try:
                mine = render_builtin(DEPLOY / "k8s" / "overlays" / env)
            except (RuntimeError, KeyError) as e:
                fail("kustomize", f"built-in renderer failed on {env}: {e}")
                continue
            theirs = {(d["kind"], re.sub(r"-[a-z0-9]{10}$", "", d["metadata"]["name"])) for d in docs}
            ours = {(d["kind"], d["metadata"]["name"]) for d in mine}
            if theirs != ours:
                fail("kustomize", f"built-in renderer disagrees with kubectl for {env}: {sorted(theirs ^ ours)}")
            else:
                passed("built-in renderer agrees with kubectl")
    return rendered


# ---------------------------------------------------------------- Kubernetes invariants
def by_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d.get("kind") == kind]


def named(docs: list[dict], kind: str, name: str) -> dict | None:
    prefix_match = [d for d in by_kind(docs, kind) if d["metadata"]["name"] == name or re.fullmatch(re.escape(name) + r"-[a-z0-9]{10}", d["metadata"]["name"])]
    return prefix_match[0] if prefix_match else None


def component(doc: dict) -> str | None:
    spec = pod_spec(doc)
    labels = doc["spec"]["template"]["metadata"].get("labels", {}) if spec is not None else doc["metadata"].get("labels", {})
    return labels.get("app.kubernetes.io/component")


def selector_matches(selector: dict, labels: dict) -> bool:
    for k, v in selector.get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions", []):
        value = labels.get(expr["key"])
        if expr["operator"] == "In" and value not in expr["values"]:
            return False
        if expr["operator"] == "NotIn" and value in expr["values"]:
            return False
        if expr["operator"] == "Exists" and value is None:
            return False
        if expr["operator"] == "DoesNotExist" and value is not None:
            return False
    return True


def check_workload(env: str, d: dict, config_names: set[str], secret_names: set[str]) -> None:
    area = f"k8s/{env}"
    name = f"{d['kind']}/{d['metadata']['name']}"
    spec = pod_spec(d)
    sc = spec.get("securityContext", {})
    if sc.get("runAsNonRoot") is not True or sc.get("runAsUser") in (None, 0):
        fail(area, f"{name}: pod must set runAsNonRoot: true and a non-zero runAsUser")
    if spec.get("automountServiceAccountToken") is not False:
        fail(area, f"{name}: automountServiceAccountToken must be false (IRSA mounts its own token)")
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec.get("containers", []):
        cname = f"{name} container {c['name']}"
        image = c.get("image", "")
        repo, _, tag = image.rpartition(":")
        if not repo or not tag or tag == "latest" or "/" in tag:
            fail(area, f"{cname}: image '{image}' must carry an explicit tag other than latest")
        elif not re.fullmatch(r"[0-9a-f]{40}|v?\d+\.\d+\.\d+", tag):
            fail(area, f"{cname}: image tag '{tag}' must be a commit id or a version")
        if ".dkr.ecr." not in repo:
            fail(area, f"{cname}: image '{image}' must come from ECR")
        res = c.get("resources", {})
        for kind in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in res.get(kind, {}):
                    fail(area, f"{cname}: resources.{kind}.{r} is missing")
        csc = c.get("securityContext", {})
        if csc.get("readOnlyRootFilesystem") is not True:
            fail(area, f"{cname}: readOnlyRootFilesystem must be true")
        if csc.get("allowPrivilegeEscalation") is not False:
            fail(area, f"{cname}: allowPrivilegeEscalation must be false")
        if "ALL" not in csc.get("capabilities", {}).get("drop", []):
            fail(area, f"{cname}: capabilities must drop ALL")
        tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        if not tmp or "emptyDir" not in volumes.get(tmp[0]["name"], {}):
            fail(area, f"{cname}: /tmp must be an emptyDir (the root filesystem is read-only)")
        for ref in c.get("envFrom", []):
            if "configMapRef" in ref and ref["configMapRef"]["name"] not in config_names:
                fail(area, f"{cname}: config map {ref['configMapRef']['name']} is not in the render")
            if "secretRef" in ref and ref["secretRef"]["name"] not in secret_names:
                fail(area, f"{cname}: secret {ref['secretRef']['name']} is produced by no ExternalSecret")
        if d["kind"] == "Deployment" and component(d) not in APP_COMPONENTS:
            for probe in ("livenessProbe", "readinessProbe"):
                if not c.get(probe, {}).get("httpGet"):
                    fail(area, f"{cname}: {probe} (httpGet) is missing")
        elif d["kind"] == "Deployment":
            for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
                got = c.get(probe, {}).get("httpGet", {}).get("path")
                if got != path:
                    fail(area, f"{cname}: {probe} must GET {path} (has {got})")
            if c.get("startupProbe", {}).get("httpGet", {}).get("path") != "/health/live":
                fail(area, f"{cname}: startupProbe must GET /health/live")
    passed(f"k8s workloads satisfy the invariants")


def check_overlay(env: str, docs: list[dict]) -> dict:
    area = f"k8s/{env}"
    namespace = f"flowdocs-{env}"
    for d in docs:
        if d["kind"] == "Namespace":
            if d["metadata"]["name"] != namespace:
                fail(area, f"Namespace {d['metadata']['name']} is not {namespace}")
        elif d["metadata"].get("namespace") != namespace:
            fail(area, f"{d['kind']}/{d['metadata']['name']} is not in namespace {namespace}")
    config = named(docs, "ConfigMap", "flowdocs-config")
    if config is None:
        fail(area, "ConfigMap flowdocs-config is missing")
        return {}
    config_names = {d["metadata"]["name"] for d in by_kind(docs, "ConfigMap")}
    secrets = {d["spec"]["target"]["name"]: d for d in by_kind(docs, "ExternalSecret")}
    workloads = [d for d in docs if pod_spec(d) is not None]
    for d in workloads:
        check_workload(env, d, config_names, set(secrets))

    web = named(docs, "Deployment", "flowdocs-web")
    worker = named(docs, "Deployment", "flowdocs-worker")
    migrate = named(docs, "Job", "flowdocs-migrate")
    if not (web and worker and migrate):
        fail(area, "flowdocs-web, flowdocs-worker and flowdocs-migrate must all exist")
        return {}

    def role(d):
        env_vars = {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0].get("env", [])}
        return env_vars.get("FlowDocs__Role")

    if role(web) != "Web" or role(worker) != "Worker":
        fail(area, f"roles: web runs '{role(web)}', worker runs '{role(worker)}' (want Web, Worker)")
    if migrate["spec"]["template"]["spec"]["containers"][0].get("args") != ["migrate"]:
        fail(area, "the migration Job must run the server's `migrate` command")
    ann = migrate["metadata"].get("annotations", {})
    if ann.get("argocd.argoproj.io/hook") not in ("Sync", "PreSync") or int(ann.get("argocd.argoproj.io/sync-wave", "0")) >= 0:
        fail(area, "the migration Job must be an Argo CD hook in a negative sync wave (before the Deployments)")
    else:
        migrate_wave = int(ann["argocd.argoproj.io/sync-wave"])
        for d in [config, *secrets.values(), *by_kind(docs, "ServiceAccount"), *by_kind(docs, "SecretStore")]:
            wave = int(d["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-wave", "0"))
            if wave >= migrate_wave:
                fail(area, f"{d['kind']}/{d['metadata']['name']} must sync before the migration Job (wave {wave} >= {migrate_wave})")
    images = {c["image"] for d in workloads if component(d) in APP_COMPONENTS for c in pod_containers(d)}
    if len(images) != 1:
        fail(area, f"every workload must run the same image, found {sorted(images)}")

    # Only web is exposed: ClusterIP services that select web pods, an Ingress to them, ingress policies.
    for s in by_kind(docs, "Service"):
        if s["spec"].get("type", "ClusterIP") != "ClusterIP":
            fail(area, f"Service/{s['metadata']['name']} must be ClusterIP (the Ingress is the only way in)")
        if s["spec"].get("selector", {}).get("app.kubernetes.io/component") not in ("web", "otel-collector"):
            fail(area, f"Service/{s['metadata']['name']} must select web pods only (or the collector's)")
    services = {s["metadata"]["name"] for s in by_kind(docs, "Service") if s["spec"].get("selector", {}).get("app.kubernetes.io/component") == "web"}
    for ing in by_kind(docs, "Ingress"):
        hosts = [r["host"] for r in ing["spec"]["rules"]]
        tls_hosts = [h for t in ing["spec"].get("tls", []) for h in t.get("hosts", [])]
        if not tls_hosts or sorted(hosts) != sorted(tls_hosts):
            fail(area, f"Ingress/{ing['metadata']['name']}: every host must be served with TLS ({hosts} vs {tls_hosts})")
        for r in ing["spec"]["rules"]:
            for p in r["http"]["paths"]:
                if p["backend"]["service"]["name"] not in services:
                    fail(area, f"Ingress backend {p['backend']['service']['name']} is not a web Service")
        attrs = ing["metadata"].get("annotations", {}).get("alb.ingress.kubernetes.io/target-group-attributes", "")
        if "stickiness.enabled=true" not in attrs:
            fail(area, "Ingress must keep Blazor circuits on one pod (stickiness.enabled=true)")
        if "ssl-redirect" not in " ".join(ing["metadata"].get("annotations", {})):
            fail(area, "Ingress must redirect HTTP to HTTPS")
    policies = by_kind(docs, "NetworkPolicy")
    deny = [p for p in policies if p["spec"]["podSelector"] == {} and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    if not deny:
        fail(area, "a default-deny NetworkPolicy (ingress and egress) is missing")
    for d in workloads:
        labels = d["spec"]["template"]["metadata"]["labels"]
        allowed_in = [p for p in policies if "Ingress" in p["spec"].get("policyTypes", []) and p["spec"].get("ingress")
                      and selector_matches(p["spec"]["podSelector"], labels)]
        if component(d) == "web" and not allowed_in:
            fail(area, "web pods must be reachable through a NetworkPolicy")
        own_pods_only = all(rule.get("from") and all(set(peer) == {"podSelector"} for peer in rule["from"])
                            for p in allowed_in for rule in p["spec"]["ingress"])
        if component(d) not in ("web", "otel-collector") and allowed_in or component(d) == "otel-collector" and not own_pods_only:
            fail(area, f"{d['kind']}/{d['metadata']['name']} must not accept connections ({[p['metadata']['name'] for p in allowed_in]})"
                       + (" except from this namespace's pods" if component(d) == "otel-collector" else ""))
        egress_ports = {pt["port"] for p in policies if "Egress" in p["spec"].get("policyTypes", []) and selector_matches(p["spec"]["podSelector"], labels)
                        for rule in p["spec"].get("egress", []) for pt in rule.get("ports", [])}
        needed = {"web": {53, 3306, 6379, 443, 4317}, "worker": {53, 3306, 6379, 443, 4317}, "otel-collector": {53, 443}}.get(component(d), {53, 3306})
        if not needed <= egress_ports:
            fail(area, f"{d['kind']}/{d['metadata']['name']} cannot reach ports {sorted(needed - egress_ports)}")
    # Disruption budgets and autoscaling.
    for dep in (web, worker):
        labels = dep["spec"]["template"]["metadata"]["labels"]
        if not [p for p in by_kind(docs, "PodDisruptionBudget") if selector_matches(p["spec"]["selector"], labels)]:
            fail(area, f"Deployment/{dep['metadata']['name']} has no PodDisruptionBudget")
    hpa = [h for h in by_kind(docs, "HorizontalPodAutoscaler") if h["spec"]["scaleTargetRef"]["name"] == web["metadata"]["name"]]
    if not hpa or hpa[0]["spec"]["minReplicas"] < 1 or hpa[0]["spec"]["maxReplicas"] < hpa[0]["spec"]["minReplicas"]:
        fail(area, "the web Deployment needs an HPA with 1 <= minReplicas <= maxReplicas")
    scaled = [s for s in by_kind(docs, "ScaledObject") if s["spec"]["scaleTargetRef"]["name"] == worker["metadata"]["name"]]
    queue_key = None
    if not scaled:
        fail(area, "the worker Deployment needs a KEDA ScaledObject")
    else:
        so = scaled[0]
        if so["spec"].get("minReplicaCount", 0) < 1:
            fail(area, "keep at least one worker (minReplicaCount >= 1): scheduled jobs need a running Hangfire server")
        redis = [t for t in so["spec"]["triggers"] if t["type"] == "redis"]
        prefix = config["data"].get("FlowDocs__Jobs__Prefix", "{flowdocs}:")
        queue_key = prefix + "queue:default"
        if not redis or redis[0]["metadata"].get("listName") != queue_key:
            fail(area, f"the KEDA redis trigger must read '{queue_key}' (the configured prefix + queue:default)")
        auth = redis[0].get("authenticationRef", {}).get("name") if redis else None
        trigger_auth = named(docs, "TriggerAuthentication", auth or "")
        if trigger_auth is None:
            fail(area, f"TriggerAuthentication {auth} is missing")
        else:
            for ref in trigger_auth["spec"].get("secretTargetRef", []):
                if ref["name"] not in secrets:
                    fail(area, f"TriggerAuthentication reads secret {ref['name']}, which no ExternalSecret produces")
                elif ref["key"] not in secrets[ref["name"]]["spec"]["target"].get("template", {}).get("data", {}):
                    fail(area, f"secret {ref['name']} has no key {ref['key']}")
    # Identity for AWS.
    sa = named(docs, "ServiceAccount", "flowdocs")
    role_arn = (sa or {}).get("metadata", {}).get("annotations", {}).get("eks.amazonaws.com/role-arn", "")
    if not re.fullmatch(rf"arn:aws:iam::\d{{12}}:role/flowdocs-{env}-app", role_arn):
        fail(area, f"ServiceAccount flowdocs must carry the IRSA role flowdocs-{env}-app (has '{role_arn}')")
    for es in secrets.values():
        for source in es["spec"].get("dataFrom", []):
            key = source.get("extract", {}).get("key", "")
            if not key.startswith(f"flowdocs/{env}/"):
                fail(area, f"ExternalSecret/{es['metadata']['name']} reads '{key}', not this environment's flowdocs/{env}/...")
    check_isolation(env, docs, policies, workloads, secrets)
    check_telemetry(env, docs, config, secrets)
    passed("k8s overlays satisfy the invariants")
    return {"config": config, "secrets": secrets, "workloads": workloads, "queue_key": queue_key,
            "namespace": namespace, "image": next(iter(images)) if images else None}


def cluster_subnets() -> tuple[list, list, object]:
    """The public and private subnet CIDRs cluster.yaml creates for its default VpcCidr."""
    import ipaddress
    t = load_all(DEPLOY / "cloudformation" / "cluster.yaml", CfnLoader)[0]
    vpc = ipaddress.ip_network(t["Parameters"]["VpcCidr"]["Default"])
    public, private = [], []
    for name, res in t["Resources"].items():
        if res["Type"] != "AWS::EC2::Subnet":
            continue
        index, (_, count, bits) = res["Properties"]["CidrBlock"]["Fn::Select"][0], res["Properties"]["CidrBlock"]["Fn::Select"][1]["Fn::Cidr"]
        net = list(vpc.subnets(new_prefix=32 - int(bits)))[:int(count)][int(index)]
        (public if name.startswith("Public") else private).append(net)
    return public, private, vpc


def check_isolation(env: str, docs: list[dict], policies: list[dict], workloads: list[dict], secrets: dict) -> None:
    """Issue 26, 5: an environment's pods are reached only by its own namespace's pods (and the load balancers
    in the public subnets); they carry their environment's security group; only the migration jobs hold the
    database master login, and the application login has its schema's data privileges only."""
    import ipaddress
    area = f"k8s/{env} isolation"
    public, private, vpc = cluster_subnets()
    for p in policies:
        name = p["metadata"]["name"]
        for rule in p["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if "namespaceSelector" in peer:
                    fail(area, f"NetworkPolicy/{name} admits pods of other namespaces (namespaceSelector)")
                if "ipBlock" in peer:
                    net = ipaddress.ip_network(peer["ipBlock"]["cidr"])
                    if not any(net.subnet_of(s) for s in public):
                        fail(area, f"NetworkPolicy/{name} admits {net}: only the load balancers' public subnets {[str(s) for s in public]} may reach pods")
        for rule in p["spec"].get("egress", []):
            ports = {pt["port"] for pt in rule.get("ports", [])}
            for peer in rule.get("to", []):
                if "namespaceSelector" in peer and "kube-dns" not in json.dumps(peer):
                    fail(area, f"NetworkPolicy/{name} sends to pods of other namespaces")
                if "ipBlock" in peer and ports & {3306, 6379}:
                    net = ipaddress.ip_network(peer["ipBlock"]["cidr"])
                    if not any(net.subnet_of(s) for s in private):
                        fail(area, f"NetworkPolicy/{name} opens {sorted(ports & {3306, 6379})} to {net}: the databases are in the private subnets {[str(s) for s in private]}")
    sgp = by_kind(docs, "SecurityGroupPolicy")
    for d in workloads:
        labels = d["spec"]["template"]["metadata"]["labels"]
        if not any(selector_matches(s["spec"].get("podSelector", {}), labels) and s["spec"].get("securityGroups", {}).get("groupIds") for s in sgp):
            fail(area, f"{d['kind']}/{d['metadata']['name']} carries no security group of its environment (SecurityGroupPolicy)")
    for ing in by_kind(docs, "Ingress"):
        group = ing["metadata"].get("annotations", {}).get("alb.ingress.kubernetes.io/group.name")
        if group not in (None, f"flowdocs-{env}"):
            fail(area, f"Ingress/{ing['metadata']['name']} shares the load balancer group '{group}' (use flowdocs-{env} or none)")
    # Database logins: which secrets hold the master login, and who reads them.
    stores = {s["metadata"]["name"]: s["spec"]["provider"]["aws"]["auth"]["jwt"]["serviceAccountRef"]["name"] for s in by_kind(docs, "SecretStore")}
    master = set()
    for name, es in secrets.items():
        keys = [src.get("extract", {}).get("key", "") for src in es["spec"].get("dataFrom", [])]
        if any(k.endswith("/database-master") for k in keys):
            master.add(name)
            if stores.get(es["spec"]["secretStoreRef"]["name"]) == "flowdocs":
                fail(area, f"ExternalSecret/{name} reads the master login with the application's service account")
        elif "FlowDocs__Database__ConnectionString" in es["spec"]["target"].get("template", {}).get("data", {}):
            if f"flowdocs/{env}/database" not in keys:
                fail(area, f"ExternalSecret/{name}: the application's connection string must use the application login flowdocs/{env}/database")
    for d in workloads:
        for c in pod_containers(d):
            used = {r["secretRef"]["name"] for r in c.get("envFrom", []) if "secretRef" in r}
            if used & master and component(d) not in ("migrate", "db-user"):
                fail(area, f"{d['kind']}/{d['metadata']['name']} gets the database master login; only the migration jobs may")
    users = [d for d in workloads if component(d) == "db-user"]
    if not users:
        fail(area, "no Job creates the application database login (component db-user)")
    for d in users:
        script = " ".join(" ".join(c.get("command", []) + c.get("args", [])) for c in pod_containers(d))
        grants = re.findall(r"GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO", script, re.IGNORECASE)
        if not grants:
            fail(area, f"Job/{d['metadata']['name']} grants nothing")
        for privileges, target in grants:
            extra = {p.strip().upper() for p in privileges.split(",")} - {"SELECT", "INSERT", "UPDATE", "DELETE"}
            if extra or target.startswith("*") or "GRANT OPTION" in script.upper():
                fail(area, f"Job/{d['metadata']['name']}: the application login may get data privileges on its schema only (grants {privileges} ON {target})")
    passed("environments are isolated (network policies, security groups, database logins)")


def check_telemetry(env: str, docs: list[dict], config: dict, secrets: dict) -> None:
    """Issue 26, 7: each environment runs an OpenTelemetry Collector that sends traces, metrics and logs to
    New Relic's OTLP endpoint with the licence key from Secrets Manager, and the app sends OTLP to it."""
    area = f"k8s/{env} telemetry"
    collectors = [d for d in by_kind(docs, "Deployment") if component(d) == "otel-collector"]
    if not collectors:
        fail(area, "no OpenTelemetry Collector Deployment (component otel-collector)")
        return
    collector = collectors[0]
    spec = pod_spec(collector)
    maps = {v["configMap"]["name"] for v in spec.get("volumes", []) if "configMap" in v}
    cfg_maps = [d for d in by_kind(docs, "ConfigMap") if d["metadata"]["name"] in maps]
    cfg = yaml.load(next(iter(cfg_maps[0]["data"].values())), Loader=SafeLoader) if cfg_maps else {}
    exporters = cfg.get("exporters", {})
    for signal in ("traces", "metrics", "logs"):
        pipeline = cfg.get("service", {}).get("pipelines", {}).get(signal)
        if not pipeline:
            fail(area, f"the collector has no {signal} pipeline")
            continue
        good = [e for e in pipeline.get("exporters", []) if e.split("/")[0] in ("otlphttp", "otlp")
                and re.fullmatch(r"https://otlp(\.eu01)?\.nr-data\.net(:443|:4318|:4317)?/?", str(exporters.get(e, {}).get("endpoint", "")))
                and exporters[e].get("headers", {}).get("api-key") == "${env:NEW_RELIC_LICENSE_KEY}"]
        if not good:
            fail(area, f"the collector's {signal} pipeline must export to New Relic's OTLP endpoint with api-key ${{env:NEW_RELIC_LICENSE_KEY}}")
    key_from = [r["secretRef"]["name"] for c in spec["containers"] for r in c.get("envFrom", []) if "secretRef" in r]
    if not any("NEW_RELIC_LICENSE_KEY" in secrets.get(n, {}).get("spec", {}).get("target", {}).get("template", {}).get("data", {})
               and any(src.get("extract", {}).get("key") == f"flowdocs/{env}/newrelic" for src in secrets[n]["spec"].get("dataFrom", []))
               for n in key_from):
        fail(area, f"the collector must get NEW_RELIC_LICENSE_KEY from an ExternalSecret reading flowdocs/{env}/newrelic")
    services = [s for s in by_kind(docs, "Service") if s["spec"].get("selector", {}).get("app.kubernetes.io/component") == "otel-collector"]
    endpoint = config["data"].get("FlowDocs__Telemetry__OtlpEndpoint", "")
    if not services or not re.fullmatch(rf"http://{re.escape(services[0]['metadata']['name'])}:4317/?", endpoint):
        fail(area, f"FlowDocs__Telemetry__OtlpEndpoint must point at this namespace's collector Service on 4317 (is '{endpoint}')")
    passed("each environment sends telemetry to New Relic through its own collector")


# ---------------------------------------------------------------- settings used by the manifests exist in the app
def app_sources() -> str:
    texts = []
    for path in (ROOT / "src").rglob("*"):
        if path.suffix in (".cs", ".json") and not SKIP_DIRS.intersection(path.parts):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def setting_is_read(key: str, sources: str, readme: str) -> bool:
    if f"`{key}`" in readme:
        return True
    parts = key.split(":")
    # A literal that ends with at least the last two segments, e.g. Settings.Root + ":Jobs:Prefix".
    for i in range(1, len(parts) - (1 if len(parts) > 2 else 0)):
        suffix = ":".join(parts[i:])
        if re.search(r'[":]' + re.escape(suffix) + '"', sources):
            return True
    # Keys composed from pieces (Section + ":SigningCertificate", key + ":Base64"): every segment must be
    # a piece of some settings literal.
    return len(parts) >= 3 and all(re.search(r'"(?:[\w:]*:)?' + re.escape(p) + r'(?::[\w:]*)?"', sources) for p in parts[1:])


def check_settings(results: dict[str, dict]) -> None:
    sources = app_sources()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names: set[str] = set()
    for r in results.values():
        if not r:
            continue
        names |= set(r["config"]["data"])
        for es in r["secrets"].values():
            names |= {k for k in es["spec"]["target"].get("template", {}).get("data", {}) if "__" in k}
        for d in r["workloads"]:
            for c in pod_containers(d):
                names |= {e["name"] for e in c.get("env", [])}
    unverified = []
    for name in sorted(n for n in names if n.startswith("FlowDocs__")):
        key = name.replace("__", ":")
        if setting_is_read(key, sources, readme):
            passed("settings in the manifests are read by the app")
            continue
        section = key.split(":")[1]
        # A section that src/ never mentions belongs to a module that is not merged yet (identity, say):
        # reported, not failed. Once the module reads any setting of its section, every name is checked.
        if not re.search(r'[":]' + re.escape(section) + r'[:"]', sources):
            unverified.append(key)
        else:
            fail("settings", f"{key} is set by deploy/k8s but read nowhere in src/ nor documented in README.md")
    if unverified:
        notes.append(f"settings: {len(unverified)} not verified, src/ reads nothing of their section yet: {', '.join(unverified)}")
    appsettings = json.loads((ROOT / "src/FlowDocs.Server/appsettings.json").read_text(encoding="utf-8"))
    if "Serilog" not in appsettings:
        fail("settings", "Serilog__* is set but appsettings.json has no Serilog section")


# ---------------------------------------------------------------- Argo CD
def check_argocd(results: dict[str, dict]) -> None:
    area = "argocd"
    docs = [d for p in sorted((DEPLOY / "argocd").glob("*.yaml")) for d in load_all(p)]
    projects = {d["metadata"]["name"]: d for d in by_kind(docs, "AppProject")}
    apps = by_kind(docs, "Application")
    for env in ENVIRONMENTS:
        app = [a for a in apps if a["spec"]["source"]["path"] == f"deploy/k8s/overlays/{env}"]
        if len(app) != 1:
            fail(area, f"expected one Application for deploy/k8s/overlays/{env}, found {len(app)}")
            continue
        spec = app[0]["spec"]
        if spec["project"] not in projects:
            fail(area, f"{app[0]['metadata']['name']} uses unknown project {spec['project']}")
            continue
        project = projects[spec["project"]]
        destinations = {d["namespace"] for d in project["spec"].get("destinations", [])}
        ns = results.get(env, {}).get("namespace", f"flowdocs-{env}")
        # Issue 26, 2: an environment's project admits its own namespace only.
        if destinations != {ns}:
            fail(area, f"{app[0]['metadata']['name']}: its AppProject {spec['project']} must admit only {ns} (admits {sorted(destinations)})")
        if spec["destination"].get("namespace") != ns or ns not in destinations:
            fail(area, f"{app[0]['metadata']['name']} must deploy to {ns}, allowed by the AppProject")
        if spec["source"]["repoURL"] not in project["spec"].get("sourceRepos", []):
            fail(area, f"{app[0]['metadata']['name']} repo is not allowed by the AppProject")
        if not (ROOT / spec["source"]["path"]).is_dir():
            fail(area, f"{spec['source']['path']} does not exist")
        passed("argocd applications match the overlays")


# ---------------------------------------------------------------- platform: add-ons as code, capacity
REQUIRED_ADDONS = {"aws-load-balancer-controller", "external-secrets", "keda", "metrics-server", "argo-cd"}
AUTOSCALERS = {"cluster-autoscaler", "karpenter"}
# vCPUs of the node types cluster.yaml may use; what each node keeps for itself (kubelet, aws-node,
# kube-proxy, the network policy agent) and what the add-ons and CoreDNS request in all.
INSTANCE_VCPU = {"m7i.large": 2, "m7i.xlarge": 4, "m7i.2xlarge": 8, "m7g.large": 2, "m7g.xlarge": 4, "m6i.large": 2, "m6i.xlarge": 4}
NODE_RESERVED_VCPU = 0.25
ADDONS_VCPU = 2.0


def cpu(value) -> float:
    s = str(value)
    return float(s[:-1]) / 1000 if s.endswith("m") else float(s)


def check_platform(rendered: dict[str, list[dict]]) -> None:
    """Issue 26, 6: the cluster add-ons are Argo CD Applications with pinned chart versions, reached from one
    app-of-apps; a node autoscaler is one of them; and the node group's maximum holds what the HPA and KEDA
    maxima of every environment request."""
    area = "platform"
    base = DEPLOY / "argocd" / "platform"
    roots = [d for p in sorted(base.glob("*.yaml")) for d in load_all(p) if d.get("kind") == "Application"] if base.is_dir() else []
    apps_dir = None
    for r in roots:
        path = r["spec"]["source"].get("path", "")
        if (ROOT / path).is_dir():
            apps_dir = ROOT / path
    if apps_dir is None:
        fail(area, "no app-of-apps: deploy/argocd/platform needs an Application whose path holds the add-on Applications")
        return
    apps = [d for p in sorted(apps_dir.glob("*.yaml")) for d in load_all(p) if d.get("kind") == "Application"]
    charts = {}
    for a in apps:
        src = a["spec"]["source"]
        if "chart" in src:
            charts[src["chart"]] = a
            if not re.fullmatch(r"v?\d+\.\d+\.\d+", str(src.get("targetRevision", ""))):
                fail(area, f"{a['metadata']['name']}: chart {src['chart']} must be pinned to an exact version (is '{src.get('targetRevision')}')")
            else:
                passed("add-on charts are pinned")
    for missing in sorted(REQUIRED_ADDONS - set(charts)):
        fail(area, f"the add-on {missing} is not an Application of the app-of-apps")
    if not AUTOSCALERS & set(charts):
        fail(area, "no node autoscaler (cluster-autoscaler or karpenter) among the add-ons")
    if not any(a["spec"]["source"].get("path") == "deploy/argocd" for a in apps):
        fail(area, "the FlowDocs projects and Applications (deploy/argocd) are not part of the app-of-apps")
    # Capacity: every environment at its HPA/KEDA maxima, plus the add-ons, fits on NodeMaxSize nodes.
    cluster = load_all(DEPLOY / "cloudformation" / "cluster.yaml", CfnLoader)[0]
    params = cluster["Parameters"]
    vcpu = INSTANCE_VCPU.get(params["NodeInstanceType"]["Default"])
    if vcpu is None:
        fail(area, f"unknown node type {params['NodeInstanceType']['Default']}: add its vCPUs to INSTANCE_VCPU")
        return
    need = ADDONS_VCPU
    for env, docs in rendered.items():
        per_pod = {d["metadata"]["name"]: sum(cpu(c["resources"]["requests"]["cpu"]) for c in pod_spec(d)["containers"])
                   for d in by_kind(docs, "Deployment")}
        counted = set()
        for h in by_kind(docs, "HorizontalPodAutoscaler"):
            target = h["spec"]["scaleTargetRef"]["name"]
            need += h["spec"]["maxReplicas"] * per_pod.get(target, 0)
            counted.add(target)
        for s in by_kind(docs, "ScaledObject"):
            target = s["spec"]["scaleTargetRef"]["name"]
            need += s["spec"].get("maxReplicaCount", 100) * per_pod.get(target, 0)
            counted.add(target)
        for d in by_kind(docs, "Deployment"):
            if d["metadata"]["name"] not in counted:
                need += d["spec"].get("replicas", 1) * per_pod[d["metadata"]["name"]]
        need += max((sum(cpu(c["resources"]["requests"]["cpu"]) for c in pod_spec(j)["containers"]) for j in by_kind(docs, "Job")), default=0)
    have = int(params["NodeMaxSize"]["Default"]) * (vcpu - NODE_RESERVED_VCPU)
    if need > have:
        fail(area, f"at their maxima the environments and add-ons request {need:.2f} vCPU; NodeMaxSize {params['NodeMaxSize']['Default']} "
                   f"x {params['NodeInstanceType']['Default']} offers {have:.2f}")
    else:
        notes.append(f"capacity: {need:.2f} vCPU requested at the maxima, {have:.2f} on NodeMaxSize nodes")
        passed("the node group's maximum holds every environment at its maxima")


# ---------------------------------------------------------------- CloudFormation
PSEUDO = {"AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"}


def _walk(node, visit):
    visit(node)
    if isinstance(node, dict):
        for v in node.values():
            _walk(v, visit)
    elif isinstance(node, list):
        for v in node:
            _walk(v, visit)


def cfn_value(v):
    """A literal value, or None when it is computed (Ref, Fn::If, ...)."""
    return None if isinstance(v, dict) else v


def check_cloudformation() -> None:
    area = "cloudformation"
    templates = {p: load_all(p, CfnLoader)[0] for p in sorted((DEPLOY / "cloudformation").glob("*.yaml"))}
    if not templates:
        fail(area, "no templates in deploy/cloudformation")
        return
    exports: dict[str, Path] = {}
    imports: list[tuple[Path, str]] = []
    for path, t in templates.items():
        names = set(t.get("Parameters", {})) | set(t.get("Resources", {})) | PSEUDO
        conditions = set(t.get("Conditions", {}))

        def visit(node, path=path, names=names, conditions=conditions, t=t):
            if not isinstance(node, dict):
                return
            if "Ref" in node and node["Ref"] not in names:
                fail(area, f"{rel(path)}: Ref {node['Ref']} names nothing")
            if "Fn::GetAtt" in node and node["Fn::GetAtt"][0] not in t.get("Resources", {}):
                fail(area, f"{rel(path)}: GetAtt {node['Fn::GetAtt'][0]} names no resource")
            if "Fn::Sub" in node:
                text, variables = (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else (node["Fn::Sub"][0], node["Fn::Sub"][1])
                for var in re.findall(r"\$\{([^!}][^}]*)\}", text):
                    base = var.split(".")[0]
                    if base not in names and base not in variables:
                        fail(area, f"{rel(path)}: Sub ${{{var}}} names nothing")
            if "Fn::If" in node and node["Fn::If"][0] not in conditions:
                fail(area, f"{rel(path)}: If {node['Fn::If'][0]} names no condition")
            if "Fn::ImportValue" in node:
                imports.append((path, json.dumps(node["Fn::ImportValue"], sort_keys=True)))

        _walk(t.get("Resources", {}), visit)
        _walk(t.get("Outputs", {}), visit)
        for out in t.get("Outputs", {}).values():
            if "Export" in out:
                exports[json.dumps(out["Export"]["Name"], sort_keys=True)] = path
        for name, res in t.get("Resources", {}).items():
            for dep in ([res["DependsOn"]] if isinstance(res.get("DependsOn"), str) else res.get("DependsOn", [])):
                if dep not in t["Resources"]:
                    fail(area, f"{rel(path)}: {name} DependsOn {dep}, which does not exist")
            if "Condition" in res and res["Condition"] not in conditions:
                fail(area, f"{rel(path)}: {name} uses unknown condition {res['Condition']}")
            check_cfn_resource(path, name, res, t)
        passed("cloudformation templates parse and their references resolve")
    for path, name in imports:
        if name not in exports:
            fail(area, f"{rel(path)}: ImportValue {name} is exported by no template")
        else:
            passed("cloudformation cross-stack imports match an export")


def _refs(node) -> set[str]:
    found: set[str] = set()
    _walk(node, lambda n: found.add(n["Ref"]) if isinstance(n, dict) and isinstance(n.get("Ref"), str) else None)
    return found


def check_cfn_platform() -> None:
    """Issue 26, 5 and 8: what a platform team checks in the templates beyond encryption and backups."""
    cluster_path, env_path = DEPLOY / "cloudformation" / "cluster.yaml", DEPLOY / "cloudformation" / "environment.yaml"
    cluster, environment = load_all(cluster_path, CfnLoader)[0], load_all(env_path, CfnLoader)[0]
    area = f"cloudformation {rel(cluster_path)}"
    res = cluster["Resources"]
    of = lambda kind, r=res: {n: x for n, x in r.items() if x["Type"] == kind}  # noqa: E731
    # EKS API endpoint: private, or public for given CIDRs only (never the whole internet).
    for name, c in of("AWS::EKS::Cluster").items():
        vpc = c["Properties"]["ResourcesVpcConfig"]
        if vpc.get("EndpointPublicAccess") is not False:
            cidrs = vpc.get("PublicAccessCidrs")
            param = cluster.get("Parameters", {}).get(cidrs.get("Ref")) if isinstance(cidrs, dict) else None
            literal = cidrs if isinstance(cidrs, list) else (param or {}).get("Default", [])
            literal = literal.split(",") if isinstance(literal, str) else literal
            if cidrs is None or (isinstance(cidrs, dict) and param is None) or any(str(x).strip() == "0.0.0.0/0" for x in literal):
                fail(area, f"{name}: the public API endpoint must be restricted (PublicAccessCidrs without 0.0.0.0/0) or off")
            else:
                passed("EKS API endpoint is restricted")
    # One NAT gateway per zone: each private subnet's default route goes to a NAT in its own zone.
    zone = lambda subnet: json.dumps(res[subnet]["Properties"]["AvailabilityZone"], sort_keys=True)  # noqa: E731
    tables = {a["Properties"]["SubnetId"]["Ref"]: a["Properties"]["RouteTableId"]["Ref"] for a in of("AWS::EC2::SubnetRouteTableAssociation").values()}
    nat_of_table = {r["Properties"]["RouteTableId"]["Ref"]: r["Properties"]["NatGatewayId"]["Ref"] for r in of("AWS::EC2::Route").values()
                    if "NatGatewayId" in r["Properties"]}
    used = []
    for subnet in [n for n in of("AWS::EC2::Subnet") if n.startswith("Private")]:
        nat = nat_of_table.get(tables.get(subnet))
        if nat is None:
            fail(area, f"{subnet} has no route through a NAT gateway")
        elif zone(res[nat]["Properties"]["SubnetId"]["Ref"]) != zone(subnet):
            fail(area, f"{subnet} goes through {nat}, in another zone: one NAT gateway per zone")
        else:
            used.append(nat)
    if len(used) != len(set(used)):
        fail(area, "private subnets of different zones share a NAT gateway: one NAT gateway per zone")
    services = {str(e["Properties"]["ServiceName"].get("Fn::Sub", "")).rsplit("}.", 1)[-1] for e in of("AWS::EC2::VPCEndpoint").values()}
    for needed in ("s3", "ecr.api", "ecr.dkr", "sts"):
        if needed not in services:
            fail(area, f"no VPC endpoint for {needed}")
    if not [f for f in of("AWS::EC2::FlowLog").values() if f["Properties"].get("ResourceId") == {"Ref": "Vpc"}]:
        fail(area, "the VPC has no flow log")
    passed("network: NAT per zone, VPC endpoints, flow logs")
    # Both templates: S3 access logs, rotation, RDS engine pin, who may reach and read the database.
    for path, t in ((cluster_path, cluster), (env_path, environment)):
        area = f"cloudformation {rel(path)}"
        res = t["Resources"]
        of = lambda kind, r=res: {n: x for n, x in r.items() if x["Type"] == kind}  # noqa: E731
        log_targets = {p["Properties"]["Bucket"]["Ref"] for p in of("AWS::S3::BucketPolicy").values() if "logging.s3.amazonaws.com" in json.dumps(p)}
        for name, b in of("AWS::S3::Bucket").items():
            if name not in log_targets and not b["Properties"].get("LoggingConfiguration", {}).get("DestinationBucketName"):
                fail(area, f"{name}: S3 server access logging is required (LoggingConfiguration)")
        rotated = {r["Properties"]["SecretId"].get("Ref") for r in of("AWS::SecretsManager::RotationSchedule").values()}
        for name, s in of("AWS::SecretsManager::Secret").items():
            if "GenerateSecretString" in s["Properties"] and name not in rotated and not s.get("Metadata", {}).get("FlowDocs", {}).get("RotationExempt"):
                fail(area, f"{name}: a generated secret needs a RotationSchedule (or Metadata.FlowDocs.RotationExempt saying why not)")
            else:
                passed("generated secrets rotate (or say why not)")
        for name, db in of("AWS::RDS::DBInstance").items():
            p = db["Properties"]
            version = str(p.get("EngineVersion", ""))
            if re.fullmatch(r"\d+\.\d+\.\d+", version) and p.get("AutoMinorVersionUpgrade") is not False:
                fail(area, f"{name}: EngineVersion {version} is exact, so AutoMinorVersionUpgrade must be false (RDS would move past the pin)")
            master = re.findall(r"\$\{(\w+)\}", str(p.get("MasterUserPassword", {}).get("Fn::Sub", "")))
            for role_name, role in of("AWS::IAM::Role").items():
                if role_name == "AppRole" and master and master[0] in _refs(role["Properties"].get("Policies", [])):
                    fail(area, f"AppRole may read {master[0]}, the master login: the application uses its own login")
            if "AppRole" in res and not any(s["Properties"].get("TargetId") == {"Ref": name} and s["Properties"]["SecretId"]["Ref"] != (master or [None])[0]
                                            for s in of("AWS::SecretsManager::SecretTargetAttachment").values()):
                fail(area, f"{name}: no application login of its own (a secret attached to it besides the master's)")
            groups = _refs(p.get("VPCSecurityGroups", []))
            for cache in of("AWS::ElastiCache::ReplicationGroup").values():
                groups |= _refs(cache["Properties"].get("SecurityGroupIds", []))
            for g in groups:
                for rule in res[g]["Properties"].get("SecurityGroupIngress", []):
                    src = rule.get("SourceSecurityGroupId")
                    if not (isinstance(src, dict) and src.get("Ref") in of("AWS::EC2::SecurityGroup")):
                        fail(area, f"{g} admits {json.dumps(src or rule.get('CidrIp'))}: only this environment's own security groups may reach it")
            passed("database: exact engine pin policy, own login, own security groups")


def check_cfn_resource(path: Path, name: str, res: dict, template: dict) -> None:
    area = f"cloudformation {rel(path)}"
    kind, p = res["Type"], res.get("Properties", {})
    where = f"{name} ({kind})"
    if kind == "AWS::RDS::DBInstance":
        if p.get("StorageEncrypted") is not True:
            fail(area, f"{where}: StorageEncrypted must be true")
        if p.get("MultiAZ") not in (True,) and not isinstance(p.get("MultiAZ"), dict):
            fail(area, f"{where}: MultiAZ must be true (or chosen per environment)")
        if not isinstance(p.get("BackupRetentionPeriod"), dict) and int(p.get("BackupRetentionPeriod", 0)) < 7:
            fail(area, f"{where}: BackupRetentionPeriod must be at least 7 days")
        if p.get("Engine") != "mysql" or not str(p.get("EngineVersion", "")).startswith("8."):
            fail(area, f"{where}: must be MySQL 8")
        if p.get("PubliclyAccessible") is not False:
            fail(area, f"{where}: PubliclyAccessible must be false")
        if res.get("DeletionPolicy") not in ("Snapshot", "Retain"):
            fail(area, f"{where}: DeletionPolicy must be Snapshot or Retain")
    elif kind == "AWS::ElastiCache::ReplicationGroup":
        for prop in ("TransitEncryptionEnabled", "AtRestEncryptionEnabled", "AutomaticFailoverEnabled"):
            if p.get(prop) is not True:
                fail(area, f"{where}: {prop} must be true")
        if "AuthToken" not in p:
            fail(area, f"{where}: AuthToken is required")
        group = p.get("CacheParameterGroupName", {})
        group_name = group.get("Ref") if isinstance(group, dict) else None
        params = template["Resources"].get(group_name, {}).get("Properties", {}).get("Properties", {})
        if params.get("maxmemory-policy") != "noeviction":
            fail(area, f"{where}: its parameter group must set maxmemory-policy noeviction (Hangfire loses jobs otherwise)")
    elif kind == "AWS::S3::Bucket":
        block = p.get("PublicAccessBlockConfiguration", {})
        if not all(block.get(k) is True for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")):
            fail(area, f"{where}: all four public access blocks must be true")
        if p.get("VersioningConfiguration", {}).get("Status") != "Enabled":
            fail(area, f"{where}: versioning must be enabled")
        if not p.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration"):
            fail(area, f"{where}: default encryption must be configured")
    elif kind == "AWS::ECR::Repository":
        if p.get("ImageScanningConfiguration", {}).get("ScanOnPush") is not True:
            fail(area, f"{where}: ScanOnPush must be true")
        if "LifecyclePolicy" not in p:
            fail(area, f"{where}: a lifecycle policy is required")
        exclusions = [f.get("ImageTagMutabilityExclusionFilterValue") for f in p.get("ImageTagMutabilityExclusionFilters", [])]
        if p.get("ImageTagMutability") not in ("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION") or any(not str(e).startswith("env-") for e in exclusions):
            fail(area, f"{where}: tags must be immutable (a commit tag names one image forever), env-* excepted")
        check_ecr_lifecycle(area, where, p.get("LifecyclePolicy", {}).get("LifecyclePolicyText"))
    elif kind == "AWS::EKS::Cluster":
        if not p.get("EncryptionConfig"):
            fail(area, f"{where}: Kubernetes secrets must be encrypted with KMS (EncryptionConfig)")
    elif kind == "AWS::SecretsManager::Secret":
        if "SecretString" in p and cfn_value(p["SecretString"]) not in (None, ""):
            fail(area, f"{where}: a literal SecretString would put a secret in the template")
    elif kind == "AWS::IAM::AccessKey":
        fail(area, f"{where}: no long-lived access keys; use IRSA and GitHub OIDC")
    elif kind == "AWS::IAM::User":
        fail(area, f"{where}: no IAM users; roles only")
    passed("cloudformation resources have the required encryption/backup properties")


def check_ecr_lifecycle(area: str, where: str, text) -> None:
    """Issue 26, 3: no lifecycle rule may expire an image that an env-* tag names (what an environment runs,
    and what a rollback returns to). ECR never expires an image matched by a rule through a later rule, so a
    rule that selects env-* with a count no environment set reaches must come before any rule that selects
    tagged images."""
    if not isinstance(text, str):
        fail(area, f"{where}: the lifecycle policy must be a literal JSON text")
        return
    rules = sorted(json.loads(text).get("rules", []), key=lambda r: r["rulePriority"])
    for rule in rules:
        sel = rule["selection"]
        if sel.get("tagStatus") == "untagged":
            continue
        patterns = sel.get("tagPatternList", []) + [p + "*" for p in sel.get("tagPrefixList", [])]
        keeps_env = (sel.get("tagStatus") == "tagged" and patterns and all(re.fullmatch(r"env-[\w*-]*", p) for p in patterns)
                     and "env-*" in patterns and sel.get("countType") == "imageCountMoreThan"
                     and int(sel.get("countNumber", 0)) >= 10 * len(ENVIRONMENTS))
        if keeps_env:
            passed("ECR never expires an image an env-* tag names")
            return
        fail(area, f"{where}: lifecycle rule {rule['rulePriority']} ({rule.get('description', '')}) can expire an image an env-* tag names; "
                   "a rule keeping env-* (tagStatus tagged, tagPatternList [env-*], imageCountMoreThan) must come first")
        return
    fail(area, f"{where}: the lifecycle policy must keep every image an env-* tag names")


def check_identities() -> None:
    """Issue 26, 2: one deploy identity per environment. Every role GitHub may assume trusts exactly one
    subject, without wildcards; a role that reaches the cluster trusts one GitHub environment and is mapped to
    that environment's deployer group; that group may touch that environment's Application only."""
    area = "identities"
    cluster = load_all(DEPLOY / "cloudformation" / "cluster.yaml", CfnLoader)[0]["Resources"]
    roles: dict[str, str] = {}
    for name, res in cluster.items():
        if res["Type"] != "AWS::IAM::Role":
            continue
        doc = res["Properties"].get("AssumeRolePolicyDocument", {})
        for st in doc.get("Statement", []) if isinstance(doc, dict) else []:
            if st.get("Principal", {}).get("Federated") != {"Ref": "GitHubOidcProvider"}:
                continue
            cond = st.get("Condition", {})
            subjects = []
            for op, values in cond.items():
                for key, value in values.items():
                    if key.endswith(":sub"):
                        vals = value if isinstance(value, list) else [value]
                        subjects += [v.get("Fn::Sub", v) if isinstance(v, dict) else v for v in vals]
                        if op != "StringEquals":
                            fail(area, f"{name}: the GitHub subject must be matched with StringEquals, not {op}")
            if len(subjects) != 1 or "*" in str(subjects[0]):
                fail(area, f"{name}: a GitHub role must trust exactly one subject without wildcards (trusts {subjects})")
            elif subjects:
                roles[name] = str(subjects[0])
    if not roles:
        fail(area, "deploy/cloudformation/cluster.yaml defines no GitHub role")
    entries = {res["Properties"]["PrincipalArn"]["Fn::GetAtt"][0]: res["Properties"].get("KubernetesGroups", [])
               for res in cluster.values() if res["Type"] == "AWS::EKS::AccessEntry" and isinstance(res["Properties"].get("PrincipalArn"), dict)}
    covered = set()
    for name, subject in roles.items():
        m = re.search(r":environment:(\w+)$", subject)
        groups = entries.get(name)
        if groups is None:
            continue
        if not m or m.group(1) not in ENVIRONMENTS:
            fail(area, f"{name} reaches the cluster but is not bound to one GitHub environment (trusts {subject})")
            continue
        env = m.group(1)
        if groups != [f"flowdocs-deployer-{env}"]:
            fail(area, f"{name} (environment {env}) must be mapped to the group flowdocs-deployer-{env} only (is {groups})")
        covered.add(env)
    for env in ENVIRONMENTS:
        if env not in covered:
            fail(area, f"no deploy role of its own for {env}")
    rbac = load_all(DEPLOY / "argocd" / "deployer-rbac.yaml")
    roles_k8s = {(d["kind"], d["metadata"]["name"]): d for d in rbac if d["kind"] in ("Role", "ClusterRole")}
    for b in [d for d in rbac if d["kind"] in ("RoleBinding", "ClusterRoleBinding")]:
        for s in b.get("subjects", []):
            m = re.fullmatch(r"flowdocs-deployer-(\w+)", s.get("name", ""))
            if s.get("kind") != "Group" or not m:
                continue
            env = m.group(1)
            if b["kind"] == "ClusterRoleBinding" or b["roleRef"]["kind"] == "ClusterRole":
                fail(area, f"{b['metadata']['name']}: the deployer groups get namespaced Roles only")
                continue
            role = roles_k8s.get(("Role", b["roleRef"]["name"]))
            for rule in (role or {}).get("rules", [{}]):
                names = rule.get("resourceNames")
                if not names or set(names) != {f"flowdocs-{env}"} or set(rule.get("resources", [])) != {"applications"}:
                    fail(area, f"group flowdocs-deployer-{env} may touch {names or 'every'} {rule.get('resources')}: only the Application flowdocs-{env}")
            passed("each environment's deployer touches its own Application only")


# ---------------------------------------------------------------- GitHub Actions
def check_workflows() -> None:
    area = "workflows"
    for path in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        doc = load_all(path)[0]
        text = path.read_text(encoding="utf-8")
        for job_name, job in doc.get("jobs", {}).items():
            for step in job.get("steps", []):
                uses = step.get("uses")
                if uses is None or uses.startswith("./"):
                    continue
                ref = uses.rpartition("@")[2]
                # A tag can be moved by whoever controls the action's repository; these jobs hold AWS roles
                # and write tokens. Dependabot (.github/dependabot.yml) keeps the SHAs current.
                if "@" not in uses or not re.fullmatch(r"[0-9a-f]{40}", ref):
                    fail(area, f"{rel(path)} job {job_name}: '{uses}' must be pinned to a commit SHA")
                elif not re.search(re.escape(uses) + r"\s+#\s*v\d", text):
                    fail(area, f"{rel(path)} job {job_name}: '{uses}' needs its version as a comment (# vX.Y.Z) for Dependabot")
                else:
                    passed("workflow actions are pinned to a commit SHA")
                with_ = step.get("with", {}) or {}
                if "aws-access-key-id" in with_ or "aws-secret-access-key" in with_:
                    fail(area, f"{rel(path)}: long-lived AWS keys are not allowed; assume a role with OIDC")
        if "configure-aws-credentials" in text:
            perms = doc.get("permissions", {}) or {}
            job_perms = [j.get("permissions", {}) or {} for j in doc.get("jobs", {}).values()]
            if perms.get("id-token") != "write" and not any(p.get("id-token") == "write" for p in job_perms):
                fail(area, f"{rel(path)}: assumes an AWS role but does not grant id-token: write (OIDC)")
            if "role-to-assume" not in text:
                fail(area, f"{rel(path)}: configure-aws-credentials must use role-to-assume")
        passed("workflow files checked")
    # Triggers and scripts the workflows name must exist: a renamed workflow or script breaks a pipeline
    # that only runs on main.
    workflows = {p: load_all(p)[0] for p in sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))}
    titles = {w.get("name") for w in workflows.values()}
    for path, doc in workflows.items():
        triggers = doc.get("on", doc.get(True, {})) or {}
        for name in (triggers.get("workflow_run", {}) or {}).get("workflows", []) if isinstance(triggers, dict) else []:
            if name not in titles:
                fail(area, f"{rel(path)} runs after workflow '{name}', which does not exist")
        for script in sorted(set(re.findall(r"(?<![\w/.-])((?:deploy|scripts)/[\w./-]+\.sh)\b", path.read_text(encoding="utf-8")))):
            target = ROOT / script
            if not target.is_file() or not os.access(target, os.X_OK):
                fail(area, f"{rel(path)} runs {script}, which is missing or not executable")
            else:
                passed("scripts the workflows run exist")
    names = {p.name for p in (ROOT / ".github" / "workflows").glob("*.yml")}
    for required in ("ci.yml", "release.yml", "stage.yml", "prod.yml"):
        if required not in names:
            fail(area, f".github/workflows/{required} is missing")
    dependabot = ROOT / ".github" / "dependabot.yml"
    updates = (load_all(dependabot)[0] or {}).get("updates", []) if dependabot.is_file() else []
    if not any(u.get("package-ecosystem") == "github-actions" for u in updates):
        fail(area, ".github/dependabot.yml must keep the pinned action SHAs current (package-ecosystem github-actions)")
    else:
        passed("Dependabot updates the pinned actions")
    check_release_gate(workflows)
    check_rollback(workflows)


# ---------------------------------------------------------------- GitHub expressions (the jobs' `if:`)
_TOKEN = re.compile(r"\s+|'(?:[^']|'')*'|==|!=|<=|>=|&&|\|\||!|\(|\)|<|>|[A-Za-z_][\w.-]*(?:\(\))?|-?\d+(?:\.\d+)?")


def evaluate_if(expression: str | None, context: dict, status: str = "success") -> bool:
    """Evaluates a job's or step's `if:` the way GitHub does, for the operators the workflows use.

    Property paths read `context` (missing → null); success()/failure()/always()/cancelled() follow `status`
    (the outcome of what ran before); strings compare case-insensitively. Anything else is an error.
    """
    if expression is None:
        expression = "success()"
    text = str(expression).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    out, pos, has_status = [], 0, False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot read the expression at: {text[pos:]!r}")
        tok, pos = m.group(0), m.end()
        if tok.isspace():
            continue
        if tok.startswith("'"):
            out.append(repr(tok[1:-1].replace("''", "'").lower()))
        elif tok in ("==", "!=", "(", ")", "<", ">", "<=", ">="):
            out.append(tok)
        elif tok == "&&":
            out.append(" and ")
        elif tok == "||":
            out.append(" or ")
        elif tok == "!":
            out.append(" not ")
        elif tok in ("true", "false", "null"):
            out.append({"true": "True", "false": "False", "null": "None"}[tok])
        elif tok.endswith("()"):
            fn = tok[:-2]
            if fn not in ("success", "failure", "always", "cancelled"):
                raise ValueError(f"function {fn}() is not supported")
            has_status = True
            out.append(repr({"success": status == "success", "failure": status == "failure", "always": True,
                             "cancelled": status == "cancelled"}[fn]))
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", tok):
            out.append(tok)
        else:
            value: object = context
            for part in tok.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            out.append(repr(value.lower() if isinstance(value, str) else value))
    result = bool(eval("".join(out), {"__builtins__": {}}, {}))  # noqa: S307 (built only from the tokens above)
    # Without a status function GitHub adds success(): the job or step is skipped after a failure.
    return result and (has_status or status == "success")


def _workflow_run_context(event: str, head_repository: str, conclusion: str = "success", branch: str = "main") -> dict:
    return {"github": {"event_name": "workflow_run", "repository": "flowdocs/flowdocs", "ref": "refs/heads/main",
                       "sha": "0" * 40,
                       "event": {"workflow_run": {"conclusion": conclusion, "event": event, "head_branch": branch,
                                                  "head_sha": "1" * 40,
                                                  "head_repository": {"full_name": head_repository}}}},
            "vars": {}, "env": {}}


# What a workflow_run looks like when a fork's pull request (from a branch called main) finished CI, and the
# variations that must not release either; and the one run that must release.
UNTRUSTED_RUNS = {
    "a pull request from a fork's branch main": _workflow_run_context("pull_request", "attacker/flowdocs"),
    "a pull_request_target run for a fork": _workflow_run_context("pull_request_target", "attacker/flowdocs"),
    "a pull request from a branch of this repository": _workflow_run_context("pull_request", "flowdocs/flowdocs"),
    "a push event whose head is a fork": _workflow_run_context("push", "attacker/flowdocs"),
    "a push to another branch": _workflow_run_context("push", "flowdocs/flowdocs", branch="feature"),
    "a failed CI run": _workflow_run_context("push", "flowdocs/flowdocs", conclusion="failure"),
}
TRUSTED_RUN = _workflow_run_context("push", "flowdocs/flowdocs")


def check_release_gate(workflows: dict[Path, dict]) -> None:
    """Issue 26, 1: a workflow started by workflow_run releases only for a push to main of this repository."""
    area = "workflows/release gate"
    for path, doc in workflows.items():
        triggers = doc.get("on", doc.get(True, {})) or {}
        if not isinstance(triggers, dict) or "workflow_run" not in triggers:
            continue
        jobs = doc.get("jobs", {})
        for name, job in jobs.items():
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            try:
                if needs:
                    # A job that needs a skipped job is skipped too, unless its own `if:` overrides that.
                    if any(f in str(job.get("if", "")) for f in ("always()", "failure()", "cancelled()")):
                        fail(area, f"{rel(path)} job {name}: an `if:` with always()/failure() runs even when the gated job was skipped")
                    continue
                for what, ctx in UNTRUSTED_RUNS.items():
                    if evaluate_if(job.get("if"), ctx):
                        fail(area, f"{rel(path)} job {name} runs for {what}: require github.event.workflow_run.event == 'push' "
                                   "and head_repository.full_name == github.repository")
                if not evaluate_if(job.get("if"), TRUSTED_RUN):
                    fail(area, f"{rel(path)} job {name} does not run for a push to main of this repository")
                passed("release jobs run only for pushes to main of this repository")
            except (ValueError, SyntaxError) as e:
                fail(area, f"{rel(path)} job {name}: {e}")


def check_rollback(workflows: dict[Path, dict]) -> None:
    """Issue 26, 4: a job that syncs an environment rolls it back when the sync or a test fails, and moves the
    environment's tags (git and ECR) only after every test passed."""
    area = "workflows/rollback"
    for path, doc in workflows.items():
        for name, job in doc.get("jobs", {}).items():
            steps = job.get("steps", [])
            runs = [str(s.get("run", "")) for s in steps]
            sync = [i for i, r in enumerate(runs) if "deploy/argocd/sync.sh" in r]
            if not sync:
                continue
            where = f"{rel(path)} job {name}"
            if not job.get("environment"):
                fail(area, f"{where} syncs an environment outside a GitHub environment (its deploy role trusts only environment jobs)")
            sync_step = steps[sync[0]]
            tests = [i for i, r in enumerate(runs) if "deploy/smoke/" in r]
            moves = [i for i, r in enumerate(runs) if re.search(r"git tag -f env-", r)]
            rollbacks = [i for i, r in enumerate(runs) if "deploy/argocd/rollback.sh" in r]
            if not tests:
                fail(area, f"{where} syncs without a smoke test")
            if not sync_step.get("id"):
                fail(area, f"{where}: the sync step needs an id (the rollback step asks whether it ran)")
            if not rollbacks:
                fail(area, f"{where}: no rollback step (deploy/argocd/rollback.sh) when the sync or a test fails")
            for i in rollbacks:
                cond = steps[i].get("if")
                ran = {"steps": {sync_step.get("id", ""): {"outcome": "failure"}}}
                skipped = {"steps": {sync_step.get("id", ""): {"outcome": "skipped"}}}
                try:
                    if not evaluate_if(cond, ran, status="failure"):
                        fail(area, f"{where}: the rollback step must run when the sync or a test failed (if: failure() ...)")
                    if evaluate_if(cond, ran, status="success"):
                        fail(area, f"{where}: the rollback step must not run when everything passed")
                    if evaluate_if(cond, skipped, status="failure"):
                        fail(area, f"{where}: the rollback step must not run when nothing was synced")
                except (ValueError, SyntaxError) as e:
                    fail(area, f"{where}: {e}")
                if tests and i < max(tests):
                    fail(area, f"{where}: the rollback step must come after the last test")
            for i in moves:
                cond = steps[i].get("if")
                try:
                    if evaluate_if(cond, {"steps": {sync_step.get("id", ""): {"outcome": "success"}}}, status="failure"):
                        fail(area, f"{where}: '{steps[i].get('name')}' moves the env tag even when a test failed")
                except (ValueError, SyntaxError) as e:
                    fail(area, f"{where}: {e}")
                if tests and i < max(tests):
                    fail(area, f"{where}: '{steps[i].get('name')}' moves the env tag before the tests ran")
                if "deploy/argocd/tag-image.sh" not in runs[i]:
                    fail(area, f"{where}: '{steps[i].get('name')}' must tag the image env-* in ECR too (tag-image.sh), or ECR may expire it")
            if not moves:
                fail(area, f"{where} never moves its env tag")
            passed("deploying jobs roll back on failure and move env tags only after their tests")


# ---------------------------------------------------------------- Dockerfile
def check_dockerfile(results: dict[str, dict]) -> None:
    area = "docker"
    dockerfile = DEPLOY / "docker" / "Dockerfile"
    lines = [l.strip() for l in dockerfile.read_text(encoding="utf-8").splitlines() if l.strip() and not l.strip().startswith("#")]
    # Join continuation lines.
    joined, buf = [], ""
    for l in lines:
        buf += l[:-1] + " " if l.endswith("\\") else l
        if not l.endswith("\\"):
            joined.append(buf)
            buf = ""
    stages = [i for i, l in enumerate(joined) if l.upper().startswith("FROM ")]
    if len(stages) < 2:
        fail(area, "the Dockerfile must be multi-stage (build with the SDK, run on the runtime)")
        return
    final = joined[stages[-1]:]
    base = final[0].split()[1]
    if "/dotnet/sdk" in base or not re.search(r"/dotnet/aspnet:\d+\.\d+", base):
        fail(area, f"the final stage must be the ASP.NET runtime image (is {base})")
    if "chiseled" in base or "distroless" in base:
        fail(area, "the health check script needs bash: do not use a chiseled/distroless final image")
    for l in joined:
        if l.upper().startswith("FROM ") and (":latest" in l or ":" not in l.split()[1]):
            fail(area, f"'{l}' must name a version tag")
    users = [l.split()[1] for l in final if l.upper().startswith("USER ")]
    if not users or users[-1] in ("root", "0", "0:0"):
        fail(area, "the final stage must switch to a non-root USER")
    if not any(l.upper().startswith("HEALTHCHECK ") and "/health/" not in l and "healthcheck" in l for l in final):
        fail(area, "the final stage needs a HEALTHCHECK that runs the health check script")
    if any(re.search(r"\b(curl|wget)\b", l) for l in final if l.upper().startswith("HEALTHCHECK")):
        fail(area, "the runtime image has no curl/wget")
    if any("dotnet publish" in l or "dotnet build" in l for l in final):
        fail(area, "the final stage must not build")
    if not any(l.upper().startswith("ENTRYPOINT") and "FlowDocs.Server.dll" in l for l in final):
        fail(area, "ENTRYPOINT must run FlowDocs.Server.dll")
    script = re.search(r"COPY .*?(deploy/docker/\S+)\s+(\S+)", "\n".join(final))
    if not script or not (ROOT / script.group(1)).is_file():
        fail(area, "the health check script must be copied from deploy/docker/")
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for must in (".git/", "**/bin/", "**/obj/", "tests/"):
        if must not in ignore:
            fail(area, f".dockerignore must exclude {must}")
    if script and f"!{script.group(1)}" not in ignore:
        fail(area, f".dockerignore must let {script.group(1)} through")
    # The build context (.dockerignore applied) must hold what the build stage needs, and nothing private.
    sys.path.insert(0, str(DEPLOY / "docker"))
    import context  # noqa: E402  (deploy/docker/context.py)
    context.ROOT = ROOT
    files = set(context.context_files())
    for needed in ("global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig",
                   "src/FlowDocs.Server/FlowDocs.Server.csproj", script.group(1) if script else "deploy/docker/healthcheck.sh"):
        if needed not in files:
            fail(area, f"the build context lacks {needed} (.dockerignore excludes it)")
    for path in files:
        if re.match(r"(tests|\.git|deploy/k8s|artifacts|\.test-services|\.local-deploy)/|.*/(bin|obj|node_modules)/", path):
            fail(area, f"the build context must not contain {path}")
    uid = re.search(r"USER\s+\$APP_UID", "\n".join(final))
    for env, r in results.items():
        for d in r.get("workloads", []) if r else []:
            if uid and d["spec"]["template"]["spec"]["securityContext"].get("runAsUser") != 1654:
                fail(area, f"{env}: pods must run as the image's app user 1654")
    passed("Dockerfile sanity")


def main() -> int:
    check_yaml_parses()
    results = {}
    rendered = render_overlays()
    for env, docs in rendered.items():
        results[env] = check_overlay(env, docs)
    images = {r["image"] for r in results.values() if r}
    check_settings(results)
    check_argocd(results)
    check_platform(rendered)
    check_cloudformation()
    check_cfn_platform()
    check_identities()
    check_workflows()
    check_dockerfile(results)
    for area, n in counts.items():
        print(f"  ok  {area}: {n}")
    for note in notes:
        print(f"  --  {note}")
    if len(images) > 1:
        print(f"  --  environments run different images (normal between promotions): {sorted(images)}")
    for f in failures:
        print(f"  FAIL {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
