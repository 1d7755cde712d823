"""Quality: gold-set evaluation, event scoring, text metrics and gates."""
