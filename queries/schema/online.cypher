// Names of the indexes and constraints (a constraint's backing index has its name) that are online: a load skips the schema statements when every one of them is.
SHOW INDEXES YIELD name, state
WHERE state = 'ONLINE'
RETURN name
