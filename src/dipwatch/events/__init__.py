"""Event extraction: actors, triggers, dates, places and amounts from article text.

Coders are chosen by name through the registry (`get_coder`, `available_coders`,
`register_coder`); the built-in rule coder is "rules". Importing this package loads no model.
"""

from dipwatch.events.coders import EventCoder, available_coders, get_coder, register_coder

__all__ = ["EventCoder", "available_coders", "get_coder", "register_coder"]
