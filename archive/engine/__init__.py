"""The only package that knows Whoosh: schema, analysis, codec, storage, postings, segments, ranking, plans."""
