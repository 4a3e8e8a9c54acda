"""Curation studio: add an article, draft proposals offline, review and save curated facts.

articles   adding an article (normalise, hash, near-duplicates, next id, skeleton fact file)
text       normalisation, content hash, character shingles
factfiles  stable YAML writing (key order, atomic rename) and the file hash If-Match uses
tokens     curators' tokens file (name -> token hash), constant-time check
review     saving a curated fact file: lock, If-Match, atomic write, validate, incremental load
propose/   the extractor interface, the rule extractor (templates + lexicon), proposals files
"""
