"""Press releases as the wire services print them: a dateline glued to the first sentence, and the issuer's
boilerplate after the news ("About Tallis Energy", forward-looking statements, media contacts, "SOURCE Tallis").

The dateline says where and when the release went out and through which service, not what it says; the boilerplate
repeats under every release of the issuer and would make it the topic of all of them. Both are recognised only
behind a wire service's mark, so an article that happens to have an "About" heading keeps it.
"""

from __future__ import annotations

import re

# "NEW YORK, Dec. 3, 2026 /PRNewswire/ --", "BERLIN, Germany, March 5, 2025 /GLOBE NEWSWIRE/ --",
# "SAN FRANCISCO--(BUSINESS WIRE)--".
_WIRE_DATELINE = re.compile(
    r"^[A-Z][\w .,'()-]{1,80}?(?:\s*/\s*(?:PRNewswire(?:-\w+)?|GLOBE NEWSWIRE|ACCESSWIRE|EIN Presswire|PRWeb)\s*/"
    r"|--\s*\((?:BUSINESS WIRE|GLOBE NEWSWIRE|PRNewswire)\)\s*)\s*(?:--|—|–)?\s*"
)
# The first paragraph of the issuer's boilerplate; everything from it on is about the issuer, not the news.
_CLOSING = re.compile(
    r"(?:about \w.{0,80}|forward[- ]looking statements?.{0,40}|safe harbor.{0,60}"
    r"|cautionary (?:note|statement).{0,60}|(?:media|press|investor)(?: relations)? contacts?:?.{0,200}"
    r"|investor relations:?.{0,200}|contacts?:.{0,200}|source:? \w.{0,80})",
    re.I,
)


def without_release_furniture(body: str) -> str:
    """The release's news: without the wire dateline in front and the issuer's boilerplate behind. The dateline opens
    the text, or follows the release's subheadline printed as its standfirst."""
    paragraphs = body.split("\n\n")
    found = next(((at, match) for at, text in enumerate(paragraphs[:2]) if (match := _WIRE_DATELINE.match(text))), None)
    if found is None:
        return body
    at, dateline = found
    news = [paragraphs[at][dateline.end() :], *paragraphs[at + 1 :]]
    for end, paragraph in enumerate(news[1:], start=1):
        if _CLOSING.fullmatch(paragraph):
            news = news[:end]
            break
    return "\n\n".join(paragraph for paragraph in [*paragraphs[:at], *news] if paragraph)
