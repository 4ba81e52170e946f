"""Ingest: parse card decks, clean and chunk them, embed them into Chroma, incrementally."""
