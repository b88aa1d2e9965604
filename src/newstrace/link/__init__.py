"""The link stage: across articles — near-duplicates, entities, stories, claim groups, citations, timeline."""
