"""The Gradio study UI (not built yet: see the UI issue). Nothing here runs."""
