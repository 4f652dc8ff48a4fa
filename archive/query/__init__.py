"""Query syntax, the search pipeline, snippets and suggestions."""
