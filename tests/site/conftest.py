"""Fixtures of the site suite: the built site served on 127.0.0.1, one Chromium per session, and a
fresh page per test that fails the test if it logs a console error or makes a request that leaves
the local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import ARTIFACTS, HTML, chromium, fresh_artifacts, serve


@pytest.fixture(scope="session")
def built_site() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML}/index.html is missing: build the site first (`make site`)")
    return HTML


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    return fresh_artifacts(ARTIFACTS)


@pytest.fixture(scope="session")
def summary(artifacts):
    """What the suite measured (figures and formulas per page), in artifacts/site/summary.json."""
    data: dict = {}
    yield data
    (artifacts / "summary.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with chromium() as context:
        yield context


class Traffic:
    """What a page did: console errors, uncaught exceptions, and every URL it requested."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.errors: list[str] = []
        self.requests: list[str] = []

    def on_console(self, msg) -> None:
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text} ({(msg.location or {}).get('url', '')})")

    def on_pageerror(self, exc) -> None:
        self.errors.append(f"uncaught: {exc}")

    def on_request(self, request) -> None:
        self.requests.append(request.url)

    def foreign(self) -> list[str]:
        """Requests to anything but the local server (data: and blob: URLs never leave the page)."""
        local = (self.origin + "/", "data:", "blob:")
        return [u for u in self.requests if not u.startswith(local)]


@pytest.fixture
def page(browser, site_url, request):
    """A fresh tab on the served site. The test fails if the tab logged a console error or sent a
    request anywhere but 127.0.0.1 (and storage is cleared, so notes never leak between tests)."""
    traffic = Traffic(site_url)
    pg = browser.new_page()
    pg.on("console", traffic.on_console)
    pg.on("pageerror", traffic.on_pageerror)
    pg.on("request", traffic.on_request)
    pg.traffic = traffic
    try:
        yield pg
    finally:
        try:
            if pg.url.startswith(site_url):
                pg.evaluate("() => localStorage.clear()")
        finally:
            pg.close()
    problems = traffic.errors + [f"request left 127.0.0.1: {u}" for u in traffic.foreign()]
    if problems:
        pytest.fail(f"{request.node.name}:\n" + "\n".join(problems))
