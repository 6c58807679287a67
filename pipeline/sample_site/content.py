"""The sample site's ground truth: which articles exist, when they were published and what they say.

Tests of the crawler, parser and topic counts compare what the pipeline extracted with these objects, so the
site is built from a fixed seed and never from the clock.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache, cached_property

from pipeline.records import Article, Headline
from pipeline.sample_site.compose import compose
from pipeline.sample_site.lexicon import Language, Rubric, load_language

SEED = 20260901
FIRST_DAY = date(2026, 9, 1)
DAY_COUNT = 40
EMPTY_DAY_COUNT = 4
RU_COUNT, EN_COUNT = 52, 22
RAIL_SIZE, MOST_READ_SIZE, RELATED_SIZE = 17, 10, 3
MSK = timezone(timedelta(hours=3))
LONDON_SUMMER = timezone(timedelta(hours=1))


@dataclass(frozen=True)
class SampleArticle:
    path: str
    lang: str
    rubric: str
    rubric_slug: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published_at: datetime
    updated_at: datetime | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    slug: str
    photo_credit: str
    json_ld: bool
    published_meta: bool

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path

    def to_record(self, base_url: str) -> Article:
        """The record a perfect parser would produce; `body` holds the paragraphs without the lead."""
        url = self.url(base_url)
        return Article(
            url=url,
            canonical_url=url,
            title=self.title,
            lead=self.lead,
            body=self.body,
            published_at=self.published_at,
            updated_at=self.updated_at,
            authors=self.authors,
            rubric=self.rubric,
            tags=self.tags,
            language=self.lang,
        )


@dataclass(frozen=True)
class BrokenPath:
    """A page listed like an article that a crawler must not count as one; `observation` says what it sees."""

    path: str
    kind: str
    status: int
    content_type: str
    observation: str
    title: str
    rubric: str
    rubric_slug: str
    listed_at: datetime
    in_sitemap: bool


HTML = "text/html; charset=utf-8"
PRIVATE_AT = datetime(2026, 9, 29, 10, 15, tzinfo=MSK)
BROKEN: tuple[tuple[str, str, int, str, date, str], ...] = (
    (
        "server_error",
        "/news/2026/09/08/server-error-story",
        500,
        HTML,
        date(2026, 9, 8),
        "HTTP 500 on every attempt: a fetch error after retries, no article",
    ),
    (
        "not_found",
        "/news/2026/09/12/deleted-story",
        404,
        HTML,
        date(2026, 9, 12),
        "HTTP 404: a fetch error without retries, no article",
    ),
    (
        "empty",
        "/news/2026/09/17/empty-page",
        200,
        HTML,
        date(2026, 9, 17),
        "HTTP 200 text/html with a zero-length body: a parse failure (empty page), no article",
    ),
    (
        "moved",
        "/news/2026/09/23/moved-story",
        200,
        HTML,
        date(2026, 9, 23),
        "HTTP 200 HTML with menus and one sentence but no article: a parse failure (no article), no article",
    ),
    (
        "pdf",
        "/files/2026/09/economy-report.pdf",
        200,
        "application/pdf",
        date(2026, 9, 19),
        "HTTP 200 application/pdf: skipped or recorded as not HTML, no article",
    ),
    (
        "private",
        "",
        200,
        HTML,
        PRIVATE_AT.date(),
        "Disallowed by robots.txt: never fetched, no article (the server would answer with a full page)",
    ),
    (
        "script_only",
        "/news/2026/09/26/live-map",
        200,
        HTML,
        date(2026, 9, 26),
        "HTTP 200 HTML application shell whose text only scripts would draw: a parse failure flagged as needing "
        "JavaScript, no article",
    ),
)


@dataclass(frozen=True)
class SampleSite:
    articles: tuple[SampleArticle, ...]
    broken: tuple[BrokenPath, ...]
    private: SampleArticle

    @cached_property
    def by_path(self) -> dict[str, SampleArticle]:
        return {article.path: article for article in self.articles}

    def in_language(self, lang: str) -> tuple[SampleArticle, ...]:
        return tuple(article for article in self.articles if article.lang == lang)

    def rail_for(self, article: SampleArticle) -> tuple[SampleArticle, ...]:
        """The rail as the page showed it when published: the newest earlier articles in its language.

        The rail depends on the article's own time, so pages published on different days carry different
        rails, which is what makes headline history worth storing.
        """
        size = RAIL_SIZE if article.lang == "ru" else MOST_READ_SIZE
        earlier = [a for a in self.in_language(article.lang) if a.published_at < article.published_at]
        return tuple(reversed(earlier[-size:]))

    def related_for(self, article: SampleArticle) -> tuple[SampleArticle, ...]:
        others = [a for a in self.in_language(article.lang) if a.path != article.path]
        others.sort(
            key=lambda a: (
                a.rubric_slug != article.rubric_slug,
                abs((a.published_at - article.published_at).total_seconds()),
            )
        )
        return tuple(others[:RELATED_SIZE])

    def expected_headlines(self, article: SampleArticle, base_url: str) -> tuple[Headline, ...]:
        """The rail as `Headline` records with canonical URLs, in page order."""
        return tuple(
            Headline(title=item.title, url=item.url(base_url), rubric=item.rubric, position=position)
            for position, item in enumerate(self.rail_for(article), start=1)
        )


def slugify(text: str, max_words: int = 7) -> str:
    """Transliterated, lower-case words joined by hyphens, the way iz.ru-style sites build article URLs."""
    table = load_language("ru").raw["translit"]
    latin = "".join(table.get(char, char) for char in text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", latin)[:max_words])


def _schedule(rng: random.Random) -> list[date]:
    """One publication day per article: every day but a few gets at least one, some get several."""
    days = [FIRST_DAY + timedelta(days=offset) for offset in range(DAY_COUNT)]
    empty = set(rng.sample(days[1:-1], EMPTY_DAY_COUNT))
    active = [day for day in days if day not in empty]
    extra = [rng.choice(active) for _ in range(RU_COUNT + EN_COUNT - len(active))]
    return sorted(active + extra)


def _rubric_plan(rng: random.Random, rubrics: tuple[Rubric, ...], count: int) -> list[Rubric]:
    """Every rubric at least twice, the rest weighted, in random order."""
    plan = [*rubrics, *rubrics]
    plan += rng.choices(rubrics, weights=[r.weight for r in rubrics], k=count - len(plan))
    rng.shuffle(plan)
    return plan


def _moment(rng: random.Random, day: date, lang: str) -> datetime:
    zone = MSK if lang == "ru" else (UTC if rng.random() < 0.25 else LONDON_SUMMER)
    return datetime.combine(day, time(rng.randint(7, 22), rng.randrange(0, 60)), tzinfo=zone)


def _article(
    rng: random.Random,
    lang: Language,
    rubric: Rubric,
    when: datetime,
    taken: set[str],
    index: int,
    prefix: str,
) -> SampleArticle:
    text = compose(lang, rubric, rng, when, taken)
    slug = slugify(text.title)
    if slug in taken:
        slug = slugify(text.title, max_words=30)
    taken.add(slug)
    updated = when + timedelta(minutes=rng.randint(25, 400)) if rng.random() < 0.3 else None
    return SampleArticle(
        path=f"{prefix}/{when:%Y/%m/%d}/{slug}",
        lang=lang.code,
        rubric=rubric.name,
        rubric_slug=rubric.slug,
        title=text.title,
        lead=text.lead,
        paragraphs=text.paragraphs,
        published_at=when,
        updated_at=updated,
        authors=tuple(rng.sample(lang.authors, rng.choice((1, 1, 2)))),
        tags=text.tags,
        slug=slug,
        photo_credit=rng.choice(lang.photo_credits),
        json_ld=index % 3 != 1,
        published_meta=index % 7 != 3,
    )


@cache
def build_sample_site() -> SampleSite:
    """Build the whole site once per process; it is immutable and identical on every call and machine."""
    rng = random.Random(SEED)
    ru, en = load_language("ru"), load_language("en")
    days = _schedule(rng)
    langs = ["ru"] * RU_COUNT + ["en"] * EN_COUNT
    rng.shuffle(langs)
    moments = sorted((_moment(rng, day, code), code) for day, code in zip(days, langs, strict=True))
    plans = {
        "ru": iter(_rubric_plan(rng, ru.rubrics, RU_COUNT)),
        "en": iter(_rubric_plan(rng, en.rubrics, EN_COUNT)),
    }
    taken: set[str] = set()
    articles = []
    for index, (when, code) in enumerate(moments):
        lang = ru if code == "ru" else en
        articles.append(
            _article(rng, lang, next(plans[code]), when, taken, index, "/news" if code == "ru" else "/en/news")
        )
    world = [i for i, a in enumerate(articles) if a.lang == "ru" and a.rubric_slug == "mir"]
    for i in world[1:3]:
        articles[i] = replace(articles[i], rubric=ru.raw["world_variant"])
    articles.sort(key=lambda a: a.published_at)
    private = _article(rng, ru, ru.rubrics[4], PRIVATE_AT, taken, 1, "/private")
    return SampleSite(articles=tuple(articles), broken=_broken(ru, private), private=private)


def _broken(ru: Language, private: SampleArticle) -> tuple[BrokenPath, ...]:
    """Robots-disallowed pages stay out of the sitemap, as on a real site: the private one is only listed."""
    result = []
    for kind, path, status, content_type, day, observation in BROKEN:
        title, rubric, rubric_slug = ru.raw["broken"][kind]
        listed_at = datetime.combine(day, time(12, 30), tzinfo=MSK)
        if kind == "private":
            path, title, listed_at = private.path, private.title, private.published_at
        result.append(
            BrokenPath(
                path,
                kind,
                status,
                content_type,
                observation,
                title,
                rubric,
                rubric_slug,
                listed_at,
                in_sitemap=kind != "private",
            )
        )
    return tuple(result)
