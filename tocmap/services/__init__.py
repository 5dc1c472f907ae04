"""Use cases: each authorizes its caller and works through a unit of work on the store."""
