"""The hub test's local overlay: the repository's deploy/jupyterhub_config.py, loaded unchanged,
then only what a machine of its own needs (tests/hub/hub_support.py passes the values in the
environment): loopback ports, a state folder, the pinned proxy, PAM, generous timeouts for a busy
machine, ngshare as a service (deploy/ngshare/jupyterhub_ngshare.py, loaded unchanged too) and an
API token for the test itself. The course's accounts, groups, roles and the Formgrader service all
come from the deploy file.
"""

import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)
load_subconfig(os.environ["HUB_TEST_DEPLOY_CONFIG"])  # noqa: F821

STATE = os.environ["HUB_TEST_STATE"]

# 127.0.0.1 only, on free ports
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['HUB_TEST_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["HUB_TEST_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['HUB_TEST_PROXY_API_PORT']}"
(service,) = c.JupyterHub.services
service["url"] = f"http://127.0.0.1:{os.environ['HUB_TEST_SERVICE_PORT']}"
# Where /etc/jupyter would be on a real hub (the test does not write into /etc): the site-wide
# nbgrader config for the service too (the users' servers get it through Spawner.environment).
service["environment"]["JUPYTER_CONFIG_PATH"] = os.environ["HUB_TEST_SITE_CONFIG"]
c.Spawner.environment["JUPYTER_CONFIG_PATH"] += os.pathsep + os.environ["HUB_TEST_SITE_CONFIG"]

# ngshare as a service of this hub, exactly as deploy/ngshare/jupyterhub_ngshare.py sets it up
# (its account, state folder, port and launcher come in the environment)
load_subconfig(os.environ["HUB_TEST_NGSHARE_CONFIG"])  # noqa: F821

# state: the hub's database, cookie secret and the proxy's PID file
c.JupyterHub.db_url = f"sqlite:///{STATE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{STATE}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{STATE}/jupyterhub-proxy.pid"
c.ConfigurableHTTPProxy.command = [os.environ["HUB_TEST_PROXY"]]
c.ConfigurableHTTPProxy.auth_token = os.environ["HUB_TEST_TOKEN"] + "-proxy"

# real Unix accounts with passwords
c.JupyterHub.authenticator_class = "pam"
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 180
c.JupyterHub.cleanup_servers = True

# the test's own API client: start and stop servers, read PIDs
c.JupyterHub.services.append({"name": "hub-test", "api_token": os.environ["HUB_TEST_TOKEN"]})
c.JupyterHub.load_roles.append(
    {
        "name": "hub-test",
        "services": ["hub-test"],
        "scopes": [
            "admin:users",
            "admin:servers",
            "admin:server_state",
            "list:services",
            "read:services",
            "list:groups",
            "read:groups",
            "read:hub",
        ],
    }
)
