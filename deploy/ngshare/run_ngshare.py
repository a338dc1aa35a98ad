"""Start ngshare (the JupyterHub service) on the address of its service URL only.

ngshare's own ``main`` binds the port of ``JUPYTERHUB_SERVICE_URL`` on every interface (0.0.0.0), as
a Kubernetes pod needs; on a single server the hub's proxy reaches it on the loopback address, and
nothing else should. Same arguments as ``python -m ngshare`` (deploy/ngshare/jupyterhub_ngshare.py).
"""

import os
import sys
from urllib.parse import urlparse

from ngshare.ngshare import main
from tornado.httpserver import HTTPServer

HOST = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"]).hostname or "127.0.0.1"
_listen = HTTPServer.listen


def listen_on_service_host(self, port, address="", **kwargs):
    """``HTTPServer.listen`` on :data:`HOST`, whatever address ngshare asks for."""
    return _listen(self, port, HOST, **kwargs)


HTTPServer.listen = listen_on_service_host

if __name__ == "__main__":
    main(sys.argv[1:])
