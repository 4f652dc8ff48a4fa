"""File -> text -> Article: reading, header fields, and one module per extraction rule."""
