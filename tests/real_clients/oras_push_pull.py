"""A real OCI client (oras-py, from PyPI) against the emulator's data plane.

Usage: oras_push_pull.py EMULATOR_ORIGIN TOKEN PASSWORD

The client names the login server contosoprod.azurecr.io, as it would
against Azure; HTTP_PROXY points it at the emulator, which routes by Host.
It logs in with the token, pushes a file inside the token's scope, pulls it
back, and is refused a push outside it. Prints one JSON line of results.
"""

import json
import os
import sys
import tempfile

import oras.client

origin, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
os.environ["HTTP_PROXY"] = origin
os.environ["http_proxy"] = origin
for name in ("NO_PROXY", "no_proxy"):
    os.environ.pop(name, None)

host = "contosoprod.azurecr.io"
client = oras.client.OrasClient(hostname=host, insecure=True)
client.login(username=user, password=password, hostname=host)
result = {}
with tempfile.TemporaryDirectory() as work:
    os.chdir(work)
    with open("artifact.txt", "w") as f:
        f.write("pushed by oras-py\n")
    pushed = client.push(target=f"{host}/sample/teama/oras:v1", files=["artifact.txt"])
    result["push_inside"] = pushed.status_code
    out = os.path.join(work, "out")
    files = client.pull(target=f"{host}/sample/teama/oras:v1", outdir=out)
    result["pulled"] = [open(p).read() for p in files]
    try:
        r = client.push(target=f"{host}/sample/teamb/oras:v1", files=["artifact.txt"])
        result["push_outside"] = r.status_code
    except Exception as e:  # oras-py raises on a refused upload
        result["push_outside"] = "refused"
        result["push_outside_error"] = str(e)[:300]
print(json.dumps(result))
