"""Corpus-level analysis: syndicated copies, one event reported by many articles, control of places.

- :mod:`dateline.corpus.dedup`: near-duplicate (syndication) clusters by MinHash LSH;
- :mod:`dateline.corpus.merge`: events of different articles describing one real event merged;
- :mod:`dateline.corpus.clusters`: document clustering by topic and story (TF-IDF + specifics);
- :mod:`dateline.corpus.control`: who held a place when, from territory events;
- :mod:`dateline.corpus.tables`: the DuckDB tables holding all of the above.
"""
