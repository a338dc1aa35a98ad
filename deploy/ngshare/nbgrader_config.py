"""nbgrader's exchange through ngshare (deploy/ngshare/jupyterhub_ngshare.py), for every account.

Put it in a Jupyter config folder read after deploy/nbgrader_config.py (e.g. /etc/jupyter/ngshare/,
listed in JUPYTER_CONFIG_PATH of the hub's servers and the course service): release, fetch, submit,
collect and feedback then go through ngshare, which names each caller from their JupyterHub token.
The client, ngshare-exchange, is installed beside the course environment, without its
dependencies (deploy/ngshare/requirements-exchange.in says why).
"""

import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# ngshare through the hub's proxy (the hub's public address on this server)
configureExchange(c, os.environ.get("NGSHARE_URL", "http://127.0.0.1:8000/services/ngshare"))
