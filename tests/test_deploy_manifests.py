"""The Kubernetes manifests (deploy/kubernetes/, docs/kubernetes.md), offline.

Every resource the Kustomize base lists is validated against the Kubernetes
API schemas that kubernetes-validate ships (strict: an unknown field fails),
and the things a cluster would only reveal at the worst moment are checked
here: probes on the right paths and port, resources, non-root, one image,
one beat, and selectors that reach the web pods and only them.
"""

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

KUBERNETES = Path(__file__).resolve().parent.parent / "deploy" / "kubernetes"
BASE = KUBERNETES / "base"
OVERLAY = KUBERNETES / "overlays" / "example"
SECRET_TEMPLATE = BASE / "secret.example.yaml"

# The oldest Kubernetes the manifests support and the newest kubernetes-validate
# knows: a field added after the first or removed before the second fails.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
# kubernetes-validate only warns about an apiVersion it has no schema for (a
# beta removed long ago, a typo): the versions are pinned here.
API_VERSIONS = {
    "ConfigMap": "v1",
    "Secret": "v1",
    "Service": "v1",
    "Namespace": "v1",
    "Deployment": "apps/v1",
    "Job": "batch/v1",
    "Ingress": "networking.k8s.io/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
}
WORKLOAD_ARGS = {
    "nomi-web": ["web"],
    "nomi-worker": ["worker"],
    "nomi-beat": ["beat"],
    "nomi-migrate": ["migrate"],
}
PLACEHOLDER = "CHANGE-ME"


def load_documents(path: Path) -> list[dict]:
    with path.open() as file:
        return [document for document in yaml.safe_load_all(file) if document]


def kustomization(directory: Path = BASE) -> dict:
    return load_documents(directory / "kustomization.yaml")[0]


def base_resources() -> list[dict]:
    """Every resource named in the base's kustomization.yaml, in its order."""
    return [
        resource
        for name in kustomization()["resources"]
        for resource in load_documents(BASE / name)
    ]


def find(resources: list[dict], kind: str, name: str) -> dict:
    (found,) = [
        r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name
    ]
    return found


def pod_specs(resources: list[dict]) -> dict[str, dict]:
    """The pod template spec of each Deployment and Job, by workload name."""
    return {
        r["metadata"]["name"]: r["spec"]["template"]["spec"]
        for r in resources
        if r["kind"] in ("Deployment", "Job")
    }


def selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def web_pod(resources: list[dict]) -> tuple[dict, dict]:
    """The web pod template's labels and its one container."""
    template = find(resources, "Deployment", "nomi-web")["spec"]["template"]
    (container,) = template["spec"]["containers"]
    return template["metadata"]["labels"], container


@pytest.fixture(scope="module")
def resources() -> list[dict]:
    return base_resources()


def test_the_base_lists_every_manifest_but_the_secret_template():
    listed = set(kustomization()["resources"])
    on_disk = {path.name for path in BASE.glob("*.yaml")}
    assert listed == on_disk - {"kustomization.yaml", SECRET_TEMPLATE.name}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_resource_validates_strictly(resources, version):
    for resource in [*resources, *load_documents(SECRET_TEMPLATE)]:
        try:
            kubernetes_validate.validate(resource, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            pytest.fail(
                f"{resource['kind']}/{resource['metadata']['name']} "
                f"(Kubernetes {version}): {path}: {error.message}"
            )


def test_every_resource_has_a_known_api_version(resources):
    kinds = {r["kind"] for r in resources}
    assert kinds >= API_VERSIONS.keys() - {"Secret", "Namespace"}
    for resource in [*resources, *load_documents(SECRET_TEMPLATE)]:
        assert resource["apiVersion"] == API_VERSIONS[resource["kind"]], resource


def test_web_probes_are_on_the_container_port(resources):
    _, container = web_pod(resources)
    (port,) = container["ports"]
    assert port["containerPort"] == 8000
    expected = {
        "readinessProbe": "/readyz",
        "startupProbe": "/healthz",
    }
    # Liveness must not follow the database (/healthz does): the port answers.
    assert container["livenessProbe"]["tcpSocket"]["port"] in (
        port["name"],
        port["containerPort"],
    )
    assert "httpGet" not in container["livenessProbe"]
    allowed_hosts = find(resources, "ConfigMap", "nomi-config")["data"][
        "DJANGO_ALLOWED_HOSTS"
    ].split(",")
    for probe, path in expected.items():
        http_get = container[probe]["httpGet"]
        assert http_get["path"] == path, probe
        assert http_get["port"] in (port["name"], port["containerPort"]), probe
        # Django answers 400 to a Host it does not serve (the pod's IP).
        (host,) = [h["value"] for h in http_get["httpHeaders"] if h["name"] == "Host"]
        assert host in allowed_hosts, probe


def test_every_container_is_sized_non_root_and_read_only(resources):
    for name, spec in pod_specs(resources).items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
        for container in spec["containers"]:
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name
            assert "memory" in container["resources"]["limits"], name
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["readOnlyRootFilesystem"] is True, name
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts["/tmp"]], name
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            if "PROMETHEUS_MULTIPROC_DIR" in env:
                directory = mounts[env["PROMETHEUS_MULTIPROC_DIR"]]
                assert "emptyDir" in volumes[directory], name
    _, web = web_pod(resources)
    assert "PROMETHEUS_MULTIPROC_DIR" in {e["name"] for e in web["env"]}


