#!/usr/bin/env python3
"""Tests of deploy/check.py: the delivery files pass, and each kind of violation is caught.

Every case copies the files check.py reads into a temporary tree, breaks one thing, runs check.py there and
expects it to fail naming the problem. Run by deploy/check.sh; alone: python3 deploy/check_test.py
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["deploy", ".github", "src", "README.md", ".dockerignore", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"]
IGNORED = shutil.ignore_patterns("node_modules", "bin", "obj", "__pycache__")

# (name, file, pattern, replacement, expected message fragment)
MUTATIONS = [
    ("latest image tag", "deploy/k8s/overlays/prod/kustomization.yaml", r"newTag: \S+", "newTag: latest",
     "explicit tag other than latest"),
    ("writable root filesystem", "deploy/k8s/base/worker.yaml", r"readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
     "readOnlyRootFilesystem must be true"),
    ("root user", "deploy/k8s/base/web.yaml", r"runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot"),
    ("no memory limit", "deploy/k8s/base/worker.yaml", r"limits: \{ cpu: \"2\", memory: 1Gi \}", 'limits: { cpu: "2" }',
     "resources.limits.memory is missing"),
    ("wrong readiness path", "deploy/k8s/base/web.yaml", r"path: /health/ready", "path: /health/live", "readinessProbe must GET /health/ready"),
    ("exposed service", "deploy/k8s/base/web.yaml", r"type: ClusterIP", "type: LoadBalancer", "must be ClusterIP"),
    ("reachable workers", "deploy/k8s/base/network-policies.yaml", r"values: \[web, worker\]\n  policyTypes: \[Egress\]",
     "values: [web, worker]\n  policyTypes: [Egress, Ingress]\n  ingress:\n    - {}", "must not accept connections"),
    ("KEDA list name", "deploy/k8s/base/worker-autoscaling.yaml", r'listName: "\{flowdocs\}:queue:default"', 'listName: "{flowdocs}:queues:default"', "KEDA redis trigger must read"),
    ("scale workers to zero", "deploy/k8s/base/worker-autoscaling.yaml", r"minReplicaCount: 1", "minReplicaCount: 0", "minReplicaCount >= 1"),
    ("unknown setting", "deploy/k8s/base/kustomization.yaml", r"- FlowDocs__Blobs__Provider=S3", "- FlowDocs__Blobs__Provider=S3\n      - FlowDocs__Blobs__Bogus=1",
     "FlowDocs:Blobs:Bogus is set by deploy/k8s but read nowhere"),
    ("migration after rollout", "deploy/k8s/base/migrate-job.yaml", r'sync-wave: "-1"', 'sync-wave: "1"', "negative sync wave"),
    ("unencrypted database", "deploy/cloudformation/environment.yaml", r"StorageEncrypted: true", "StorageEncrypted: false", "StorageEncrypted must be true"),
    ("evicting Redis", "deploy/cloudformation/environment.yaml", r"maxmemory-policy: noeviction", "maxmemory-policy: volatile-lru", "noeviction"),
    ("unversioned bucket", "deploy/cloudformation/environment.yaml", r"Status: Enabled\n      BucketEncryption", "Status: Suspended\n      BucketEncryption",
     "versioning must be enabled"),
    ("dangling import", "deploy/cloudformation/environment.yaml", r"!ImportValue flowdocs-vpc-id", "!ImportValue flowdocs-vpc", "exported by no template"),
    ("dangling Ref", "deploy/cloudformation/environment.yaml", r"DBSubnetGroupName: !Ref DatabaseSubnets", "DBSubnetGroupName: !Ref DatabaseSubnet",
     "Ref DatabaseSubnet names nothing"),
    ("unpinned action", ".github/workflows/release.yml", r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", "must be pinned to a commit SHA"),
    ("no Dependabot for actions", ".github/dependabot.yml", r"package-ecosystem: github-actions", "package-ecosystem: docker",
     "dependabot.yml must keep the pinned action SHAs current"),
    # Issue 26, 1: a fork's workflow_run must not release.
    ("release for any event", ".github/workflows/release.yml", r"github\.event\.workflow_run\.event == 'push' && ", "",
     "runs for a pull request from a branch of this repository"),
    ("release for a fork's head", ".github/workflows/release.yml", r" &&\n\s*github\.event\.workflow_run\.head_repository\.full_name == github\.repository", "",
     "runs for a push event whose head is a fork"),
    # Issue 26, 2: one deploy identity per environment.
    ("DEV role in PROD's group", "deploy/cloudformation/cluster.yaml", r"KubernetesGroups: \[flowdocs-deployer-dev\]",
     "KubernetesGroups: [flowdocs-deployer-dev, flowdocs-deployer-prod]", "must be mapped to the group flowdocs-deployer-dev only"),
    ("wildcard GitHub trust", "deploy/cloudformation/cluster.yaml", r"environment:prod$", "environment:*", "without wildcards"),
    ("DEV deployer syncs PROD", "deploy/argocd/deployer-rbac.yaml", r"resourceNames: \[flowdocs-dev\]", "resourceNames: [flowdocs-dev, flowdocs-prod]",
     "group flowdocs-deployer-dev may touch"),
    ("shared AppProject", "deploy/argocd/project.yaml", r"      namespace: flowdocs-dev\n",
     "      namespace: flowdocs-dev\n    - server: https://kubernetes.default.svc\n      namespace: flowdocs-prod\n", "must admit only flowdocs-dev"),
    # Issue 26, 3: ECR keeps what the environments run.
    ("ECR expires env images", "deploy/cloudformation/cluster.yaml", r'"tagPatternList": \["env-\*"\]', '"tagPatternList": ["release-*"]',
     "can expire an image an env-* tag names"),
    # Issue 26, 4: a failed promotion rolls back and leaves the env tag.
    ("no rollback", ".github/workflows/stage.yml", r"run: deploy/argocd/rollback.sh stage", "run: echo no rollback", "no rollback step"),
    ("rollback on sync failure only", ".github/workflows/prod.yml", r"if: failure\(\) && steps.sync.outcome != 'skipped'",
     "if: steps.sync.outcome == 'failure'", "the rollback step must run when the sync or a test failed"),
    ("env tag moved after a failure", ".github/workflows/release.yml", r"      - name: Move env-DEV\n", "      - name: Move env-DEV\n        if: always()\n",
     "moves the env tag even when a test failed"),
    # Issue 26, 5: environments are isolated.
    ("database open to the whole VPC", "deploy/k8s/base/network-policies.yaml", r"cidr: 10\.40\.32\.0/20", "cidr: 10.40.0.0/16",
     "opens [3306, 6379] to 10.40.0.0/16"),
    ("web reachable from the pods' subnets", "deploy/k8s/base/network-policies.yaml", r"cidr: 10\.40\.16\.0/20", "cidr: 10.40.48.0/20",
     "only the load balancers' public subnets"),
    ("collector open to other namespaces", "deploy/k8s/base/network-policies.yaml", r"    - from:\n        - podSelector:\n",
     "    - from:\n        - namespaceSelector: {}\n          podSelector:\n", "admits pods of other namespaces"),
    ("no pod security group", "deploy/k8s/base/security-group-policy.yaml", r"app.kubernetes.io/name: flowdocs", "app.kubernetes.io/component: web",
     "carries no security group of its environment"),
    ("database admits the cluster", "deploy/cloudformation/environment.yaml", r"FromPort: 3306\n          ToPort: 3306\n          SourceSecurityGroupId: !Ref AppSecurityGroup",
     "FromPort: 3306\n          ToPort: 3306\n          SourceSecurityGroupId: !ImportValue flowdocs-cluster-security-group",
     "only this environment's own security groups may reach it"),
    ("app reads the master login", "deploy/cloudformation/environment.yaml", r"                  - !Ref AppDatabaseSecret\n                  - !Ref RedisConnectionSecret",
     "                  - !Ref DatabaseSecret\n                  - !Ref RedisConnectionSecret", "AppRole may read DatabaseSecret"),
    ("workers get the master login", "deploy/k8s/base/worker.yaml", r"            - configMapRef:\n                name: flowdocs-config\n",
     "            - configMapRef:\n                name: flowdocs-config\n            - secretRef:\n                name: flowdocs-migrate-secrets\n",
     "gets the database master login"),
    ("application login with DDL", "deploy/k8s/base/db-user-job.yaml", r"GRANT SELECT, INSERT, UPDATE, DELETE ON", "GRANT ALL PRIVILEGES ON",
     "data privileges on its schema only"),
    ("shared ALB group", "deploy/k8s/overlays/stage/kustomization.yaml", r"value: flowdocs-stage$", "value: flowdocs", "shares the load balancer group"),
    # Issue 26, 6: capacity and the add-ons as code.
    ("unpinned add-on chart", "deploy/argocd/platform/apps/keda.yaml", r"targetRevision: 2\.16\.1", "targetRevision: 2.*", "must be pinned to an exact version"),
    ("no node autoscaler", "deploy/argocd/platform/apps/cluster-autoscaler.yaml", r"chart: cluster-autoscaler", "chart: cluster-proportional-autoscaler",
     "no node autoscaler"),
    ("add-on only in prose", "deploy/argocd/platform/apps/external-secrets.yaml", r"^kind: Application$", "kind: ApplicationSet",
     "the add-on external-secrets is not an Application"),
    ("too few nodes for the maxima", "deploy/cloudformation/cluster.yaml", r"Default: 12$", "Default: 6", "offers"),
    # Issue 26, 7: telemetry.
    ("no logs to New Relic", "deploy/k8s/base/otel-collector.yaml", r"        logs:\n          receivers: \[otlp\]\n          processors: \[memory_limiter, resource, batch\]\n          exporters: \[otlphttp/newrelic\]",
     "        logs:\n          receivers: [otlp]\n          processors: [memory_limiter, resource, batch]\n          exporters: [debug]", "logs pipeline must export to New Relic"),
    ("licence key in the manifest", "deploy/k8s/base/otel-collector.yaml", r"api-key: \$\{env:NEW_RELIC_LICENSE_KEY\}", "api-key: 0123456789abcdef",
     "with api-key"),
    ("app without OTLP", "deploy/k8s/base/kustomization.yaml", r"FlowDocs__Telemetry__OtlpEndpoint=http://flowdocs-otel-collector:4317",
     "FlowDocs__Telemetry__OtlpEndpoint=http://otel-collector.monitoring:4317", "must point at this namespace's collector"),
    # Issue 26, 8: the platform basics.
    ("EKS API open to the internet", "deploy/cloudformation/cluster.yaml", r"PublicAccessCidrs: !Ref ApiAccessCidrs", "PublicAccessCidrs: [0.0.0.0/0]",
     "the public API endpoint must be restricted"),
    ("one NAT gateway", "deploy/cloudformation/cluster.yaml", r"NatGatewayId: !Ref NatGatewayB", "NatGatewayId: !Ref NatGatewayA", "in another zone"),
    ("no ECR endpoint", "deploy/cloudformation/cluster.yaml", r"\.ecr\.dkr$", ".ecr.docker", "no VPC endpoint for ecr.dkr"),
    ("no flow logs", "deploy/cloudformation/cluster.yaml", r"ResourceId: !Ref Vpc", "ResourceId: !Ref PrivateSubnetA", "the VPC has no flow log"),
    ("no access logs", "deploy/cloudformation/environment.yaml", r"      LoggingConfiguration:\n.*\n.*\n", "", "S3 server access logging is required"),
    ("secret without rotation", "deploy/cloudformation/environment.yaml", r"      SecretId: !Ref AppDatabaseSecret\n      HostedRotationLambda",
     "      SecretId: !Ref DatabaseSecret\n      HostedRotationLambda", "AppDatabaseSecret: a generated secret needs a RotationSchedule"),
    ("engine pinned and auto-upgraded", "deploy/cloudformation/environment.yaml", r"AutoMinorVersionUpgrade: false", "AutoMinorVersionUpgrade: true",
     "AutoMinorVersionUpgrade must be false"),
    ("static AWS keys", ".github/workflows/prod.yml", r"role-to-assume: .*", "aws-access-key-id: ${{ secrets.KEY }}", "long-lived AWS keys"),
    ("renamed CI workflow", ".github/workflows/ci.yml", r"^name: CI$", "name: Build", "runs after workflow 'CI', which does not exist"),
    ("missing pipeline script", ".github/workflows/stage.yml", r"deploy/argocd/promote.sh", "deploy/argocd/promote-env.sh", "promote-env.sh, which is missing"),
    ("SDK in the final image", "deploy/docker/Dockerfile", r"FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final",
     "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS final", "ASP.NET runtime image"),
    ("context without global.json", ".dockerignore", r"^README.md$", "README.md\nglobal.json", "the build context lacks global.json"),
    ("root in the image", "deploy/docker/Dockerfile", r"USER \$APP_UID", "USER root", "non-root USER"),
    ("Argo CD app without overlay", "deploy/argocd/application-stage.yaml", r"path: deploy/k8s/overlays/stage", "path: deploy/k8s/overlays/staging",
     "expected one Application for deploy/k8s/overlays/stage"),
]


def copy_tree(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, target / name)


def run_check(tree: Path, renderer: str = "builtin") -> subprocess.CompletedProcess:
    # The broken trees use the built-in renderer (fast); check.py itself compares it with kubectl.
    env = {**os.environ, "FLOWDOCS_CHECK_RENDERER": renderer}
    return subprocess.run([sys.executable, str(tree / "deploy" / "check.py")], capture_output=True, text=True, check=False, env=env)


class CheckTests(unittest.TestCase):
    def test_the_delivery_files_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy_tree(Path(tmp))
            result = run_check(Path(tmp), renderer="")
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)

    def test_every_violation_is_caught(self):
        def mutate_and_check(mutation):
            name, file, pattern, replacement, expected = mutation
            with tempfile.TemporaryDirectory() as tmp:
                tree = Path(tmp)
                copy_tree(tree)
                path = tree / file
                text = path.read_text(encoding="utf-8")
                changed, n = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.MULTILINE)
                if n != 1:
                    return f"{name}: pattern {pattern!r} not found in {file}"
                path.write_text(changed, encoding="utf-8")
                result = run_check(tree)
            if result.returncode == 0:
                return f"{name}: check.py passed"
            if expected not in result.stdout:
                return f"{name}: check.py failed without '{expected}':\n{result.stdout}"
            return None

        with ThreadPoolExecutor(max_workers=2) as pool:
            problems = [p for p in pool.map(mutate_and_check, MUTATIONS) if p]
        self.assertEqual([], problems, "\n".join(problems))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=0).result
    print(f"  ok  check.py catches {len(MUTATIONS)} kinds of violation" if result.wasSuccessful() else "  FAIL check_test.py")
    sys.exit(0 if result.wasSuccessful() else 1)
