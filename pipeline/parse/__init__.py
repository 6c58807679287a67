"""Page parser: one news page in, its article and its headline rail out.

Bump PARSER_VERSION whenever the output for the same bytes changes, so stored parses can be redone
selectively.
"""

from pipeline.parse.dates import date_from_url, parse_date
from pipeline.parse.page import ParsedPage, parse_article, parse_headlines, parse_page
from pipeline.parse.text import decode_html

PARSER_VERSION = "1.23.0"

__all__ = [
    "PARSER_VERSION",
    "ParsedPage",
    "date_from_url",
    "decode_html",
    "parse_article",
    "parse_date",
    "parse_headlines",
    "parse_page",
]
