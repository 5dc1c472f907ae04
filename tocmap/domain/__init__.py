"""The pure core of tocmap: models, changes, documents and analysis.

Nothing here imports Dash, Flask or SQLAlchemy (``tests/domain/test_purity.py`` checks it).
"""
