"""What tocmap talks to: the database (rows, store, migrations) and the file formats it reads and writes."""
