"""web: a ledger snapshot → HTML pages and a JSON API (`newsledger serve`), read-only and offline.

app.py builds the FastAPI app; snapshot.py keeps the private read-only copy it reads; data.py gathers what
each page shows (its JSON twin returns the same); pages.py and api.py are the thin handlers; render.py
escapes article text and marks spans in it. Queries live in store/queries.py and store/search.py.
"""
