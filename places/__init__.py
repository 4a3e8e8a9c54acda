"""Places as a hierarchy: China's administrative divisions (county level and up) from a
maintained dataset, written as facts that cite the dataset and its version (places/generate.py),
with English names by rule and a checked exceptions table (places/english.py), and the
place filter of /hospitals through the name resolver (places/filter.py)."""