def test_every_workload_runs_the_one_image_with_its_command(resources):
    specs = pod_specs(resources)
    assert specs.keys() == WORKLOAD_ARGS.keys()
    for name, spec in specs.items():
        (container,) = spec["containers"]
        assert container["image"] == "nomi", name
        assert container["args"] == WORKLOAD_ARGS[name], name
        # The Secret comes last, so its keys override the ConfigMap's.
        assert container["envFrom"] == [
            {"configMapRef": {"name": "nomi-config"}},
            {"secretRef": {"name": "nomi-secrets"}},
        ], name
    (image,) = kustomization()["images"]
    assert image == {"name": "nomi", "newName": "nomi", "newTag": "latest"}


def test_beat_runs_once(resources):
    beat = find(resources, "Deployment", "nomi-beat")["spec"]
    assert beat["replicas"] == 1
    # RollingUpdate would start the new beat before stopping the old one.
    assert beat["strategy"] == {"type": "Recreate"}


def test_service_hpa_and_pdb_reach_the_web_pods_only(resources):
    labels, container = web_pod(resources)
    others = [
        spec_owner["spec"]["template"]["metadata"]["labels"]
        for spec_owner in resources
        if spec_owner["kind"] in ("Deployment", "Job")
        and spec_owner["metadata"]["name"] != "nomi-web"
    ]
    web = find(resources, "Deployment", "nomi-web")
    assert selects(web["spec"]["selector"]["matchLabels"], labels)
    # The autoscaler owns the web replica count; a fixed one would reset it.
    assert "replicas" not in web["spec"]

    service = find(resources, "Service", "nomi-web")["spec"]
    pdb = find(resources, "PodDisruptionBudget", "nomi-web")["spec"]
    for selector in (service["selector"], pdb["selector"]["matchLabels"]):
        assert selects(selector, labels)
        assert not any(selects(selector, other) for other in others)

    (port,) = container["ports"]
    (service_port,) = service["ports"]
    assert service_port["targetPort"] in (port["name"], port["containerPort"])

    hpa = find(resources, "HorizontalPodAutoscaler", "nomi-web")["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "nomi-web",
    }
    assert 2 <= hpa["minReplicas"] <= hpa["maxReplicas"]

    ingress = find(resources, "Ingress", "nomi-web")["spec"]
    for rule in ingress["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "nomi-web"
            assert backend["port"] in ({"name": "http"}, {"number": 80})


def test_config_map_holds_the_settings_and_no_password(resources):
    data = find(resources, "ConfigMap", "nomi-config")["data"]
    for key in (
        "DATABASE_REPLICA_URL",
        "CACHE_URL",
        "CELERY_BROKER_URL",
        "MEDIA_S3_BUCKET",
        "MEDIA_S3_PRIVATE_BUCKET",
        "DJANGO_ALLOWED_HOSTS",
    ):
        assert data[key], key
    assert data["LOG_FORMAT"] == "json"
    assert data["DJANGO_DEBUG"] == "false"
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY"} & (
        data.keys()
    )
    for key, value in data.items():
        if "://" in value:
            assert urlsplit(value).password is None, key


def test_the_secret_template_holds_placeholders_only():
    (secret,) = load_documents(SECRET_TEMPLATE)
    assert secret["metadata"]["name"] == "nomi-secrets"
    # Base64 under `data` would hide what it holds.
    assert "data" not in secret
    values = secret["stringData"]
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL"} <= values.keys()
    for key, value in values.items():
        if "://" in value:
            parts = urlsplit(value)
            assert parts.password == PLACEHOLDER, key
            assert PLACEHOLDER not in (parts.hostname or ""), key
        else:
            assert value == PLACEHOLDER, key


@pytest.mark.skipif(not shutil.which("kubectl"), reason="needs kubectl (kustomize)")
@pytest.mark.parametrize("directory", [BASE, OVERLAY], ids=["base", "overlay"])
def test_kustomize_builds_valid_resources(directory):
    """The base and the example overlay as kubectl would apply them."""
    built = subprocess.run(
        ["kubectl", "kustomize", str(directory)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rendered = [r for r in yaml.safe_load_all(built.stdout) if r]
    for resource in rendered:
        kubernetes_validate.validate(resource, KUBERNETES_VERSIONS[-1], strict=True)
        assert resource["apiVersion"] == API_VERSIONS[resource["kind"]]
    images = {
        container["image"]
        for spec in pod_specs(rendered).values()
        for container in spec["containers"]
    }
    (new,) = kustomization(directory)["images"]
    assert images == {f"{new['newName']}:{new['newTag']}"}
