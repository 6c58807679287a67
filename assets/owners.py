"""Who answers for each part of the graph, as Dagster owners and tags: the catalog filters and groups by them.

Teams are Dagster's `team:` owner strings; a deployment renames them with NEWSDESK_OWNERS ("group=team:name,…")
rather than by editing code, since the people differ per newsroom and the graph does not.
"""

import os

import dagster as dg

DEFAULT_OWNERS = {
    "ingest": "team:crawling",
    "parse": "team:parsing",
    "warehouse": "team:data-platform",
    "entities": "team:nlp",
    "models": "team:analytics",
    "exports": "team:analytics",
}
LAYERS = ("stg", "int", "mart")


def configured_owners(raw: str | None = None) -> dict[str, str]:
    """The defaults, overridden per group by NEWSDESK_OWNERS; a malformed entry is an error, not a silent default."""
    owners = dict(DEFAULT_OWNERS)
    for entry in filter(None, (part.strip() for part in (raw or "").split(","))):
        group, sep, owner = entry.partition("=")
        if not sep or not group.strip() or not owner.strip():
            raise dg.DagsterInvalidConfigError(f"NEWSDESK_OWNERS entry {entry!r} is not group=owner", [], None)
        owners[group.strip()] = owner.strip()
    return owners


def owned(spec: dg.AssetSpec) -> dg.AssetSpec:
    """The group's owner, and for SQL models their layer (stg/int/mart from the file name) as a tag."""
    owner = configured_owners(os.environ.get("NEWSDESK_OWNERS")).get(spec.group_name or "")
    layer = spec.key.path[-1].split("_", 1)[0]
    tags = {"layer": layer} if spec.group_name == "models" and layer in LAYERS else {}
    return spec.replace_attributes(owners=[owner] if owner else [], tags={**spec.tags, **tags})
