"""A searchable archive of Vietnamese news articles."""
