"""A deterministic, invented news site served on 127.0.0.1 for `newsdesk demo` and the test-suite."""

from pipeline.sample_site.content import BrokenPath, SampleArticle, SampleSite, build_sample_site
from pipeline.sample_site.routes import Handler, Request, Response, SiteApp
from pipeline.sample_site.server import (
    DEMO_FETCH_SETTINGS,
    SAMPLE_PUBLIC_URL,
    SiteServer,
    sample_source,
    serve_sample_site,
)

__all__ = [
    "DEMO_FETCH_SETTINGS",
    "SAMPLE_PUBLIC_URL",
    "BrokenPath",
    "Handler",
    "Request",
    "Response",
    "SampleArticle",
    "SampleSite",
    "SiteApp",
    "SiteServer",
    "build_sample_site",
    "sample_source",
    "serve_sample_site",
]
