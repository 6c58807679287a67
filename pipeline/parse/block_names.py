"""The words sites write over a block to say what it holds, in the languages of the corpora and the crawl (Russian,
Ukrainian, English, German, French, Spanish, Italian, Polish, Portuguese, Dutch, Turkish, Arabic, Japanese, Korean,
Chinese, Hebrew, Czech, Greek, the Scandinavian languages, Romanian, Hungarian).

The body reader drops a box whose first line names related stories; the rail finder refuses a list so named, and
keeps a second list named as the site's most read or latest news beside the main rail. Both read the same phrases,
so a language added here is learnt by both. Phrases are lower case and matched against lower-cased text: a
case-insensitive pattern of this many alternatives costs three times as much per search.
"""

from __future__ import annotations

# Stories on the same subject as the article: another article's teasers, never this one's text or the site's rail.
RELATED_STORIES = (
    r"(?:читайте|смотрите|читать)\s+(?:также|ещё|еще)|см\.\s+также|(?:материалы |ещё |еще )?по теме"
    r"|похожие(?: материалы| новости)?|рекомендуем|(?:читайте|дивіться)\s+також|по темі|схожі новини"
    r"|related(?: coverage| stories| articles| content| news)?|read (?:more|also|next)|also read|see also"
    r"|recommended(?: for you)?|suggested (?:articles|stories|reading|for you)|more on this(?: story| topic)?"
    r"|you (?:may|might) (?:also )?(?:like|be interested in)"
    r"|(?:à )?lire aussi|à lire également|sur le même sujet|lesen sie auch|mehr zum thema"
    r"|das könnte sie auch interessieren|lee también|leer también|te puede interesar|noticias relacionadas"
    r"|leggi anche|potrebbe interessarti|articoli correlati|(?:zobacz|czytaj|przeczytaj) (?:też|także|również)"
    r"|leia também|veja também|recomendamos para você|más información|lees ook|(?:i̇|i)lginizi çekebilir"
    r"|ilgili haberler|اقرأ أيضا|اقرأ أيضاً|ذات صلة|関連記事|関連ニュース|관련 ?기사|相关新闻|相关阅读|延伸阅读"
    r"|les også|läs också|læs også|čtěte (?:také|též)|související články|διαβάστε επίσης|σχετικά άρθρα"
    # The writer's other pieces, in a box about the writer.
    r"|(?:другие|ещё|еще|все) (?:колонки|материалы|статьи|публикации|тексты) автора"
    r"|(?:more|other|latest|recent) (?:stories |articles |columns |posts )?(?:from|by) (?:the |this )?author"
    r"|(?:latest|recent|more) posts by|du même auteur"
    r"|כתבות נוספות|עוד בנושא|citește și|olvassa el ezt is"
)
# The site's own lists of headlines: most read, latest, top stories.
HEADLINE_LISTS = (
    r"главное|популярное|самое (?:читаемое|популярное|обсуждаемое)|читают|обсуждают|последние новости"
    r"|лента новостей|новости дня|выбор редакции|вибір редакції|головне|найпопулярніше|найчитаніше|останні новини"
    r"|стрічка новин|новини дня"
    r"|most (?:read|popular|viewed|shared)|top (?:stories|news)|latest(?: news)?|trending|popular|editor'?s picks"
    r"|les plus (?:lus|partagés|commentés)|à la une|dernières (?:infos|actualités)|meistgelesen|meistgeklickt"
    r"|am meisten gelesen|lo más (?:leído|visto)|últimas noticias|(?:i )?più (?:letti|visti|condivisi)"
    r"|ultime notizie|najczęściej (?:czytane|komentowane)|najpopularniejsze|najnowsze|mais lidas|últimas notícias"
    r"|meest gelezen|laatste nieuws|net binnen|en çok okunan|çok okunanlar|son dakika|الأكثر قراءة|الأكثر مشاهدة"
    r"|آخر الأخبار|ランキング|主要 ?ニュース|最新 ?ニュース|많이 본 뉴스|최신 ?기사|주요 ?뉴스"
    r"|排行榜?|要闻|热点新闻|最新新闻"
    r"|mest lest|mest lästa|mest læste|siste nytt|senaste nytt|seneste nyt|nejčtenější|nejnovější|najčítanejšie"
    r"|πιο διαβασμένα|τελευταία νέα|ροή ειδήσεων|הכי נקראים|מבזקים|החדשות האחרונות|cele mai citite|ultimele știri"
    r"|legolvasottabb|friss hírek"
)
