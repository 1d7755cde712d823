"""The user-facing side: command line, exports, run summaries, progress, dashboard."""
