"""Compares the emulator's registry answers, api-version by api-version, with
the models of Microsoft's multi-api Python SDK (azure-mgmt-containerregistry
10.3.0, which carries one generated model package per api-version from
2019-05-01 to 2023-11-01-preview). Every property the emulator writes must be
in that version's model, and every property the model has must be written,
except the ones the emulator does not model (listed below).
Run by tests/real_client_python_sdk.rs; argv: emulator URL, tenant id.
Prints one line per difference, then "ok" when there is none."""
import importlib
import pkgutil
import sys

import requests

import azure.mgmt.containerregistry as sdk

BASE, TENANT = sys.argv[1], sys.argv[2]
REGISTRY = ("/subscriptions/7c9b2e4a-1f3d-4e8b-9a6c-2d5f8e1b3c70/resourceGroups/rg-platform"
            "/providers/Microsoft.ContainerRegistry/registries/contosoprod")
# Read-only state the emulator does not model: the registry's status, and the
# storage account of the 2019-05-01 Classic-era model.
NOT_MODELLED = {"status", "storageAccount"}


def bearer():
    r = requests.post(f"{BASE}/{TENANT}/oauth2/v2.0/token", data={
        "grant_type": "client_credentials", "client_id": "ci-app",
        "client_secret": "ci-secret", "scope": BASE + "/.default"})
    r.raise_for_status()
    return r.json()["access_token"]


def keys(model, prefix=""):
    return {a["key"][len(prefix):] for a in model._attribute_map.values()
            if a["key"].startswith(prefix)}


def main():
    headers = {"Authorization": "Bearer " + bearer()}
    problems, checked = [], 0
    for info in pkgutil.iter_modules(sdk.__path__):
        if not info.name.startswith("v20"):
            continue
        version = info.name[1:].replace("_", "-", 2).replace("_", "-")
        models = importlib.import_module(f"azure.mgmt.containerregistry.{info.name}.models")
        if not hasattr(models, "Registry"):
            continue
        r = requests.get(f"{BASE}{REGISTRY}", params={"api-version": version}, headers=headers)
        if r.status_code == 400 and "InvalidApiVersionParameter" in r.text:
            continue  # 2017-2019 versions the emulator does not accept
        r.raise_for_status()
        body, checked = r.json(), checked + 1
        pairs = [
            ("properties", set(body["properties"]), keys(models.Registry, "properties.") - NOT_MODELLED),
            ("policies", set(body["properties"]["policies"]), keys(models.Policies)),
            ("networkRuleSet", set(body["properties"]["networkRuleSet"]), keys(models.NetworkRuleSet)),
            ("resource", set(body) - {"properties"}, keys(models.Registry) - {"properties", "identity"}
             - {k for k in keys(models.Registry) if k.startswith("properties.")}),
        ]
        for where, written, model in pairs:
            for k in sorted(written - model):
                problems.append(f"{version} {where}: writes {k}, which the model lacks")
            for k in sorted(model - written):
                problems.append(f"{version} {where}: the model has {k}, not written")
    if checked < 14:
        problems.append(f"only {checked} api-versions compared, 14 expected")
    print("\n".join(problems + ["ok"] if not problems else problems))


main()
