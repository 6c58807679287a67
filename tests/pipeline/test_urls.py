from pipeline.urls import canonicalize_url, url_id


def test_variants_of_one_article_share_a_canonical_url() -> None:
    variants = [
        "https://Example.org:443/news/2026/09/14/story/",
        "https://example.org/news/2026/09/14/story?utm_source=rss&utm_medium=feed",
        "https://example.org/news/2026/09/14/story#comments",
        "HTTPS://EXAMPLE.ORG/news/2026/09/14/story?fbclid=abc",
    ]
    assert {canonicalize_url(v) for v in variants} == {"https://example.org/news/2026/09/14/story"}


def test_meaningful_query_parameters_are_kept_in_a_stable_order() -> None:
    assert canonicalize_url("http://a.org/list?page=2&id=7&utm_campaign=x") == "http://a.org/list?id=7&page=2"


def test_root_path_and_non_default_port_survive() -> None:
    assert canonicalize_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/"


def test_url_id_is_stable_and_short() -> None:
    assert url_id("https://example.org/a") == url_id("https://example.org/a")
    assert url_id("https://example.org/a") != url_id("https://example.org/b")
    assert len(url_id("x")) == 16
