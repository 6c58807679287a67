"""Named entities, each counted under one canonical name.

Russian goes through natasha, English through an opt-in spaCy model (see `english`). `linking` settles names inside
one document, `aliases` across the warehouse; `rows` turns mentions into the entity tables.
"""

from pipeline.entities.aliases import KNOWN_SCHEMA, AliasIndex
from pipeline.entities.extractor import MODEL_VERSION, EntityExtractor
from pipeline.entities.linking import link_within_document
from pipeline.entities.mention import Mention, detect_script_language, entity_id, name_key
from pipeline.entities.rows import EntityRows, article_text, entity_rows

__all__ = [
    "KNOWN_SCHEMA",
    "MODEL_VERSION",
    "AliasIndex",
    "EntityExtractor",
    "EntityRows",
    "Mention",
    "article_text",
    "detect_script_language",
    "entity_id",
    "entity_rows",
    "link_within_document",
    "name_key",
]
