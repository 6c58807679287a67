"""Publication dates from the sources pages use when they declare nothing standard, and the offset a UTC time is
shown in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pipeline.parse import parse_article

NOW = datetime(2026, 9, 20, tzinfo=UTC)
TEXT = "<p>" + "The council met on the matter and agreed on a plan for the bridge, after a long debate. " * 4 + "</p>"


def page(head: str = "", body: str = "", url: str | None = "https://news.example/a/1") -> datetime | None:
    html = f"<html><head>{head}</head><body>{body}{TEXT}</body></html>"
    return parse_article(html, url, now=NOW).published_at


def test_schema_org_in_an_untyped_script() -> None:
    ld = '<script>{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2022-01-28T06:00"}'
    assert page(ld + "</script>", "<h1>Bridge plan agreed</h1>") == datetime(2022, 1, 28, 6, 0)


def test_json_ld_wrapped_in_cdata() -> None:
    ld = '<script type="application/ld+json">//<![CDATA[\n{"@type": "Article", "datePublished": "2003-02-28"}\n//]]>'
    assert page(ld + "</script>", "<h1>Bridge plan agreed</h1>") == datetime(2003, 2, 28)


def test_dateline_next_to_a_headline_that_is_not_an_h1() -> None:
    html = (
        "<html><head><title>Efficient hybrid battery unveiled</title></head><body>"
        '<div class="teasers"><span class="date">01.01.2023</span> Other story</div>'
        f"<div><p><em>01.11.2023 11:35</em></p><h4>Efficient hybrid battery unveiled</h4>{TEXT}</div></body></html>"
    )
    assert parse_article(html, None, now=NOW).published_at == datetime(2023, 11, 1, 11, 35)


def test_date_class_names_match_in_any_case() -> None:
    assert page("", '<h1>Bridge plan agreed</h1><div class="docData">Datum: 25.01.2022</div>') == datetime(2022, 1, 25)


def test_date_in_the_title_when_nothing_else_dates_the_page() -> None:
    assert page("<title>Report on the situation of 22.04.2020</title>", "<h1>Report</h1>") == datetime(2020, 4, 22)


def test_first_date_of_the_article_text_as_last_resort() -> None:
    body = "<h1>Bridge plan agreed</h1><p>On 3 March 2021 the council met again to settle the plan for good.</p>"
    assert page("", body) == datetime(2021, 3, 3)


def test_utc_time_shown_on_the_day_the_url_prints() -> None:
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    published = page(head, "<h1>Myers leaves</h1>", "https://news.example/2020/02/24/myers-leaves/")
    assert published is not None and published.date().isoformat() == "2020-02-24"
    assert published == datetime(2020, 2, 25, 2, 25, 54, tzinfo=UTC)


def test_utc_time_far_from_the_url_day_stays_utc() -> None:
    """A URL dated the day before a 10:04 UTC publication is the story's creation day, not its local day."""
    head = '<meta property="article:published_time" content="2020-07-09T10:04:00Z">'
    published = page(head, "<h1>Workers return</h1>", "https://news.example/politics/2020/07/08/workers/")
    assert published is not None and published.utcoffset() == timedelta(0)


def test_utc_time_in_the_offset_of_an_rfc2822_meta() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"}'
        '</script><meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
    )
    published = page(head, "<h1>Alternative therapies</h1>")
    assert published == datetime(2019, 10, 19, 0, 4, tzinfo=timezone(timedelta(hours=2)))


def test_utc_time_in_the_offset_of_a_visible_local_stamp() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T05:30:59+00:00">'
    body = '<h1>New mayor elected</h1><time datetime="2023-11-08 23:30:59">November 8, 2023 at 11:30 p.m.</time>'
    published = page(head, body)
    assert published == datetime(2023, 11, 8, 23, 30, 59, tzinfo=timezone(timedelta(hours=-6)))


def test_dates_around_year_one_do_not_crash() -> None:
    head = '<meta property="article:published_time" content="0001-01-01T02:00:00Z">'
    assert page(head, "<h1>Bridge plan agreed</h1>", "https://news.example/0001/01/02/x/") is not None


