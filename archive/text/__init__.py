"""Vietnamese normalisation and abbreviations: plain functions, no engine."""
