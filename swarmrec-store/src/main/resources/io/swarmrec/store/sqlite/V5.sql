-- item authors and texts: a feed never recommends users their own items and filters or caps by author; a
-- post's text is what a text embedding is computed from. Both optional (NULL), so existing rows stay valid.
ALTER TABLE items ADD COLUMN author TEXT;
ALTER TABLE items ADD COLUMN body TEXT;