def test_url_day_far_from_every_declared_date_wins() -> None:
    """A CMS rewrites its meta date on each edit; the URL keeps the day the story went out."""
    head = '<meta property="article:published_time" content="2019-06-17T10:00:00+02:00">'
    assert page(head, "<h1>Montauk</h1>", "https://blog.example/home/2017/7/12/montauk") == datetime(2017, 7, 12)


def test_conflicting_declared_dates_are_settled_by_the_printed_dateline() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-03T10:25:56+00:00"}'
        '</script><meta property="article:published_time" content="2023-11-06T14:25:00+00:00">'
    )
    body = '<h1>Ad campaign criticised</h1><span class="date">6. November 2023</span>'
    published = page(head, body)
    assert published is not None and published.date().isoformat() == "2023-11-06"


def test_a_dateline_showing_the_update_does_not_settle_a_conflict() -> None:
    head = (
        '<meta property="article:published_time" content="2017-12-15T08:50:02-05:00">'
        '<meta property="article:modified_time" content="2018-07-24T14:15:58-04:00">'
        '<meta name="sailthru.date" content="2018-07-24">'
    )
    body = '<h1>The best films</h1><time datetime="2018-07-24T18:15:58+00:00">Jul 24, 2018, 2:15pm EDT</time>'
    published = page(head, body)
    assert published is not None and published.date().isoformat() == "2017-12-15"


def test_upload_date_of_an_embedded_video_dates_a_video_page() -> None:
    ld = '<script type="application/ld+json">{"@type": "VideoObject", "uploadDate": "2020-04-04T20:57:00+02:00"}'
    assert page(ld + "</script>", "<h1>Sport in times of corona</h1>") == datetime(
        2020, 4, 4, 20, 57, tzinfo=timezone(timedelta(hours=2))
    )


def test_publication_field_of_a_scripts_json_state() -> None:
    state = '<script type="application/json">{"publishedDate":"2016-11-04T20:37:27Z","updatedDate":null}</script>'
    assert page("", "<h1>Review</h1>" + state) == datetime(2016, 11, 4, 20, 37, 27, tzinfo=UTC)


def test_standalone_dateline_beats_the_date_of_a_photo_caption() -> None:
    body = (
        "<h1>Protesters gather at theater</h1><div>FILE PHOTO: the president in Orleans, France, January 16, 2020."
        "</div><p>January 18, 2020</p><p>PARIS - Protesters opposed to the pension reform gathered on Friday.</p>"
    )
    assert page("", body) == datetime(2020, 1, 18)


def test_standalone_date_below_the_text_is_a_teaser_not_the_dateline() -> None:
    body = (
        "<h1>Privatisations</h1><p>Interview of 13 juin 2019 on the airport sale.</p>"
        + TEXT * 2
        + '<div class="thumbnail"><p>31 octobre 2021</p></div>'
    )
    assert page("", body) == datetime(2019, 6, 13)


def test_labelled_date_anywhere_on_an_otherwise_undated_page() -> None:
    html = (
        "<html><body><div id='nav'>Home</div>" + TEXT + "<ul class='info'><li>Datum: 26. Januar 2022</li></ul>"
        "</body></html>"
    )
    assert parse_article(html, "https://www.bka.example/presse/telegram.html", now=NOW).published_at == datetime(
        2022, 1, 26
    )


def test_utc_time_shown_on_the_day_a_dateline_elsewhere_on_the_page_prints() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T00:53:29Z">'
    html = (
        f"<html><head>{head}</head><body><article><h1>Ballot reform</h1>{TEXT}</article>"
        '<div class="top"><time class="com-date" datetime="3 de mayo de 2022">3 de mayo de 2022</time></div>'
        "</body></html>"
    )
    published = parse_article(html, None, now=NOW).published_at
    assert published is not None and published.date().isoformat() == "2022-05-03"
    assert published == datetime(2022, 5, 4, 0, 53, 29, tzinfo=UTC)


def test_a_teasers_date_inside_its_link_is_not_the_articles() -> None:
    teaser = (
        '<a href="/a/0"><em>Storm warning for the coast tomorrow</em><time datetime="2022-01-27T17:31">17:31</time></a>'
    )
    body = f"<article><h1>Bridge plan agreed</h1><p><time>28.01.2022 19:42</time></p>{TEXT}{teaser}</article>"
    assert page("", body, url=None) == datetime(2022, 1, 28, 19, 42)


def test_a_permalink_around_the_date_is_the_articles_own() -> None:
    permalink = (
        '<a href="https://news.example/a/1" rel="bookmark"><time datetime="2016-04-15T08:12:12+02:00">15. April 2016'
        '</time><time class="updated" datetime="2017-03-04T12:25:00+02:00">4. März 2017</time></a>'
    )
    published = page("", f"<article><h1>Bridge plan agreed</h1>{permalink}{TEXT}</article>", url=None)
    assert published == datetime(2016, 4, 15, 8, 12, 12, tzinfo=timezone(timedelta(hours=2)))


def test_japanese_clock_and_a_dutch_update_stamp() -> None:
    assert page("", "<h1>Bridge plan agreed</h1><p><time>2022年1月28日 19時42分</time></p>", url=None) == datetime(
        2022, 1, 28, 19, 42
    )
    stamps = (
        '<p><time datetime="2022-01-28T18:02:11+0100">vandaag, 18:02</time> • '
        '<span>Aangepast <time datetime="2022-01-28T20:15:40+0100">vandaag, 20:15</time></span></p>'
    )
    html = f"<html><body><article><h1>Bridge plan agreed</h1>{stamps}{TEXT}</article></body></html>"
    assert parse_article(html, None, now=NOW).updated_at == datetime(
        2022, 1, 28, 20, 15, 40, tzinfo=timezone(timedelta(hours=1))
    )


def test_microdata_day_takes_the_time_its_text_prints() -> None:
    stamp = '<time datetime="2022-01-28" itemprop="datePublished">28 января 2022 года, 15:30</time>'
    assert page("", f"<h1>Bridge plan agreed</h1>{stamp}", url=None) == datetime(2022, 1, 28, 15, 30)


def test_a_utc_time_takes_the_offset_of_the_clock_the_page_prints_beside_it() -> None:
    """The instant stays; the offset is the newsroom's, so the article counts on the day its readers saw it."""
    declared = '<meta property="article:published_time" content="2026-09-04T00:45:00Z">'
    et = page(declared, "<h1>Bridge plan agreed</h1><div class='timestamp'>Published Sept. 3, 2026, 8:45 p.m. ET</div>")
    assert et is not None and et.utcoffset() == timedelta(hours=-4) and et == datetime(2026, 9, 4, 0, 45, tzinfo=UTC)
    spans = (
        '<h1>Bridge plan agreed</h1><time datetime="2026-09-03T06:30:00Z"><span>3 September 2026</span>'
        "<span>9:30</span><span>Updated 2 hours ago</span></time>"
    )
    moscow = page(declared.replace("2026-09-04T00:45", "2026-09-03T06:30"), spans)
    assert moscow is not None and moscow.utcoffset() == timedelta(hours=3)


def test_a_day_declared_alone_takes_the_time_the_page_prints_that_day() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-09-03"}</script>'
    shown = '<h1>Bridge plan agreed</h1><time datetime="2026-09-03">03.09.2026 16:20</time>'
    assert page(ld, shown) == datetime(2026, 9, 3, 16, 20)


def test_an_update_is_after_the_publication_and_more_than_its_day() -> None:
    def updated(modified: str) -> datetime | None:
        ld = (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-09-03T10:00:00Z", '
            f'"dateModified": "{modified}"}}</script>'
        )
        html = f"<html><head>{ld}</head><body><h1>Bridge plan agreed</h1>{TEXT}</body></html>"
        return parse_article(html, "https://news.example/a/1", now=NOW).updated_at

    assert updated("2026-09-02T18:00:00Z") is None
    assert updated("2026-09-03") is None
    assert updated("2026-09-03T12:00:00Z") == datetime(2026, 9, 3, 12, tzinfo=UTC)
